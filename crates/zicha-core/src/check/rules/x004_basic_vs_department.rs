//! X004: 附件1's project spending agrees with 附件2's.

use rust_decimal::Decimal;

use crate::check::rules::{amount, filled, show};
use crate::check::{Context, Emit, finding, msg};
use crate::model::FundPartKind;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1 项目支出（业务工作经费、运行维护经费、专项资金各行之和，或项目支出行本身）的本年决算数，是否等于附件2
    /// “按支出性质分”的项目支出。
    /// ## 为什么重要
    /// 基础数据表和部门自评表描述的是同一年度的同一笔支出，两表不一致会直接影响对执行情况的判断。
    /// ## 示例
    /// 附件1 专项资金决算 47，附件2 项目支出 40。
    /// ## 依据
    /// 部门决算口径（实践）。
    /// ## 如何修改
    /// 以部门决算为准，改正其中一张表。
    pub static RULE = {
        code: "X004",
        name: "基础数据表与部门自评表不符",
        name_en: "basic data disagrees with the department form",
        severity: Warning,
        help: "以部门决算为准，改正附件1 或附件2。",
        help_en: "Take the final accounts as the reference and correct 附件1 or 附件2.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let (Some(basic), Some(department)) = (&cx.filing.basic_data, &cx.filing.department) else { return };
    let Some(part) = department.funds.as_ref().and_then(|f| f.by_expense.iter().find(|p| p.kind == FundPartKind::ProjectExpenditure)) else {
        return;
    };
    let Some(stated) = amount(&part.amount) else { return };
    let lines = [&basic.operational_work, &basic.operation_maintenance, &basic.special_funds];
    let basic_total = match &basic.project_spending {
        Some(line) if filled(&line.final_account) => amount(&line.final_account),
        _ if lines.iter().any(|l| l.as_ref().is_some_and(|l| filled(&l.final_account))) => {
            Some(lines.iter().flat_map(|l| l.as_ref()).filter_map(|l| amount(&l.final_account)).sum::<Decimal>())
        }
        _ => None,
    };
    let Some(basic_total) = basic_total else { return };
    if basic_total == stated {
        return;
    }
    out.push(
        finding(msg(
            format!("附件1 项目支出决算 {}，附件2 项目支出 {}", show(basic_total), show(stated)),
            format!("附件1 project spending {} vs 附件2 {}", show(basic_total), show(stated)),
        ))
        .at_all(part.amount.as_ref().map(|c| &c.at))
        .at_all(basic.special_funds.as_ref().and_then(|l| l.final_account.as_ref()).map(|c| &c.at))
        .found(show(basic_total))
        .expected(show(stated)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("3、县级专项资金(一个专项一行) | 30 | 20 | 20", "3、县级专项资金(一个专项一行) | 30 | 20 | 22").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
