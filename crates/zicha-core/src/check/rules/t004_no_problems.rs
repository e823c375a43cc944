//! T004: "no problems" in the report while points were deducted or money left unspent.

use rust_decimal::Decimal;

use crate::check::rules::p008_deduction_without_reason::is_boilerplate;
use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::grid::Address;
use crate::model::{Report, Section};
use crate::narrative::{Fact, Quantity, Unit};
use crate::narrative::{Scope, report_scope};
use crate::score::execution_rate;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 报告“存在的问题”一节为空、只写“无”“暂无”，而对应的表格扣了分或执行率低于 100%；只有报告时，报告自己写的自评
    /// 得分低于 100 分或预算执行率低于 100%。
    /// ## 为什么重要
    /// 扣分和未执行完的资金本身就说明有问题；报告说“无”，前后矛盾。
    /// ## 示例
    /// 附件2 经济效益指标扣 2 分，报告“存在的问题及原因分析：无”。
    /// ## 依据
    /// 财预〔2020〕10号：自评报告应分析存在的问题及原因。
    /// ## 如何修改
    /// 在“存在的问题”中写明扣分和执行偏差对应的问题和原因。
    pub static RULE = {
        code: "T004",
        name: "扣了分却称没有问题",
        name_en: "no problems stated despite deductions",
        severity: Warning,
        help: "在“存在的问题”中写明扣分和执行偏差对应的问题和原因。",
        help_en: "List the problems behind the deductions and the execution gap under 存在的问题.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for report in cx.filing.department_report.iter().chain(&cx.filing.project_reports) {
        let Some(section) = report.section("存在的问题").or_else(|| report.section("存在问题")) else { continue };
        if section.paragraphs.iter().any(|p| !is_boilerplate(&p.value)) {
            continue;
        }
        let form = match report_scope(cx.filing, report) {
            Scope::Department => cx.filing.department.as_ref(),
            Scope::Project(Some(i)) => cx.filing.projects.get(i),
            _ => None,
        };
        let Some(form) = form else {
            if cx.filing.department.is_none() && cx.filing.projects.is_empty() {
                check_report_alone(cx, report, section, out);
            }
            continue;
        };
        let deducted = form.indicators.iter().any(|i| {
            let score = i.score.as_ref().and_then(|s| s.value.value);
            let weight = i.weight.as_ref().and_then(|w| w.value.value);
            score.zip(weight).is_some_and(|(s, w)| s < w)
        });
        let unspent = execution_rate(form).is_some_and(|r| r < Decimal::ONE_HUNDRED);
        if !deducted && !unspent {
            continue;
        }
        let why = match (deducted, unspent) {
            (true, true) => "表格扣了分且执行率低于 100%",
            (true, false) => "表格扣了分",
            _ => "执行率低于 100%",
        };
        let what = cx.filing.form_label(form.kind);
        out.push(
            finding(msg(format!("报告“存在的问题”为空或“无”，但{what}{why}"), format!("the report states no problems, but {what} shows deductions or unspent funds")))
                .at(&section.heading.at),
        );
    }
}

/// A report without tables: its own stated score below 100 or its own execution rate below 100%.
fn check_report_alone(cx: &Context, report: &Report, section: &Section, out: &mut Emit) {
    let paragraphs: Vec<&Address> = report.paragraphs().map(|p| &p.at).collect();
    let ours = |f: &&Fact| paragraphs.contains(&&f.at) && f.value < Decimal::ONE_HUNDRED && f.value >= Decimal::ZERO;
    let score = cx.facts.iter().filter(ours).find(|f| f.quantity == Some(Quantity::Score));
    let rate = cx.facts.iter().filter(ours).find(|f| f.unit == Unit::Percent && f.label.contains("执行率"));
    let Some(fact) = score.or(rate) else { return };
    let (zh, en) = if score.is_some() {
        (format!("自评得分 {} 分", show(fact.value)), format!("a score of {}", show(fact.value)))
    } else {
        (format!("预算执行率 {}%", show(fact.value)), format!("an execution rate of {}%", show(fact.value)))
    };
    out.push(
        finding(msg(
            format!("报告“存在的问题”为空或“无”，但报告自己写了{zh}"),
            format!("the report states no problems, but gives itself {en}"),
        ))
        .at(&section.heading.at)
        .at_span(&fact.at, fact.span),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("覆盖乡镇数 | 10个 | 10个 | 30 | 30 |", "覆盖乡镇数 | 10个 | 10个 | 30 | 28 | 一个乡镇活动偏少").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }

    const REPORT: [&str; 5] = [
        "2023年度某某项目绩效自评报告",
        "一、项目基本情况",
        "项目预算300万元，实际支出255万元，预算执行率为85%。",
        "二、存在的问题及原因分析",
        "无。",
    ];

    #[test]
    fn a_report_alone_with_no_problems_and_its_own_rate_short() {
        let found = one(run(&RULE, &report_filing(&REPORT)), Severity::Warning);
        assert!(found.message.zh.contains("预算执行率 85%"), "{}", found.message.zh);
        let scored = ["2023年度某某项目绩效自评报告", "一、自评结论", "经自评，该项目得分92分。", "二、存在的问题", "暂无"];
        assert!(one(run(&RULE, &report_filing(&scored)), Severity::Warning).message.zh.contains("92 分"));
    }

    #[test]
    fn a_report_alone_that_names_its_problems_or_spent_all_is_silent() {
        let mut report = REPORT;
        report[4] = "部分设备采购延期，资金未能按期支付。";
        assert!(run(&RULE, &report_filing(&report)).is_empty());
        let mut report = REPORT;
        report[2] = "项目预算300万元，实际支出300万元，预算执行率为100%。";
        assert!(run(&RULE, &report_filing(&report)).is_empty());
    }
}
