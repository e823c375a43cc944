//! Q002: target and actual in different units, or a numeric target answered with words.

use crate::check::{Context, Emit, finding, msg};
use crate::measure::Value;
use crate::score::units_agree;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 年度指标值与实际完成值的计量单位不一致（如“控制在9万元内”对“100%”），或年度指标值是数字、实际完成值却只有文字。
    /// ## 为什么重要
    /// 单位不一致就无法比较是否完成，得分也就无法复核；常见于照抄模板或答非所问。
    /// ## 示例
    /// 经济成本指标：年度指标值“控制在9万元内”，实际完成值“100%”。
    /// ## 依据
    /// 财预〔2020〕10号附件：实际完成值应与年度指标值口径一致。
    /// ## 如何修改
    /// 用与指标值相同的单位填写实际完成值（如“8.6万元”）。
    pub static RULE = {
        code: "Q002",
        name: "指标值与完成值单位不符",
        name_en: "unit mismatch",
        severity: Warning,
        help: "用与年度指标值相同的单位填写实际完成值。",
        help_en: "State the actual value in the same unit as the target.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let (Some(target), Some(actual)) = (&indicator.target, &indicator.actual) else { continue };
            let Some(Value::Quantity(t)) = &indicator.measures.target else { continue };
            let mismatch = match &indicator.measures.actual {
                Some(Value::Quantity(a)) => !units_agree(t.unit, a.unit),
                Some(Value::Qualitative) => true,
                Some(Value::Time | Value::NotApplicable) | None => false,
            };
            if !mismatch {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let (t_text, a_text) = (target.value.trim(), actual.value.trim());
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”年度指标值“{t_text}”与实际完成值“{a_text}”口径不一致"),
                    format!("{form_name}: {name} target {t_text} and actual {a_text} are not comparable"),
                ))
                .at(&actual.at)
                .at(&target.at)
                .found(a_text)
                .expected(format!("与“{t_text}”同单位的数值")),
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
        let filing = Parts::correct().edit("项目成本 | 控制在12万元内 | 12万元", "项目成本 | 控制在12万元内 | 100%").filing();
        one(run(&RULE, &filing), Severity::Warning);
        let filing = Parts::correct().edit("学员满意度 | ≥90% | 95%", "学员满意度 | ≥90% | 满意度高").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
