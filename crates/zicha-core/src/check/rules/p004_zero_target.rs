//! P004: a zero target (accidents, complaints) missed but scored.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::score::{Method, quantities};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 目标为 0 的指标（安全事故、有效投诉等）：实际为 0 得满分，不为 0 得 0 分。实际不为 0 却仍得分（未得满分的情形；
    /// 满分由 P005 报告）为提示。
    /// ## 为什么重要
    /// “零目标”是底线指标，没有做到就不应得分。
    /// ## 示例
    /// 目标“=0 起”，实际“1 起”，分值 5，得分 3。
    /// ## 依据
    /// 财预〔2020〕10号附件填表说明（定量指标计分）。
    /// ## 如何修改
    /// 该指标计 0 分，并说明原因和整改措施。
    pub static RULE = {
        code: "P004",
        name: "零目标未达成仍得分",
        name_en: "zero target missed but scored",
        severity: Warning,
        help: "该指标计 0 分，并说明原因和整改措施。",
        help_en: "Score the indicator 0 and explain the cause and the remedy.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        for (indicator, row) in form.indicators.iter().zip(&card.rows) {
            if row.method != Method::ZeroTarget {
                continue;
            }
            let (Some(declared), Some(weight)) = (row.declared, row.weight) else { continue };
            let Some((_, actual)) = quantities(indicator) else { continue };
            if actual.value.is_zero() || declared <= Decimal::ZERO || declared == weight {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”目标为 0，实际为 {}，得分应为 0，填了 {}", show(actual.value), show(declared)),
                    format!("{form_name}: {name} missed its zero target ({}) yet scored {}", show(actual.value), show(declared)),
                ))
                .at(&row.at)
                .found(show(declared))
                .expected("0"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("覆盖乡镇数 | 10个 | 10个 | 30 | 30", "安全事故 | =0 | 1 | 30 | 20").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let kept = Parts::correct().edit("覆盖乡镇数 | 10个 | 10个 | 30 | 30", "安全事故 | =0 | 0 | 30 | 30").filing();
        assert!(run(&RULE, &kept).is_empty());
    }
}
