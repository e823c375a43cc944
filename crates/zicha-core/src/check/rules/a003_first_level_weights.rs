//! A003: the weights of the indicators under a first level add up to the `(N分)` of its label.

use rust_decimal::Decimal;

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 每个一级指标下各三级指标的“分值”之和，是否等于一级指标名称中写明的分值（如“产出指标(30分)”）。
    /// ## 为什么重要
    /// 一级指标的分值是方案规定的权重；三级指标分值之和不等于它，说明权重分配有误，总分也会随之偏差。
    /// ## 示例
    /// “产出指标(30分)”下三条指标分值为 10、10、5，合计 25。
    /// ## 依据
    /// 财预〔2020〕10号：一级指标权重统一设置，二、三级指标权重由单位细化。
    /// ## 如何修改
    /// 调整三级指标分值，使之合计等于一级指标分值。
    pub static RULE = {
        code: "A003",
        name: "一级指标分值与三级指标合计不符",
        name_en: "weights under a first level do not add up",
        severity: Error,
        help: "调整三级指标分值，使之合计等于一级指标分值。",
        help_en: "Adjust the third-level weights so they add up to the first-level weight.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for (index, level) in form.first_levels.iter().enumerate() {
            let Some(declared) = amount(&level.weight) else { continue };
            let under: Vec<_> = form.indicators.iter().filter(|i| i.first_level == Some(index)).collect();
            if under.is_empty() {
                continue; // S005
            }
            // Weights written only in the level labels (no 分值 column, no `(5分)` in the indicators' names):
            // nothing to add up.
            if under.iter().all(|i| amount(&i.weight).is_none()) {
                continue;
            }
            let sum: Decimal = under.iter().filter_map(|i| amount(&i.weight)).sum();
            if sum != declared {
                out.push(
                    finding(msg(
                        format!("{form_name}“{}”标明 {} 分，其下三级指标分值合计 {} 分", level.name, show(declared), show(sum)),
                        format!("{form_name}: {} says {} points, its indicators add up to {}", level.name, show(declared), show(sum)),
                    ))
                    .at(&level.label.at)
                    .at_all(under.iter().filter_map(|i| i.weight.as_ref().map(|w| &w.at)))
                    .found(show(sum))
                    .expected(show(declared)),
                );
            }
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
        let filing = Parts::correct().edit("培训合格率 | ≥95% | 98% | 10 | 10", "培训合格率 | ≥95% | 98% | 5 | 5").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("25"), Some("30")));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
