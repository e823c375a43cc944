//! A002: in 附件2, 年度资金总额 = the income parts = 基本支出 + 项目支出.

use rust_decimal::Decimal;

use crate::check::rules::{amount, amount_or_zero, filled, show, sum_gap};
use crate::check::{Context, Emit, Severity, finding, msg};
use crate::model::FundPart;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件2 资金情况下的两个分解：按收入性质（一般公共预算、政府性基金、纳入专户管理的非税收入、其他资金）之和，
    /// 以及按支出性质（基本支出 + 项目支出）之和，是否都等于年度资金总额（全年预算数或全年执行数）。
    /// ## 为什么重要
    /// 两种分解说的是同一笔钱；任何一种对不上，总额或分解就有错，报告中引用的基本支出、项目支出也会跟着错。
    /// ## 示例
    /// 年度资金总额 195.66，按支出性质分：基本支出 148.66，项目支出 40（应为 47）。
    /// ## 依据
    /// 部门整体支出绩效自评表资金栏；部门决算口径。
    /// ## 如何修改
    /// 与部门决算核对，改正总额或分项金额。
    pub static RULE = {
        code: "A002",
        name: "收支分解与总额不符",
        name_en: "income or expense breakdown does not add up",
        severity: Error,
        help: "与部门决算核对，改正年度资金总额或分项金额。",
        help_en: "Check against the final accounts and correct the total or the parts.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(form) = &cx.filing.department else { return };
    let Some(funds) = &form.funds else { return };
    let Some(total) = &funds.total else { return };
    let candidates: Vec<Decimal> = [amount(&total.full_year_budget), amount(&total.executed)].into_iter().flatten().collect();
    let Some(&shown) = candidates.first() else { return };
    for (label, parts) in [("按收入性质分", &funds.by_income), ("按支出性质分", &funds.by_expense)] {
        let amounts: Vec<&FundPart> = parts.iter().filter(|p| filled(&p.amount)).collect();
        if amounts.is_empty() {
            continue;
        }
        let Some(sum) = parts.iter().map(|p| amount_or_zero(&p.amount)).sum::<Option<Decimal>>() else { continue };
        // The breakdown may be of the budget or of the execution: either agreeing is enough.
        let gaps: Vec<Option<Severity>> = candidates.iter().map(|t| sum_gap(*t, sum, parts.len())).collect();
        if gaps.contains(&None) {
            continue;
        }
        let severity = if gaps.contains(&Some(Severity::Warning)) { Severity::Warning } else { Severity::Error };
        out.push(
            finding(msg(
                format!("附件2 {label}各项之和为 {}，年度资金总额为 {}", show(sum), show(shown)),
                format!("附件2: the parts {label} add up to {}, the total is {}", show(sum), show(shown)),
            ))
            .at_all(amounts.iter().filter_map(|p| p.amount.as_ref().map(|a| &a.at)))
            .at_all(total.full_year_budget.as_ref().map(|c| &c.at))
            .found(show(sum))
            .expected(show(shown))
            .severity(severity),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("项目支出:20", "项目支出:27").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("127"), Some("120")));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
