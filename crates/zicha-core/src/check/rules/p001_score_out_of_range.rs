//! P001: a score below 0 or above its weight.

use rust_decimal::Decimal;

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 每条三级指标的得分是否在 0 与分值之间。
    /// ## 为什么重要
    /// 自评不设加分，得分超过分值说明填错行或多给了分；负分同样不允许。
    /// ## 示例
    /// 分值 5，得分 10。
    /// ## 依据
    /// 财预〔2020〕10号：各项指标得分不超过该指标分值。
    /// ## 如何修改
    /// 改正得分，使其不超过分值。
    pub static RULE = {
        code: "P001",
        name: "得分超出分值范围",
        name_en: "score out of range",
        severity: Error,
        help: "改正得分，使其在 0 与分值之间。",
        help_en: "Correct the score so it lies between 0 and the weight.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let (Some(score), Some(weight)) = (amount(&indicator.score), amount(&indicator.weight)) else { continue };
            if score >= Decimal::ZERO && score <= weight {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”得分 {}，不在 0 到分值 {} 之间", show(score), show(weight)),
                    format!("{form_name}: {name} scored {}, outside 0 – {}", show(score), show(weight)),
                ))
                .at_all(indicator.score.as_ref().map(|c| &c.at))
                .found(show(score))
                .expected(format!("0 – {}", show(weight))),
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
        let filing = Parts::correct().edit("培训合格率 | ≥95% | 98% | 10 | 10", "培训合格率 | ≥95% | 98% | 10 | 12").filing();
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
