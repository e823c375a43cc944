//! E005: a 决算 figure of 附件1 above its 预算 figure.

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1 经费控制情况中，本年决算数大于本年预算数的行（“三公”经费、项目、公用经费、政府采购等）。
    /// ## 为什么重要
    /// 决算超预算需要有预算调整或追加的依据；报告应说明原因，“三公”经费超预算尤其敏感。
    /// ## 示例
    /// 政府采购金额预算 58.31，决算 97.8。
    /// ## 依据
    /// 《预算法》第十三条：经人民代表大会批准的预算，非经法定程序，不得调整。
    /// ## 如何修改
    /// 核对决算数；确属追加或调整的，在报告中说明依据。
    pub static RULE = {
        code: "E005",
        name: "决算数大于预算数",
        name_en: "final account over budget",
        severity: Info,
        help: "核对决算数；确属追加或调整的，在报告中说明依据。",
        help_en: "Check the final figure; where the budget was added to, say on what basis in the report.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(basic) = &cx.filing.basic_data else { return };
    let lines = [&basic.three_public, &basic.vehicles, &basic.overseas_travel, &basic.official_reception]
        .into_iter()
        .chain([&basic.project_spending, &basic.special_funds, &basic.public_funds, &basic.procurement])
        .flatten()
        .chain(&basic.special_projects)
        .chain(&basic.public_funds_items);
    for line in lines {
        let (Some(budget), Some(final_account)) = (amount(&line.budget), amount(&line.final_account)) else { continue };
        if final_account > budget {
            let name = crate::text::one_line(&line.label.value);
            out.push(
                finding(msg(
                    format!("附件1“{name}”决算 {} 大于预算 {}", show(final_account), show(budget)),
                    format!("附件1: {name} final {} exceeds budget {}", show(final_account), show(budget)),
                ))
                .at_all(line.final_account.as_ref().map(|c| &c.at))
                .at_all(line.budget.as_ref().map(|c| &c.at))
                .found(show(final_account))
                .expected(format!("≤ {}", show(budget))),
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
        let filing = Parts::correct().edit("政府采购金额 | 5 | 6 | 6", "政府采购金额 | 5 | 6 | 9").filing();
        one(run(&RULE, &filing), Severity::Info);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
