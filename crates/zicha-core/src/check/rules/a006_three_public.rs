//! A006: "三公"经费 = 公务用车 + 出国 + 公务接待, and 公务用车 = 购置 + 运行维护, per column.

use crate::check::rules::spending_sum;
use crate::check::{Context, Emit};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1 中，“三公”经费是否等于公务用车购置和维护经费、出国经费、公务接待费之和；公务用车购置和维护经费是否等于
    /// 公车购置与公车运行维护之和。三列（上年决算、本年预算、本年决算）分别核对。
    /// ## 为什么重要
    /// “三公”经费是公开和审计的重点；合计与明细不符会被直接指出。
    /// ## 示例
    /// “三公”经费决算 4，公务接待 4.1，其他为 0。
    /// ## 依据
    /// 部门决算“三公”经费口径；中央八项规定有关“三公”经费公开的要求。
    /// ## 如何修改
    /// 与部门决算“三公”经费表核对，改正合计或明细。
    pub static RULE = {
        code: "A006",
        name: "“三公”经费合计与明细不符",
        name_en: "三公 parts do not add up",
        severity: Error,
        help: "与部门决算“三公”经费表核对，改正合计或明细。",
        help_en: "Check against the final accounts' 三公 table and correct the total or its parts.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(basic) = &cx.filing.basic_data else { return };
    if let (Some(total), Some(vehicles), Some(overseas), Some(reception)) =
        (&basic.three_public, &basic.vehicles, &basic.overseas_travel, &basic.official_reception)
    {
        spending_sum(out, total, &[vehicles, overseas, reception]);
    }
    if let (Some(vehicles), Some(purchase), Some(operation)) = (&basic.vehicles, &basic.vehicle_purchase, &basic.vehicle_operation) {
        spending_sum(out, vehicles, &[purchase, operation]);
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
        let filing = Parts::correct().edit("3、公务接待 | 4 | 4.1 | 4", "3、公务接待 | 4 | 4.1 | 4.5").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("4"), Some("4.5")));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
