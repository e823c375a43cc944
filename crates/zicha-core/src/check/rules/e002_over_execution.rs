//! E002: an execution rate above 100%.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::score::execution_rate;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 全年执行数是否超过全年预算数（执行率超过 100%）。
    /// ## 为什么重要
    /// 超预算执行通常是上年结转或其他资金已经花了，却没有计入全年预算数；也可能是执行数填错。
    /// ## 示例
    /// 全年预算数 40，全年执行数 47，执行率 117.5%。
    /// ## 依据
    /// 《预算法》：各级预算支出应当按照预算执行；财预〔2020〕10号执行率口径。
    /// ## 如何修改
    /// 把结转和其他资金计入全年预算数，或核对执行数；在偏差原因或报告中说明。
    pub static RULE = {
        code: "E002",
        name: "超预算执行",
        name_en: "over-execution",
        severity: Warning,
        help: "把上年结转和其他资金计入全年预算数，或核对执行数，并说明原因。",
        help_en: "Include carry-over and other funds in the full-year budget, or check the spending, and explain.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(rate) = execution_rate(form) else { continue };
        if rate <= Decimal::ONE_HUNDRED {
            continue;
        }
        let total = form.funds.as_ref().and_then(|f| f.total.as_ref()).expect("a rate has a total");
        out.push(
            finding(msg(
                format!("{form_name}全年执行数超过全年预算数：执行率 {}%，不应超过 100%", show(rate.round_dp(2))),
                format!("{form_name}: spending exceeds the budget (execution {}%, at most 100%)", show(rate.round_dp(2))),
            ))
            .at_all(total.executed.as_ref().map(|c| &c.at))
            .at_all(total.full_year_budget.as_ref().map(|c| &c.at))
            .found(format!("{}%", show(rate.round_dp(2))))
            .expected("≤ 100%"),
        );
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
        let filing = Parts::correct().edit("^ | 年度资金总额 | 12 | 12 | 12 | 10 | 100% | 10", "^ | 年度资金总额 | 12 | 12 | 15 | 10 | 125% | 10").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
