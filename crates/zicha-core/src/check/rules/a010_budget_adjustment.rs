//! A010: 附件1's 预算调整 and 附件2's 全年预算数 − 年初预算数 tell the same story.

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件2 全年预算数与年初预算数不同（年中调整过预算），附件1“部门基本支出预算调整”却为空或 0；或者反过来，附件1
    /// 填了调整而附件2 两个预算数相同。
    /// ## 为什么重要
    /// 预算调整是执行率和“决算数大于预算数”的主要原因；两张表说法不一，读者无从判断哪个是真的。
    /// ## 示例
    /// 附件2 年初预算 156.79、全年预算 195.66，附件1 预算调整一行空白。
    /// ## 依据
    /// 部门整体支出绩效评价基础数据表填表说明（实践）。
    /// ## 如何修改
    /// 在附件1 填写预算调整金额，或核对附件2 的年初与全年预算数。
    pub static RULE = {
        code: "A010",
        name: "预算调整前后说法不一",
        name_en: "budget adjustment inconsistent",
        severity: Warning,
        help: "在附件1 填写预算调整金额，或核对附件2 的年初与全年预算数。",
        help_en: "Fill in the budget adjustment in 附件1, or check 附件2's initial and full-year budgets.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let (Some(basic), Some(department)) = (&cx.filing.basic_data, &cx.filing.department) else { return };
    let Some(line) = &basic.budget_adjustment else { return };
    let Some(total) = department.funds.as_ref().and_then(|f| f.total.as_ref()) else { return };
    let (Some(initial), Some(full)) = (amount(&total.initial_budget), amount(&total.full_year_budget)) else { return };
    let adjusted_in_2 = initial != full;
    let adjusted_in_1 = [&line.budget, &line.final_account].iter().any(|c| amount(c).is_some_and(|d| !d.is_zero()));
    if adjusted_in_1 == adjusted_in_2 {
        return;
    }
    let (zh, en) = if adjusted_in_2 {
        (
            format!("附件2 预算由年初 {} 调整为全年 {}，附件1 预算调整一行却为空或 0", show(initial), show(full)),
            format!("附件2 budget changed from {} to {}, but 附件1 shows no adjustment", show(initial), show(full)),
        )
    } else {
        (
            format!("附件1 填有预算调整，附件2 年初与全年预算数却都是 {}", show(full)),
            format!("附件1 shows an adjustment, but 附件2's budgets are both {}", show(full)),
        )
    };
    out.push(
        finding(msg(zh, en))
            .at(&line.label.at)
            .at_all(total.full_year_budget.as_ref().map(|c| &c.at)),
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
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120", "^ | 年度资金总额 | 110 | 120 | 120").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let both = Parts::correct()
            .edit("^ | 年度资金总额 | 120 | 120 | 120", "^ | 年度资金总额 | 110 | 120 | 120")
            .edit("部门基本支出预算调整 | | 0 | 0", "部门基本支出预算调整 | | 90 | 100")
            .filing();
        assert!(run(&RULE, &both).is_empty());
    }
}
