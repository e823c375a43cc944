//! Q004: an economic-cost indicator whose amount disagrees with what the table says was spent.

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};
use crate::measure::Value;
use crate::text::Has;
use rust_decimal::Decimal;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 经济成本指标的实际完成值以万元（或元）填写时，是否与同一张表的全年执行数一致。
    /// ## 为什么重要
    /// 成本指标说的就是花了多少钱；与执行数不一致，说明其中一个数字是错的。
    /// ## 示例
    /// 全年执行数 28 万元，成本指标实际完成值“30万元”。
    /// ## 依据
    /// 财预〔2020〕10号附件：成本指标反映实际支出。
    /// ## 如何修改
    /// 与全年执行数核对，改正成本指标的实际完成值。
    pub static RULE = {
        code: "Q004",
        name: "成本指标与执行数不符",
        name_en: "cost indicator disagrees with spending",
        severity: Warning,
        help: "与全年执行数核对，改正成本指标的实际完成值。",
        help_en: "Check against the spending and correct the cost indicator's actual value.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(total) = form.funds.as_ref().and_then(|f| f.total.as_ref()) else { continue };
        let Some(executed) = amount(&total.executed) else { continue };
        for indicator in &form.indicators {
            let is_cost = indicator.second_level.as_ref().is_some_and(|s| s.value.has("经济成本"));
            let Some(actual) = indicator.actual.as_ref().filter(|_| is_cost) else { continue };
            let Some(Value::Quantity(measure)) = &indicator.measures.actual else { continue };
            let value = match measure.unit {
                "万元" | "万" => measure.value,
                "元" => measure.value / Decimal::from(10_000),
                _ => continue,
            };
            if value != executed {
                out.push(
                    finding(msg(
                        format!("{form_name}经济成本指标实际完成值 {}，全年执行数为 {} 万元", actual.value.trim(), show(executed)),
                        format!("{form_name}: cost indicator says {}, spending was {} (万元)", actual.value.trim(), show(executed)),
                    ))
                    .at(&actual.at)
                    .at_all(total.executed.as_ref().map(|c| &c.at))
                    .found(show(value))
                    .expected(show(executed)),
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
        let filing = Parts::correct().edit("项目成本 | 控制在12万元内 | 12万元", "项目成本 | 控制在12万元内 | 11万元").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
