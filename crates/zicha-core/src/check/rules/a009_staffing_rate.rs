//! A009: 控制率 = 实际在职人数 / 编制数; above 100% is 超编.

use rust_decimal::Decimal;

use crate::check::rules::{amount, rate_agrees, show};
use crate::check::{Context, Emit, Severity, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 附件1“财政供养人员情况”中，控制率是否等于实际在职人数除以编制数（按填写的小数位数比较）；控制率超过 100%
    /// （超编）为提示。
    /// ## 为什么重要
    /// 在职人员控制率是部门整体支出绩效的基础指标；算错或超编都会被审核指出。
    /// ## 示例
    /// 编制 12 人、在职 11 人，控制率应为 91.67%。
    /// ## 依据
    /// 财预〔2013〕53号《预算绩效评价共性指标体系框架》：在职人员控制率 = 在职人员数 / 编制数 × 100%。
    /// ## 如何修改
    /// 按在职人数和编制数重新计算控制率；超编的，在报告中说明原因。
    pub static RULE = {
        code: "A009",
        name: "人员控制率有误",
        name_en: "staffing control rate wrong",
        severity: Error,
        help: "按在职人数 ÷ 编制数重新计算控制率；超编的，在报告中说明原因。",
        help_en: "Recompute the rate as staff in post ÷ authorised posts; explain any overstaffing.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let Some(staffing) = cx.filing.basic_data.as_ref().and_then(|b| b.staffing.as_ref()) else { return };
    let (Some(authorized), Some(actual)) = (amount(&staffing.authorized), amount(&staffing.actual)) else { return };
    if authorized.is_zero() {
        return;
    }
    let computed = actual / authorized * Decimal::ONE_HUNDRED;
    if let Some(rate) = &staffing.control_rate
        && let Some(stated) = rate.value.percent
        && !rate_agrees(stated, rate.value.decimals, computed)
    {
        let expected = format!("{}%", show(computed.round_dp(rate.value.decimals.max(2))));
        out.push(
            finding(msg(
                format!("控制率填 {}，在职 {} 人 ÷ 编制 {} 人应为 {expected}", rate.value.text.trim(), show(actual), show(authorized)),
                format!("control rate {} should be {expected} ({} / {})", rate.value.text.trim(), show(actual), show(authorized)),
            ))
            .at(&rate.at)
            .found(rate.value.text.trim())
            .expected(expected),
        );
    }
    if actual > authorized {
        let at = staffing.actual.as_ref().map(|c| &c.at);
        out.push(
            finding(msg(format!("在职 {} 人超过编制 {} 人（超编）", show(actual), show(authorized)), format!("{} staff exceed the {} posts", show(actual), show(authorized))))
                .at_all(at)
                .severity(Severity::Warning),
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
        let filing = Parts::correct().edit("^ | 12 | 11 | 91.67%", "^ | 12 | 11 | 91.66%").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!(found.expected.as_deref(), Some("91.67%"));
        let filing = Parts::correct().edit("^ | 12 | 11 | 91.67%", "^ | 12 | 13 | 108.33%").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
