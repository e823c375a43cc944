//! E004: execution below the threshold and no reason given anywhere.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::score::execution_rate;
use crate::text::{Has, normalize};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 执行率低于方案的门槛（默认 100%）时，偏差原因栏或自评报告中是否说明了执行偏差的原因（提到“执行”并有
    /// “原因”“由于”“因”等说明）。
    /// ## 为什么重要
    /// 资金没有花完，需要说明是节约、进度滞后还是其他原因；没有说明的偏差会被要求补充。
    /// ## 示例
    /// 执行率 85%，偏差原因栏全部空白，报告也没有解释。
    /// ## 依据
    /// 财预〔2020〕10号：对未完成绩效目标或偏离绩效目标较大的，应分析说明原因并提出改进措施。
    /// ## 如何修改
    /// 在偏差原因栏或报告中说明执行率偏低的原因和改进措施。
    pub static RULE = {
        code: "E004",
        name: "执行偏差未说明原因",
        name_en: "execution shortfall unexplained",
        severity: Warning,
        help: "在偏差原因栏或报告中说明执行率偏低的原因和改进措施。",
        help_en: "Explain the low execution rate, and what will be done, in the deviation column or the report.",
        check: check,
    };
}

/// Text that explains an execution gap: speaks of execution (or carry-over, savings) and of a reason.
fn explains(text: &str) -> bool {
    let norm = normalize(text);
    let about = ["执行", "结转", "结余", "节约", "未支付", "未拨付", "进度"].iter().any(|w| norm.has(w));
    let reason = ["原因", "由于", "因", "导致"].iter().any(|w| norm.has(w));
    about && reason
}

fn check(cx: &Context, out: &mut Emit) {
    let report_texts = cx.filing.department_report.iter().chain(&cx.filing.project_reports).flat_map(|r| {
        r.preamble.iter().chain(r.sections.iter().flat_map(|s| std::iter::once(&s.heading).chain(&s.paragraphs)))
    });
    let explained_in_reports = report_texts.into_iter().any(|t| explains(&t.value));
    for (form_name, form) in cx.evaluations() {
        let Some(rate) = execution_rate(form) else { continue };
        if rate >= cx.profile.execution_threshold {
            continue;
        }
        let explained_in_table = form.indicators.iter().filter_map(|i| i.deviation.as_ref()).any(|d| explains(&d.value));
        if explained_in_table || explained_in_reports {
            continue;
        }
        let total = form.funds.as_ref().and_then(|f| f.total.as_ref()).expect("a rate has a total");
        // The rate as the filer wrote it, where the form states one and it is the rate; a rate stated wrongly
        // (100% for 80.45%, E001's) is shown beside the rate.
        let computed = format!("{}%", show(rate.round_dp(2)));
        let (zh, en) = match total.rate.as_ref().map(|r| &r.value).filter(|r| !r.text.trim().is_empty()) {
            // Within one unit of its last decimal: the same rate, rounded another way (86.19% for 86.185%).
            Some(stated) if stated.percent.is_some_and(|p| (p - rate).abs() <= Decimal::new(1, stated.decimals)) => {
                (stated.text.trim().to_string(), stated.text.trim().to_string())
            }
            Some(stated) => (
                format!("{computed}（表中为 {}）", stated.text.trim()),
                format!("{computed} (the table says {})", stated.text.trim()),
            ),
            None => (computed.clone(), computed),
        };
        out.push(
            finding(msg(
                format!("{form_name}执行率 {zh}，低于 {}%，偏差原因和报告中都没有说明原因", show(cx.profile.execution_threshold)),
                format!("{form_name}: execution at {en} is not explained"),
            ))
            .at_all(total.rate.as_ref().map(|c| &c.at).or(total.executed.as_ref().map(|c| &c.at))),
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
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 102 | 10 | 85% | 8.5").filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert!(found.message.zh.contains("执行率 85%，"), "{}", found.message.zh);
        // A rate stated wrongly (Lingling's 100% for 3824.26 ÷ 4753.66, fixtures/real/): the rate, and what the
        // table says beside it, not "100%, below 100%".
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 102 | 10 | 100% | 10").filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert!(found.message.zh.contains("执行率 85%（表中为 100%）"), "{}", found.message.zh);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let explained = Parts::correct()
            .edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 102 | 10 | 85% | 8.5")
            .edit("暂无。", "执行率偏低的原因是部分培训费用年底尚未支付，已结转下年。")
            .filing();
        assert!(run(&RULE, &explained).is_empty());
    }
}
