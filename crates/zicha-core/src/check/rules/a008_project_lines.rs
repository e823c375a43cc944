//! A008: the special project rows of 附件1 add up to their subtotal.

use crate::check::rules::spending_sum;
use crate::check::{Context, Emit};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1“县级专项资金（一个专项一行）”的小计，是否等于其下各专项行之和，三列分别核对。
    /// ## 为什么重要
    /// 专项小计是项目支出的主体，也是附件2 项目支出和附件3 各表的对照基础。
    /// ## 示例
    /// 专项资金决算 47，各专项 28 + 9 + 10 = 47（正确）；若某行改为 8，则不符。
    /// ## 依据
    /// 部门整体支出绩效评价基础数据表填表说明。
    /// ## 如何修改
    /// 核对各专项金额，使小计等于各行之和。
    pub static RULE = {
        code: "A008",
        name: "专项资金小计与各专项之和不符",
        name_en: "project lines do not add up",
        severity: Error,
        help: "核对各专项金额，使小计等于各行之和。",
        help_en: "Check each special project so the subtotal equals the sum of its rows.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(basic) = &cx.filing.basic_data else { return };
    let Some(subtotal) = &basic.special_funds else { return };
    if basic.special_projects.is_empty() {
        return;
    }
    let parts: Vec<_> = basic.special_projects.iter().collect();
    spending_sum(out, subtotal, &parts);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("乙项目 | 10 | 8 | 8", "乙项目 | 10 | 8 | 7").filing();
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
