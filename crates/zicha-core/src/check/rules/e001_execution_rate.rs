//! E001: 执行率 = 全年执行数 / 全年预算数.

use crate::check::rules::{amount, rate_agrees, show};
use crate::check::{Context, Emit, finding, msg};
use crate::score::execution_rate;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 资金情况中填写的执行率，是否等于全年执行数除以全年预算数（按填写的小数位数比较）；全年预算数为 0 却填了执行率，
    /// 也是错误。
    /// ## 为什么重要
    /// 执行率决定执行率得分（通常 10 分），也是审核最先看的数字。
    /// ## 示例
    /// 全年预算数 195.66、全年执行数 180，执行率却填 100%（应为 92.00%）。
    /// ## 依据
    /// 财预〔2020〕10号附件《项目支出绩效自评表》：执行率 = 执行数(B) / 预算数(A)。
    /// ## 如何修改
    /// 按全年执行数 ÷ 全年预算数重新计算执行率。
    pub static RULE = {
        code: "E001",
        name: "执行率计算有误",
        name_en: "execution rate wrong",
        severity: Error,
        help: "按全年执行数 ÷ 全年预算数重新计算执行率。",
        help_en: "Recompute the rate as spending ÷ full-year budget.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(funds) = form.funds.as_ref() else { continue };
        // The total row, then each funding source that states a rate of its own.
        for (index, row) in funds.total.iter().chain(&funds.sources).enumerate() {
            let Some(rate) = &row.rate else { continue };
            let Some(stated) = rate.value.percent else { continue };
            let computed = if index == 0 {
                execution_rate(form)
            } else {
                match (amount(&row.executed), amount(&row.full_year_budget)) {
                    (Some(executed), Some(budget)) if !budget.is_zero() => {
                        Some(executed / budget * rust_decimal::Decimal::ONE_HUNDRED)
                    }
                    _ => None,
                }
            };
            let label = crate::text::one_line(&row.label.value);
            let which = if label.is_empty() { String::new() } else { format!("“{label}”") };
            let (executed, budget) = (amount(&row.executed), amount(&row.full_year_budget));
            match computed {
                Some(computed) if !rate_agrees(stated, rate.value.decimals, computed) => {
                    let expected = format!("{}%", show(computed.round_dp(rate.value.decimals.max(2))));
                    let (executed, budget) = (executed.map(show).unwrap_or_default(), budget.map(show).unwrap_or_default());
                    out.push(
                        finding(msg(
                            format!(
                                "{form_name}{which}执行率填 {}，全年执行数 {executed} ÷ 全年预算数 {budget} 应为 {expected}",
                                rate.value.text.trim()
                            ),
                            format!(
                                "{form_name}: execution rate {} should be {executed} / {budget} = {expected}",
                                rate.value.text.trim()
                            ),
                        ))
                        .at(&rate.at)
                        .at_all(row.executed.as_ref().map(|c| &c.at))
                        .at_all(row.full_year_budget.as_ref().map(|c| &c.at))
                        .found(rate.value.text.trim())
                        .expected(expected),
                    );
                }
                // A zero budget with a rate: always on the total; on a source only where the rate is not 0 either.
                None if budget.is_some_and(|b| b.is_zero()) && (index == 0 || !stated.is_zero()) => out.push(
                    finding(msg(
                        format!("{form_name}{which}全年预算数为 0，执行率却填了 {}", rate.value.text.trim()),
                        format!("{form_name}: the budget is 0 but the rate says {}", rate.value.text.trim()),
                    ))
                    .at(&rate.at)
                    .found(rate.value.text.trim()),
                ),
                _ => {}
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
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 108 | 10 | 100% | 10").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!(found.expected.as_deref(), Some("90%"));
    }

    /// A funding source that states its own rate (Inner Mongolia's 其他资金 1.8 of 1.8 at `0`).
    #[test]
    fn fires_on_a_source_row() {
        let project = crate::check::testing::project("甲项目", "20")
            .replace("^ | 其他资金 | | | | | |", "^ | 其他资金 | 1.8 | 1.8 | 1.8 | | 0 |");
        let mut parts = Parts::correct();
        parts.projects = vec![project];
        let found = one(run(&RULE, &parts.filing()), Severity::Error);
        assert!(found.message.zh.contains("1.8 ÷ 全年预算数 1.8"), "{}", found.message.zh);
        assert_eq!(found.expected.as_deref(), Some("100%"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
