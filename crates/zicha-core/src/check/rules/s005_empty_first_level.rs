//! S005: a first-level indicator with no third-level indicator under it.

use crate::check::{Context, Emit, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 每个一级指标（产出、效益、满意度、成本）下是否至少有一条填了名称的三级指标。
    /// ## 为什么重要
    /// 一级指标下没有具体指标，该部分的分值就无从评起，属于“指标设置不全”。
    /// ## 示例
    /// “满意度指标(10分)”一行之后直接是“成本指标”，没有任何满意度三级指标。
    /// ## 依据
    /// 财预〔2020〕10号：绩效指标应细化量化，覆盖产出、效益、满意度等方面。
    /// ## 如何修改
    /// 为该一级指标设置至少一条可衡量的三级指标，或按方案说明不适用的理由。
    pub static RULE = {
        code: "S005",
        name: "一级指标下无具体指标",
        name_en: "empty first-level block",
        severity: Warning,
        help: "为该一级指标设置至少一条可衡量的三级指标。",
        help_en: "Give the first level at least one measurable third-level indicator.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for (index, level) in form.first_levels.iter().enumerate() {
            let has_indicator = form
                .indicators
                .iter()
                .any(|i| i.first_level == Some(index) && i.name.as_ref().is_some_and(|n| !n.value.trim().is_empty()));
            if !has_indicator {
                out.push(
                    finding(msg(
                        format!("{form_name}的“{}”下没有三级指标", level.name),
                        format!("{form_name}: no indicator under {}", level.name),
                    ))
                    .at(&level.label.at),
                );
            }
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
        let filing = Parts::correct().edit("^ | 满意度指标(10分) | 服务对象满意度指标 | 学员满意度 | ≥90% | 95% | 10 | 10 |", "^ | 满意度指标(10分) | | | | | | |").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("满意度指标"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
