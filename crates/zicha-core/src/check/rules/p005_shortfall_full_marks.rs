//! P005: a quantitative indicator short of its target with full marks.

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::measure::Direction;
use crate::score::quantities;

crate::declare_rule! {
    /// ## 检查内容
    /// 定量指标没有达到年度指标值（≥ 目标未达到、≤ 目标超标、零目标不为零），却得了满分。
    /// ## 为什么重要
    /// 这是“自评分虚高”最典型的情形：指标没完成，分数却是满的；审核和再评价都会首先抽查。
    /// ## 示例
    /// 目标“≥95%”，实际“90%”，分值 10，得分 10。
    /// ## 依据
    /// 财预〔2020〕10号附件：“未完成指标值的，按照完成值与指标值的比例记分”。
    /// ## 如何修改
    /// 按完成比例扣分，并在偏差原因中说明未完成的原因和改进措施。
    pub static RULE = {
        code: "P005",
        name: "未达标仍得满分",
        name_en: "shortfall scored full",
        severity: Error,
        help: "按完成比例扣分，并说明未完成的原因和改进措施。",
        help_en: "Deduct in proportion to what was achieved, and explain the shortfall and the remedy.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        for (indicator, row) in form.indicators.iter().zip(&card.rows) {
            let (Some(declared), Some(weight)) = (row.declared, row.weight) else { continue };
            if declared != weight || weight.is_zero() {
                continue;
            }
            let Some((target, actual)) = quantities(indicator) else { continue };
            let (a, b) = (target.value, actual.value);
            let short = match target.direction {
                Direction::AtLeast => b < a,
                Direction::AtMost => b > a,
                Direction::Exactly => b != a,
            };
            if !short {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let (target_text, actual_text) = (
                indicator.target.as_ref().map_or("", |t| t.value.trim()),
                indicator.actual.as_ref().map_or("", |t| t.value.trim()),
            );
            let expected = row.recomputed.map(show).unwrap_or_default();
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”目标 {target_text}，实际 {actual_text}，未达标却得满分 {}", show(declared)),
                    format!("{form_name}: {name} missed its target ({target_text} vs {actual_text}) but scored full marks"),
                ))
                .at(&row.at)
                .at_all(indicator.actual.as_ref().map(|a| &a.at))
                .found(show(declared))
                .expected(expected),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run};

    #[test]
    fn fires() {
        let filing = Parts::correct().edit("学员满意度 | ≥90% | 95% | 10 | 10", "学员满意度 | ≥90% | 85% | 10 | 10").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Error).expected.as_deref(), Some("9.44"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
