//! P009: a high satisfaction figure and nothing about how it was measured.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::measure::Value;
use crate::narrative::Unit;
use crate::text::{Has, Words, without_dropped};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 满意度指标的实际值在 90% 及以上，而整份材料（表格和报告）都没有提到满意度是怎么得来的（问卷、调查、样本、
    /// 测评、回访、座谈等）。
    /// ## 为什么重要
    /// 没有调查依据的高满意度无法核实，是审核常问的问题。
    /// ## 示例
    /// 服务对象满意度“95%”，材料中找不到任何问卷或调查的说明。
    /// ## 依据
    /// 财预〔2020〕10号：满意度指标应有调查依据（问卷调查、抽样等）。
    /// ## 如何修改
    /// 在报告中说明满意度调查的方式、对象、样本量和有效问卷数。
    pub static RULE = {
        code: "P009",
        name: "满意度缺少调查依据",
        name_en: "satisfaction without basis",
        severity: Warning,
        help: "在报告中说明满意度调查的方式、对象、样本量和有效问卷数。",
        help_en: "Describe the satisfaction survey in the report: method, respondents, sample size, valid responses.",
        check: check,
    };
}

/// Words that describe how satisfaction was measured (`调查研究` alone is about something else).
const BASIS: Words<8> = Words::new(["问卷", "满意度调查", "满意度测评", "抽样调查", "样本", "测评", "回访", "电话访问"]);

fn check(cx: &Context, out: &mut Emit) {
    // The high satisfaction figures first: only a filing with one is worth searching whole for a survey.
    let ninety = Decimal::from(90);
    let mut high = Vec::new();
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let is_satisfaction = indicator.first_level.is_some_and(|i| form.first_levels[i].name.has("满意度"))
                || indicator.name.as_ref().is_some_and(|n| n.value.has("满意度"));
            let Some(actual) = indicator.actual.as_ref().filter(|_| is_satisfaction) else { continue };
            let Some(Value::Quantity(measure)) = &indicator.measures.actual else { continue };
            if measure.unit == "%" && measure.value >= ninety {
                high.push((form_name, indicator.name.as_ref().map_or("", |n| n.value.trim()), actual));
            }
        }
    }
    // A report with no such table: the satisfaction figures its prose gives.
    let mut said = Vec::new();
    if high.is_empty() {
        said.extend(cx.facts.iter().filter(|f| f.unit == Unit::Percent && f.label.has("满意度") && f.value >= ninety));
    }
    if high.is_empty() && said.is_empty() {
        return;
    }
    // Searched in all the filing's text at once, without the white space normalising drops (a word broken by a
    // line break still counts; the words are ideographs, which nothing else normalising does can make or break):
    // one byte search per word over the whole, where a pass per text decoded every character of every cell and
    // paragraph.
    let all = without_dropped(&cx.all_text().joined);
    let has_basis = BASIS.as_slice().iter().any(|word| memchr::memmem::find(all.as_bytes(), word.as_bytes()).is_some());
    if has_basis {
        return;
    }
    for fact in said {
        out.push(
            finding(msg(
                format!("报告称“{}{}%”，材料中没有说明调查方式", fact.label, show(fact.value)),
                format!("the report gives '{}{}%' with no survey described", fact.label, show(fact.value)),
            ))
            .at_span(&fact.at, fact.span),
        );
    }
    for (form_name, name, actual) in high {
        out.push(
            finding(msg(
                format!("{form_name}“{name}”为 {}，材料中没有说明调查方式", actual.value.trim()),
                format!("{form_name}: {name} at {} with no survey described", actual.value.trim()),
            ))
            .at(&actual.at),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn a_report_alone_claims_satisfaction() {
        let report = ["2024年某社区产业设施项目绩效自评报告", "一、绩效目标完成情况", "项目已验收，受益群众满意度100%。", "二、存在的问题", "无。"];
        let finding = one(run(&RULE, &report_filing(&report)), Severity::Warning);
        assert!(finding.message.zh.contains("受益群众满意度100%"), "{finding:?}");
        let fixed = report.map(|p| p.replace("满意度100%。", "满意度100%（入户问卷调查50份）。"));
        let fixed: Vec<&str> = fixed.iter().map(String::as_str).collect();
        assert!(run(&RULE, &report_filing(&fixed)).is_empty());
    }

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("满意度通过发放问卷调查取得，有效问卷200份。", "").filing();
        let findings = run(&RULE, &filing);
        assert_eq!(findings.len(), 3, "{findings:#?}");
        assert!(findings.iter().all(|f| f.severity == Severity::Warning));
    }

    #[test]
    fn a_survey_split_by_a_line_break_counts() {
        let filing = Parts::correct().edit("满意度通过发放问卷调查取得，有效问卷200份。", "满意度通过发放问\n卷调查取得").filing();
        assert!(run(&RULE, &filing).is_empty());
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
