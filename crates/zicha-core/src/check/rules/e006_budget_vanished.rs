//! E006: 年初预算数 > 0 and 全年预算数 0 or blank.

use crate::check::rules::{amount, show};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 年初预算数大于 0，全年预算数却为 0 或空白。
    /// ## 为什么重要
    /// 预算不会凭空消失：要么全年预算数漏填，要么预算被全部调减却没有说明；执行率也因此无法计算。
    /// ## 示例
    /// 年初预算数 21，全年预算数空白，全年执行数 28。
    /// ## 依据
    /// 财预〔2020〕10号附件《项目支出绩效自评表》资金栏填报要求。
    /// ## 如何修改
    /// 补填全年预算数（含调整）；确实全部调减的，说明原因。
    pub static RULE = {
        code: "E006",
        name: "全年预算数缺失",
        name_en: "budget vanished",
        severity: Warning,
        help: "补填全年预算数（含调整）；确实全部调减的，说明原因。",
        help_en: "Fill in the full-year budget (with adjustments); if it was cut to nothing, say why.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(total) = form.funds.as_ref().and_then(|f| f.total.as_ref()) else { continue };
        let Some(initial) = amount(&total.initial_budget).filter(|d| !d.is_zero()) else { continue };
        if amount(&total.full_year_budget).is_some_and(|d| !d.is_zero()) {
            continue;
        }
        out.push(
            finding(msg(
                format!("{form_name}年初预算数 {}，全年预算数却为 0 或空白", show(initial)),
                format!("{form_name}: initial budget {} but no full-year budget", show(initial)),
            ))
            .at_all(total.full_year_budget.as_ref().map(|c| &c.at))
            .at_all(total.initial_budget.as_ref().map(|c| &c.at)),
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
        let filing = Parts::correct().edit("^ | 年度资金总额 | 12 | 12 | 12", "^ | 年度资金总额 | 12 | | 12").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
