//! E003: the execution score as the profile computes it.

use crate::check::rules::show;
use crate::check::{Context, Emit, Severity, finding, msg};
use crate::profile::ExecutionScore;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 执行率得分是否与方案的计分方法一致：默认按比例，得分 = min(执行率, 100%) × 分值；方案也可以按区间扣分
    /// （如“每低于 5% 扣 2 分”）。与重算结果不同为提示；超过分值为强制错误。
    /// ## 为什么重要
    /// 执行率得分是唯一完全可以计算的得分，填错说明自评分没有按规则计算。
    /// ## 示例
    /// 执行率 90%、分值 10，得分填 10（按比例应为 9）。
    /// ## 依据
    /// 财预〔2020〕10号附件：预算执行率按比例计分；地方方案另有规定的从其规定。
    /// ## 如何修改
    /// 按方案的计分方法重新计算执行率得分。
    pub static RULE = {
        code: "E003",
        name: "执行率得分与计分方法不符",
        name_en: "execution score off",
        severity: Warning,
        help: "按方案的计分方法重新计算执行率得分。",
        help_en: "Recompute the execution score with the profile's method.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let method = match cx.profile.execution_score {
        ExecutionScore::Proportional => "按比例计分".to_string(),
        ExecutionScore::Interval { step, points } => format!("每低于 {}% 扣 {} 分", show(step), show(points)),
    };
    for (form, card) in cx.evaluations().zip(&cx.scores.forms) {
        let (form_name, _) = form;
        // A funding source scored on its own row (`其中：当年财政拨款 | … | 10 | 89.7% | 8`), by the same method.
        let sources = form.1.funds.iter().flat_map(|f| &f.sources);
        for source in sources {
            let (Some(weight), Some(declared), Some(rate)) = (
                crate::model::amount(&source.weight),
                crate::model::amount(&source.score),
                source.rate.as_ref().and_then(|r| r.value.percent),
            ) else {
                continue;
            };
            let expected = crate::score::execution_score(rate, weight, cx.profile);
            if (declared - expected).abs() > rust_decimal::Decimal::new(1, 2) {
                let label = crate::text::one_line(&source.label.value);
                let rate_text = source.rate.as_ref().map_or("", |r| r.value.text.trim());
                out.push(
                    finding(msg(
                        format!(
                            "{form_name}“{label}”执行率 {rate_text}、分值 {} 时得分为 {}，{method}应为 {}",
                            show(weight),
                            show(declared),
                            show(expected)
                        ),
                        format!("{form_name}: {label} scores {} at {rate_text}, should be {}", show(declared), show(expected)),
                    ))
                    .at_all(source.score.as_ref().map(|s| &s.at))
                    .found(show(declared))
                    .expected(show(expected)),
                );
            }
        }
        let Some(row) = &card.execution else { continue };
        // A weight and a rate, and the score cell left empty: the form's total leaves the execution out.
        if let (None, Some(weight), Some(recomputed)) = (row.declared, row.weight, row.recomputed)
            && form.1.layout.fund_points
        {
            let rate = stated_or_computed(form.1).unwrap_or_default();
            out.push(
                finding(msg(
                    format!("{form_name}执行率 {rate}、分值 {} 的得分未填，{method}应为 {}", show(weight), show(recomputed)),
                    format!("{form_name}: the execution score is empty; at {rate} of {} it is {}", show(weight), show(recomputed)),
                ))
                .at(&row.at)
                .expected(show(recomputed)),
            );
            continue;
        }
        let (Some(declared), Some(weight)) = (row.declared, row.weight) else { continue };
        if declared > weight {
            out.push(
                finding(msg(
                    format!("{form_name}执行率得分 {} 超过分值 {}", show(declared), show(weight)),
                    format!("{form_name}: execution score {} exceeds its weight {}", show(declared), show(weight)),
                ))
                .at(&row.at)
                .found(show(declared))
                .expected(format!("≤ {}", show(weight)))
                .severity(Severity::Error),
            );
        } else if row.differs() {
            let expected = row.recomputed.map(show).unwrap_or_default();
            let rate = stated_or_computed(form.1).map(|r| format!("执行率 {r}、")).unwrap_or_default();
            out.push(
                finding(msg(
                    format!("{form_name}{rate}分值 {} 时执行率得分为 {}，{method}应为 {expected}", show(weight), show(declared)),
                    format!("{form_name}: execution score {} should be {expected}", show(declared)),
                ))
                .at(&row.at)
                .found(show(declared))
                .expected(expected),
            );
        }
    }
}

/// The execution rate as the form states it, with the amounts it comes from where the form has them
/// (`100%（全年执行数 3824.26 ÷ 全年预算数 4753.66 = 80.45%）`).
fn stated_or_computed(form: &crate::model::Evaluation) -> Option<String> {
    let total = form.funds.as_ref().and_then(|f| f.total.as_ref());
    let stated = total.and_then(|t| t.rate.as_ref()).map(|r| r.value.text.trim().to_string()).filter(|t| !t.is_empty());
    let amounts = total.and_then(|t| Some((crate::model::amount(&t.executed)?, crate::model::amount(&t.full_year_budget)?)));
    let computed = crate::score::execution_rate(form).map(|r| format!("{}%", show(r.round_dp(2))));
    match (stated, amounts, computed) {
        (Some(stated), Some((executed, budget)), Some(computed)) if stated != computed => Some(format!(
            "{stated}（全年执行数 {} ÷ 全年预算数 {} = {computed}）",
            show(executed),
            show(budget)
        )),
        (Some(stated), _, _) => Some(stated),
        (None, _, computed) => computed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 108 | 10 | 90% | 10").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Warning).expected.as_deref(), Some("9"));
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 12").filing();
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn fires_on_an_empty_score() {
        let filing = Parts::correct().edit("^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% | 10", "^ | 年度资金总额 | 120 | 120 | 120 | 10 | 100% |").filing();
        let found = one(run(&RULE, &filing), Severity::Warning);
        assert!(found.message.zh.contains("得分未填"), "{}", found.message.zh);
        assert_eq!(found.expected.as_deref(), Some("10"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
