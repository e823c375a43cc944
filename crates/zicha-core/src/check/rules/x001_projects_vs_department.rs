//! X001: the project tables add up to 附件2's 项目支出.

use rust_decimal::Decimal;

use crate::check::rules::{amount, show, sum_gap};
use crate::check::{Context, Emit, finding, msg};
use crate::model::FundPartKind;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 各张附件3 的全年执行数之和，是否等于附件2“按支出性质分”中的项目支出。附件1 列出的专项都有附件3 时应当相等；
    /// 有专项缺表时，附件3 之和不应超过项目支出。
    /// ## 为什么重要
    /// 部门整体与项目自评说的是同一笔项目资金；对不上说明漏评了项目，或某张表的执行数有误。
    /// ## 示例
    /// 附件3 执行数 28 + 10 + 9 = 47，附件2 项目支出 47（一致）。
    /// ## 依据
    /// 财预〔2020〕10号：单位自评覆盖全部项目支出；部门整体支出与项目支出口径一致。
    /// ## 如何修改
    /// 补齐漏评项目的附件3，或改正执行数、项目支出金额。
    pub static RULE = {
        code: "X001",
        name: "项目自评表合计与部门项目支出不符",
        name_en: "projects do not add up to the department's",
        severity: Error,
        help: "补齐漏评项目的附件3，或改正执行数、项目支出金额。",
        help_en: "Add the missing 附件3 tables, or correct the spending or the project total.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(department) = &cx.filing.department else { return };
    let Some(part) = department.funds.as_ref().and_then(|f| f.by_expense.iter().find(|p| p.kind == FundPartKind::ProjectExpenditure)) else {
        return;
    };
    let Some(stated) = amount(&part.amount) else { return };
    if cx.filing.projects.is_empty() {
        return;
    }
    let executed: Vec<Decimal> = cx
        .filing
        .projects
        .iter()
        .filter_map(|p| p.funds.as_ref().and_then(|f| f.total.as_ref()).and_then(|t| amount(&t.executed)))
        .collect();
    if executed.len() != cx.filing.projects.len() {
        return;
    }
    let sum: Decimal = executed.iter().copied().sum();
    let complete = cx.filing.basic_data.as_ref().is_none_or(|b| cx.project_matches.len() >= b.special_projects.len());
    let severity = if complete { sum_gap(stated, sum, executed.len()) } else if sum > stated { Some(crate::check::Severity::Error) } else { None };
    let Some(severity) = severity else { return };
    let project_cells = cx.filing.projects.iter().filter_map(|p| p.funds.as_ref()?.total.as_ref()?.executed.as_ref().map(|c| &c.at));
    out.push(
        finding(msg(
            format!("附件3 全年执行数合计 {}，附件2 项目支出为 {}", show(sum), show(stated)),
            format!("the 附件3 tables spent {} in all, 附件2 says projects spent {}", show(sum), show(stated)),
        ))
        .at_all(part.amount.as_ref().map(|c| &c.at))
        .at_all(project_cells)
        .found(show(sum))
        .expected(show(stated))
        .severity(severity),
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
        let filing = Parts::correct().edit("项目支出:20", "项目支出:25").filing();
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
