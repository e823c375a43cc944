//! P005: a quantitative indicator short of its target with full marks.

use crate::check::rules::show;
use crate::check::{Context, Emit, Severity, finding, msg};
use crate::model::Text;
use crate::prose;
use crate::measure::Direction;
use crate::score::quantities;
use crate::text::Words;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 定量指标没有达到年度指标值（≥ 目标未达到、≤ 目标超标、零目标不为零），却得了满分；报告同一句里写了计划数和
    /// 少于它的实际完成数，却称“全面完成”“已按计划完成”。
    /// ## 为什么重要
    /// 这是“自评分虚高”最典型的情形：指标没完成，分数却是满的；审核和再评价都会首先抽查。
    /// ## 示例
    /// 目标“≥95%”，实际“90%”，分值 10，得分 10。
    /// ## 依据
    /// 财预〔2020〕10号附件：“未完成指标值的，按照完成值与指标值的比例记分”。
    /// ## 如何修改
    /// 按完成比例扣分，并在偏差原因中说明未完成的原因和改进措施。
    pub static RULE = {
        code: "P005",
        name: "未达标仍得满分",
        name_en: "shortfall scored full",
        severity: Error,
        help: "按完成比例扣分，并说明未完成的原因和改进措施。",
        help_en: "Deduct in proportion to what was achieved, and explain the shortfall and the remedy.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for report in cx.filing.department_report.iter().chain(&cx.filing.project_reports) {
        for paragraph in report.paragraphs() {
            check_claims(paragraph, out);
        }
    }
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        for (indicator, row) in form.indicators.iter().zip(&card.rows) {
            let (Some(declared), Some(weight)) = (row.declared, row.weight) else { continue };
            if declared != weight || weight.is_zero() {
                continue;
            }
            let Some((target, actual)) = quantities(indicator) else { continue };
            let (a, b) = (target.value, actual.value);
            let short = match target.direction {
                Direction::AtLeast => b < a,
                Direction::AtMost => b > a,
                Direction::Exactly => b != a,
            };
            if !short {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let (target_text, actual_text) = (
                indicator.target.as_ref().map_or("", |t| t.value.trim()),
                indicator.actual.as_ref().map_or("", |t| t.value.trim()),
            );
            let (zh, en) = match row.recomputed {
                Some(recomputed) => (
                    format!("，按完成比例应为 {}", show(recomputed)),
                    format!("; the formula gives {}", show(recomputed)),
                ),
                None => (String::new(), String::new()),
            };
            let draft = finding(msg(
                format!("{form_name}指标“{name}”目标 {target_text}，实际 {actual_text}，未达标却得满分 {}{zh}", show(declared)),
                format!("{form_name}: {name} missed its target ({target_text} vs {actual_text}) but scored full marks{en}"),
            ))
            .at(&row.at)
            .at_all(indicator.actual.as_ref().map(|a| &a.at))
            .found(show(declared));
            out.push(match row.recomputed {
                Some(recomputed) => draft.expected(show(recomputed)),
                None => draft,
            });
        }
    }
}

/// Words that claim a plan was met in full; the clause words of a planned and of a done quantity.
const CLAIMS: Words<7> = Words::new(["全面完成", "已按计划完成", "按计划完成", "圆满完成", "全部完成", "均已完成", "如期完成"]);
const PLANNED: &[&str] = &["计划", "目标", "预期", "指标值"];
const DONE: &[&str] = &["实际", "完成", "已"];
const CEILINGS: &[&str] = &["≤", "<", "＜", "不超过", "不高于", "低于", "控制", "以内", "以下", "率≤"];

/// `计划新建200个，实际完成150个，已按计划完成`: a sentence that claims the plan met while the number it gives as
/// done is short of the one it gives as planned, in the same unit.
fn check_claims(text: &Text, out: &mut Emit) {
    if !CLAIMS.found_in(&text.value) {
        return;
    }
    let chars: Vec<char> = text.value.chars().collect();
    let quantities = prose::quantities(&chars);
    for (start, end) in prose::sentences(&chars) {
        let sentence: String = chars[start..end].iter().collect();
        let Some(claim) = CLAIMS.as_slice().iter().find(|w| sentence.contains(*w)) else { continue };
        let within: Vec<&prose::Amount> = quantities.iter().filter(|q| q.span.0 >= start && q.span.1 <= end).collect();
        let planned = within.iter().find(|q| PLANNED.iter().any(|w| q.clause.contains(w)));
        let Some(planned) = planned else { continue };
        // A ceiling (`事故率≤1%`, `控制在200万元以内`) is met by less.
        let after: String = chars[planned.span.1..end.min(planned.span.1 + 2)].iter().collect();
        let ceiling = CEILINGS.iter().any(|w| planned.clause.contains(w)) || ["以内", "以下"].iter().any(|w| after.starts_with(w));
        if ceiling {
            continue;
        }
        let done = within.iter().find(|q| {
            q.span.0 > planned.span.0 && q.unit == planned.unit && DONE.iter().any(|w| q.clause.contains(w))
                && !PLANNED.iter().any(|w| q.clause.contains(w))
        });
        let Some(done) = done else { continue };
        if done.value >= planned.value {
            continue;
        }
        out.push(
            finding(msg(
                format!("报告称“{claim}”，但同一句中{}{} 少于{}{}", done.clause, done.written, planned.clause, planned.written),
                format!("the report claims '{claim}', but {} done is short of {} planned", done.written, planned.written),
            ))
            .at_span(&text.at, done.span)
            .at_span(&text.at, planned.span)
            .found(done.written.clone())
            .expected(planned.written.clone())
            .severity(Severity::Warning),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("学员满意度 | ≥90% | 95% | 10 | 10", "学员满意度 | ≥90% | 85% | 10 | 10").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Error).expected.as_deref(), Some("9.44"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }

    fn claimed(sentence: &str) -> Vec<crate::check::Finding> {
        run(&RULE, &report_filing(&["2023年度某某项目绩效自评报告", "一、绩效目标完成情况", sentence]))
    }

    #[test]
    fn a_report_claiming_the_plan_met_with_fewer_done() {
        let found = one(claimed("计划新建村级服务站200个，实际完成150个，已按计划完成。"), Severity::Warning);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("150个"), Some("200个")));
        let found = one(claimed("目标覆盖率95%，实际覆盖率90.5%，全面完成年度目标。"), Severity::Warning);
        assert_eq!(found.expected.as_deref(), Some("95%"));
    }

    #[test]
    fn a_claim_the_numbers_bear_out_or_without_a_plan_is_silent() {
        assert!(claimed("计划新建村级服务站200个，实际完成200个，已按计划完成。").is_empty());
        assert!(claimed("计划新建村级服务站200个，实际完成210个，全面完成。").is_empty());
        // No claim of completion; another unit; no planned number.
        assert!(claimed("计划新建村级服务站200个，实际完成150个，其余结转下年。").is_empty());
        assert!(claimed("计划培训200人，实际完成150期，全面完成。").is_empty());
        assert!(claimed("完成培训150人，全面完成。").is_empty());
        // A ceiling met by less.
        assert!(claimed("目标事故率≤1%，实际0.5%，全面完成。").is_empty());
        assert!(claimed("计划成本控制在200个以内，实际完成150个，全面完成。").is_empty());
    }
}
