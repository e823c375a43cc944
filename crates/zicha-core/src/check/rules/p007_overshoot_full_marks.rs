//! P007: a target beaten by far, full marks, and no word about it.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::measure::Direction;
use crate::score::quantities;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 定量指标的实际值超过目标很多（默认超过 20%，方案可设），得满分，偏差原因栏却没有任何说明。
    /// ## 为什么重要
    /// 大幅超额完成往往说明目标定得过低；10号文要求对此类指标适当扣分或说明。
    /// ## 示例
    /// 目标“≥100 人次”，实际“300 人次”，满分，偏差原因空白。
    /// ## 依据
    /// 财预〔2020〕10号：“超额完成目标较多的……应分析原因，目标设置偏低的应酌情扣分”。
    /// ## 如何修改
    /// 说明超额完成的原因；若目标设置偏低，酌情扣分并在下年度提高目标。
    pub static RULE = {
        code: "P007",
        name: "大幅超额完成却无说明",
        name_en: "large overshoot at full score",
        severity: Info,
        help: "说明超额完成的原因；目标设置偏低的，酌情扣分并在下年度提高目标。",
        help_en: "Explain the overshoot; where the target was set too low, deduct and raise it next year.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let factor = Decimal::ONE + cx.profile.overshoot / Decimal::ONE_HUNDRED;
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        for (indicator, row) in form.indicators.iter().zip(&card.rows) {
            let (Some(declared), Some(weight)) = (row.declared, row.weight) else { continue };
            if declared != weight {
                continue;
            }
            let Some((target, actual)) = quantities(indicator) else { continue };
            if target.direction != Direction::AtLeast || target.value.is_zero() || target.unit == "%" {
                continue;
            }
            if actual.value < target.value * factor {
                continue;
            }
            if indicator.deviation.as_ref().is_some_and(|d| !d.value.trim().is_empty()) {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let ratio = (actual.value / target.value * Decimal::ONE_HUNDRED).round_dp(0);
            out.push(
                finding(msg(
                    format!(
                        "{form_name}指标“{name}”目标 {}，实际 {}，为目标的 {}%，得满分且未说明",
                        indicator.target.as_ref().map_or("", |t| t.value.trim()),
                        indicator.actual.as_ref().map_or("", |t| t.value.trim()),
                        show(ratio)
                    ),
                    format!("{form_name}: {name} reached {}% of its target at full marks, unexplained", show(ratio)),
                ))
                .at_all(indicator.actual.as_ref().map(|a| &a.at))
                .at(&row.at),
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
        let filing = Parts::correct().edit("培训人次 | ≥1000人次 | 1100人次", "培训人次 | ≥1000人次 | 3000人次").filing();
        one(run(&RULE, &filing), Severity::Info);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
