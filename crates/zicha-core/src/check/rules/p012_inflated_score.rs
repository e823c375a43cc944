//! P012: a near-perfect total while execution, targets or the report say otherwise.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::rules::p008_deduction_without_reason::is_boilerplate;
use crate::check::{Context, Emit, finding, msg};
use crate::measure::Direction;
use crate::model::FormKind;
use crate::narrative::Quantity;
use crate::score::{execution_rate, quantities};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 总分达到方案设定的高分线（默认 98 分）或全部指标满分，同时却有：执行率低于 95%、某个定量指标未达到目标，或报告
    /// “存在的问题”一节列出了问题。
    /// ## 为什么重要
    /// 高分与自述的问题并存，是审核判断“自评分虚高”的主要线索。
    /// ## 示例
    /// 总分 98，报告写“决算数大于预算数，原因是经费预算不足”。
    /// ## 依据
    /// 财预〔2020〕10号：自评应客观公正，评价结果真实反映绩效。
    /// ## 如何修改
    /// 对照问题和未完成的指标重新审视得分。
    pub static RULE = {
        code: "P012",
        name: "高分与问题并存",
        name_en: "inflated self-score",
        severity: Info,
        help: "对照存在的问题和未完成的指标，重新审视得分。",
        help_en: "Review the scores against the problems listed and the targets missed.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let problems_stated = cx.filing.department_report.as_ref().and_then(|r| r.section("存在的问题")).is_some_and(|s| {
        s.paragraphs.iter().any(|p| !is_boilerplate(&p.value))
    });
    if cx.scores.forms.iter().all(|card| card.declared_total.is_none()) {
        check_reports(cx, out);
    }
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        let Some(total) = card.declared_total else { continue };
        let all_full = !card.rows.is_empty() && card.rows.iter().all(|r| r.declared.is_some() && r.declared == r.weight);
        if total < cx.profile.inflated_total && !all_full {
            continue;
        }
        let mut reasons = Vec::new();
        if let Some(rate) = execution_rate(form).filter(|r| *r < Decimal::from(95)) {
            // As the form states it, where it does.
            let stated = form.funds.as_ref().and_then(|f| f.total.as_ref()).and_then(|t| t.rate.as_ref());
            let stated = stated.map(|r| r.value.text.trim()).filter(|t| !t.is_empty());
            reasons.push(format!("执行率仅 {}", stated.map_or_else(|| format!("{}%", show(rate.round_dp(2))), str::to_string)));
        }
        let short = form.indicators.iter().filter(|i| {
            quantities(i).is_some_and(|(t, a)| match t.direction {
                Direction::AtLeast => a.value < t.value,
                Direction::AtMost => a.value > t.value,
                Direction::Exactly => a.value != t.value,
            })
        });
        let short = short.count();
        if short > 0 {
            reasons.push(format!("{short} 个定量指标未达到目标"));
        }
        if form.kind == FormKind::Department && problems_stated {
            reasons.push("报告列出了存在的问题".to_string());
        }
        if reasons.is_empty() {
            continue;
        }
        out.push(
            finding(msg(
                format!("{form_name}自评总分 {}，但{}", show(total), reasons.join("，")),
                format!("{form_name}: total {} despite: {}", show(total), reasons.join("; ")),
            ))
            .at_all(card.declared_total_at.as_ref()),
        );
    }
}

/// A report with no scored table beside it: the score it states against the problems it lists itself.
fn check_reports(cx: &Context, out: &mut Emit) {
    for report in cx.filing.department_report.iter().chain(&cx.filing.project_reports) {
        let Some(index) = report.sections.iter().position(|s| normalize(&s.heading.value).contains("问题")) else { continue };
        let level = report.sections[index].level;
        let under = report.sections[index + 1..].iter().take_while(|s| s.level > level);
        let stated = std::iter::once(&report.sections[index]).chain(under).flat_map(|s| &s.paragraphs).any(|p| !is_boilerplate(&p.value));
        if !stated {
            continue;
        }
        let paragraphs: Vec<&crate::grid::Address> = report.paragraphs().map(|p| &p.at).collect();
        let score = cx.facts.iter().find(|f| {
            f.quantity == Some(Quantity::Score) && f.value >= cx.profile.inflated_total && paragraphs.contains(&&f.at)
        });
        let Some(score) = score else { continue };
        let heading = report.sections[index].heading.value.trim();
        out.push(
            finding(msg(
                format!("报告自评得分 {} 分，但“{heading}”列出了存在的问题", show(score.value)),
                format!("the report scores itself {} although its '{heading}' lists problems", show(score.value)),
            ))
            .at_span(&score.at, score.span)
            .at(&report.sections[index].heading.at),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn a_report_alone_scored_full_with_problems_listed() {
        let report = [
            "2020年度某公路小修项目绩效自评报告",
            "一、基本情况",
            "对照各项指标值进行打分，自评得分100分。",
            "二、存在的问题和原因",
            "小修经费大部分用于人员工资福利支出。",
        ];
        let finding = one(run(&RULE, &report_filing(&report)), Severity::Info);
        assert!(finding.message.zh.contains("自评得分 100 分"), "{finding:?}");
        let fixed = [&report[..4], &["无。"]].concat();
        assert!(run(&RULE, &report_filing(&fixed)).is_empty());
    }

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("培训人次 | ≥1000人次 | 1100人次 | 10 | 10", "培训人次 | ≥1000人次 | 900人次 | 10 | 10").filing();
        one(run(&RULE, &filing), Severity::Info);
        let filing = Parts::correct().edit("暂无。", "个别培训班报名不足。").filing();
        assert!(one(run(&RULE, &filing), Severity::Info).message.zh.contains("存在的问题"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
