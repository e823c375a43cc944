//! S003: an indicator row without its weight, score or actual value.

use crate::check::{Context, Emit, Severity, finding, msg};
use crate::check::rules::filled;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 每一条三级指标是否都填了“分值”“得分”（缺少为强制错误）和“实际完成值”（缺少为提示）；只查表中有的栏目（转移支付表
    /// 没有分值和得分，评分表没有实际完成值）。
    /// ## 为什么重要
    /// 没有分值和得分，总分无法复核；没有实际完成值，得分就没有依据。
    /// ## 示例
    /// “培训合格率 ≥95%”一行填了得分 10，但实际完成值空白。
    /// ## 依据
    /// 财预〔2020〕10号：绩效指标逐项填报年度指标值、实际完成值、分值、得分。
    /// ## 如何修改
    /// 补填该行的实际完成值、分值和得分。
    pub static RULE = {
        code: "S003",
        name: "指标行不完整",
        name_en: "incomplete indicator row",
        severity: Error,
        help: "补填该指标的实际完成值、分值和得分。",
        help_en: "Fill in the indicator's actual value, weight and score.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let name = indicator.name.as_ref().map_or("（无名称）", |n| n.value.trim());
            let at = indicator.name.as_ref().map_or(&indicator.row, |n| &n.at);
            let mut missing = Vec::new();
            // Only the columns the form has: a transfer-payment form has neither, a Hubei form only 自评分.
            if form.layout.weight_column && !filled(&indicator.weight) {
                missing.push("分值");
            }
            if form.layout.score_column && !filled(&indicator.score) && indicator.coefficient.is_none() {
                missing.push("得分");
            }
            if !missing.is_empty() {
                let what = missing.join("、");
                out.push(
                    finding(msg(format!("{form_name}指标“{name}”缺少{what}"), format!("{form_name}: indicator {name} lacks {what}")))
                        .at(at),
                );
            }
            if form.layout.actual_column && indicator.actual.as_ref().is_none_or(|a| a.value.trim().is_empty()) {
                out.push(
                    finding(msg(format!("{form_name}指标“{name}”缺少实际完成值"), format!("{form_name}: indicator {name} has no actual value")))
                        .at(at)
                        .severity(Severity::Warning),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, one, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("学员满意度 | ≥90% | 95% | 10 | 10", "学员满意度 | ≥90% | 95% | 10 | ").filing();
        assert!(one(run(&RULE, &filing), Severity::Error).message.zh.contains("缺少得分"));
        let filing = Parts::correct().edit("学员满意度 | ≥90% | 95%", "学员满意度 | ≥90% | ").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("实际完成值"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        // A form without a 实际完成值 column (a score sheet, as Sichuan's and Hainan's in fixtures/real/): no row
        // lacks one.
        let filing = Parts::correct().edit("年度指标值 | 实际完成值 |", "年度指标值 | 备注 |").filing();
        assert!(!filing.department.as_ref().unwrap().layout.actual_column);
        assert!(run(&RULE, &filing).is_empty());
    }
}
