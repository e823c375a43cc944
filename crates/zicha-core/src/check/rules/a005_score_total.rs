//! A005: 总分得分 = 执行率得分 + the scores of every indicator.

use rust_decimal::Decimal;

use crate::check::rules::{amount, show, sum_gap};
use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 总分行的得分，是否等于预算执行率得分加上全部三级指标得分。差额在四舍五入范围内为提示，超过为强制错误。
    /// ## 为什么重要
    /// 手填的总分是最常见的出错处；总分决定评价等级，也是报告中引用的数字。
    /// ## 示例
    /// 执行率得分 10，三级指标得分合计 88，总分却填 96。
    /// ## 依据
    /// 财预〔2020〕10号：自评总分为各项指标得分之和。
    /// ## 如何修改
    /// 按各项得分重新合计总分。
    pub static RULE = {
        code: "A005",
        name: "总分与各项得分之和不符",
        name_en: "score total does not add up",
        severity: Error,
        help: "按执行率得分和各指标得分重新合计总分。",
        help_en: "Add up the execution score and every indicator score again.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let Some(total) = form.total.as_ref().and_then(|t| t.score.as_ref()) else { continue };
        let Some(stated) = total.value.value else { continue };
        let execution = form.funds.as_ref().and_then(|f| f.total.as_ref()).and_then(|t| amount(&t.score));
        let scores: Vec<Decimal> = form.indicators.iter().filter_map(|i| amount(&i.score)).collect();
        if scores.is_empty() {
            continue;
        }
        let sum = execution.unwrap_or_default() + scores.iter().copied().sum::<Decimal>();
        let Some(severity) = sum_gap(stated, sum, scores.len() + 1) else { continue };
        out.push(
            finding(msg(
                format!("{form_name}总分为 {}，执行率得分与各指标得分之和为 {}", show(stated), show(sum)),
                format!("{form_name}: the total is {}, the scores add up to {}", show(stated), show(sum)),
            ))
            .at(&total.at)
            .found(show(stated))
            .expected(show(sum))
            .severity(severity),
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
        let filing = Parts::correct().edit("总分 | < | < | < | < | < | 100 | 100 |", "总分 | < | < | < | < | < | 100 | 96 |").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!(found.expected.as_deref(), Some("100"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
