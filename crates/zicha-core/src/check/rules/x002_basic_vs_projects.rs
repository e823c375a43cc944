//! X002: each special project of 附件1 has the amounts of its 附件3.

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};
use crate::profile::BudgetColumn;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1 每个专项的预算数、决算数，是否与配对的附件3 一致：预算数对年初预算数（或按方案对全年预算数），决算数对全年
    /// 执行数。
    /// ## 为什么重要
    /// 两张表由同一单位填写，金额不同必有一处错误，审核会要求说明。
    /// ## 示例
    /// 附件1 某专项决算 28 万元，附件3 全年执行数 26 万元。
    /// ## 依据
    /// 部门整体支出绩效评价基础数据表与项目支出绩效自评表的对应关系（实践）。
    /// ## 如何修改
    /// 与预算批复和决算核对，使两表一致。
    pub static RULE = {
        code: "X002",
        name: "基础数据表与项目自评表金额不符",
        name_en: "basic data disagrees with a project table",
        severity: Warning,
        help: "与预算批复和决算核对，使附件1 与附件3 一致。",
        help_en: "Check against the budget approval and the final accounts, and make 附件1 and 附件3 agree.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(basic) = &cx.filing.basic_data else { return };
    for m in cx.project_matches.iter() {
        let line = &basic.special_projects[m.line];
        let project = &cx.filing.projects[m.project];
        let Some(total) = project.funds.as_ref().and_then(|f| f.total.as_ref()) else { continue };
        let (budget_label, budget_cell) = match cx.profile.basic_data_budget_column {
            BudgetColumn::InitialBudget => ("年初预算数", &total.initial_budget),
            BudgetColumn::FullYearBudget => ("全年预算数", &total.full_year_budget),
        };
        let pairs = [("预算数", &line.budget, budget_label, budget_cell), ("决算数", &line.final_account, "全年执行数", &total.executed)];
        for (label, cell, their_label, their_cell) in pairs {
            let (Some(ours), Some(theirs)) = (amount(cell), amount(their_cell)) else { continue };
            if ours == theirs {
                continue;
            }
            let name = crate::text::one_line(&line.label.value);
            out.push(
                finding(msg(
                    format!("附件1 专项“{name}”{label} {}，附件3 {their_label} {}", show(ours), show(theirs)),
                    format!("附件1 {name} {label} {} vs 附件3 {their_label} {}", show(ours), show(theirs)),
                ))
                .at_all(cell.as_ref().map(|c| &c.at))
                .at_all(their_cell.as_ref().map(|c| &c.at))
                .found(show(ours))
                .expected(show(theirs)),
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
        let filing = Parts::correct().edit("甲项目 | 20 | 12 | 12", "甲项目 | 20 | 12 | 11").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
