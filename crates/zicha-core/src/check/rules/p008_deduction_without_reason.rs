//! P008: points deducted and no reason given.

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 得分低于分值（扣了分）的指标，偏差原因分析及改进措施一栏是否写了内容；空白或只写“无”“/”“—”“暂无”视为未写。
    /// ## 为什么重要
    /// 扣分必须有原因和改进措施，这是自评结果应用的依据；没有原因的扣分无法被复核。
    /// ## 示例
    /// 分值 10，得分 8，偏差原因栏空白。
    /// ## 依据
    /// 财预〔2020〕10号：对未完成绩效目标的，应分析原因并提出改进措施。
    /// ## 如何修改
    /// 写明扣分原因（未完成的部分、原因）和下一步改进措施。
    pub static RULE = {
        code: "P008",
        name: "扣分未说明原因",
        name_en: "deduction without reason",
        severity: Error,
        help: "写明扣分原因（未完成的部分和原因）和下一步改进措施。",
        help_en: "State why points were deducted and what will be improved.",
        check: check,
    };
}

/// Blank or a placeholder: no reason given.
pub(crate) fn is_boilerplate(text: &str) -> bool {
    matches!(normalize(text).trim_end_matches(['。', '.']), "" | "无" | "/" | "-" | "--" | "暂无" | "没有" | "不适用" | "n/a")
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let (Some(score), Some(weight)) = (
                indicator.score.as_ref().and_then(|s| s.value.value),
                indicator.weight.as_ref().and_then(|w| w.value.value),
            ) else {
                continue;
            };
            if score >= weight || indicator.deviation.as_ref().is_some_and(|d| !is_boilerplate(&d.value)) {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let at = indicator.deviation.as_ref().map_or(&indicator.row, |d| &d.at);
            out.push(
                finding(msg(
                    format!(
                        "{form_name}指标“{name}”得分 {}，分值 {}，扣了 {} 分，未说明原因",
                        show(score),
                        show(weight),
                        show(weight - score)
                    ),
                    format!(
                        "{form_name}: {name} scored {} of {} (lost {}) without a reason",
                        show(score),
                        show(weight),
                        show(weight - score)
                    ),
                ))
                .at(at)
                .at_all(indicator.score.as_ref().map(|s| &s.at)),
            );
        }
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
        let filing = Parts::correct().edit("受益人数 | ≥500人 | 550人 | 30 | 30 |", "受益人数 | ≥500人 | 550人 | 30 | 28 | 无").filing();
        one(run(&RULE, &filing), Severity::Error);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let explained = Parts::correct().edit("受益人数 | ≥500人 | 550人 | 30 | 30 |", "受益人数 | ≥500人 | 550人 | 30 | 28 | 宣传不足，受益面偏窄；下年加强宣传").filing();
        assert!(run(&RULE, &explained).is_empty());
    }
}
