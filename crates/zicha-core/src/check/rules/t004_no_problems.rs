//! T004: "no problems" in the report while points were deducted or money left unspent.

use rust_decimal::Decimal;

use crate::check::rules::p008_deduction_without_reason::is_boilerplate;
use crate::check::{Context, Emit, finding, msg};
use crate::narrative::{Scope, report_scope};
use crate::score::execution_rate;

crate::declare_rule! {
    /// ## 检查内容
    /// 报告“存在的问题”一节为空、只写“无”“暂无”，而对应的表格扣了分或执行率低于 100%。
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
        let Some(form) = form else { continue };
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, run};

    #[test]
    fn fires() {
        let filing = Parts::correct().edit("覆盖乡镇数 | 10个 | 10个 | 30 | 30 |", "覆盖乡镇数 | 10个 | 10个 | 30 | 28 | 一个乡镇活动偏少").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
