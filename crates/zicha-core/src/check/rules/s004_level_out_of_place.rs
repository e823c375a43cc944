//! S004: a second-level indicator under the wrong first level, or a level name no template uses.

use compact_str::CompactString;

use crate::check::{Context, Emit, Severity, finding, msg};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 二级指标是否挂在正确的一级指标下：产出 → 数量/质量/时效；效益 → 经济效益/社会效益/生态效益/可持续影响；
    /// 满意度 → 服务对象满意度；成本 → 经济成本/社会成本/生态环境成本（中央模板把成本指标作为产出下的二级指标）。
    /// 挂错为强制错误，模板中没有的名称为提示。
    /// ## 为什么重要
    /// 指标体系的层级决定权重如何分配；挂错层级说明指标设置或填表有误。
    /// ## 示例
    /// “社会效益指标”写在“产出指标(30分)”之下。
    /// ## 依据
    /// 财预〔2020〕10号附件《项目支出绩效评价指标体系框架》。
    /// ## 如何修改
    /// 把该行移到正确的一级指标下，或改用模板中的指标名称。
    pub static RULE = {
        code: "S004",
        name: "指标层级不符",
        name_en: "indicator level out of place",
        severity: Error,
        help: "把指标移到正确的一级指标下，或使用模板中的指标名称。",
        help_en: "Move the indicator under its proper first level, or use the template's names.",
        check: check,
    };
}

const LEVELS: &[(&str, &[&str])] = &[
    ("产出", &["数量", "质量", "时效"]),
    ("效益", &["经济效益", "社会效益", "生态效益", "可持续影响"]),
    ("满意度", &["服务对象满意度"]),
    ("成本", &["经济成本", "社会成本", "生态环境成本"]),
];

/// `数量指标` → `数量`; `产出指标` → `产出`.
fn stem(name: &str) -> CompactString {
    normalize(name).trim_end_matches(':').trim_end_matches("指标").into()
}

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        let first_stems: Vec<CompactString> = form.first_levels.iter().map(|level| stem(&level.name)).collect();
        for (level, level_stem) in form.first_levels.iter().zip(&first_stems) {
            if !LEVELS.iter().any(|(first, _)| first == level_stem) {
                out.push(
                    finding(msg(
                        format!("{form_name}的一级指标“{}”不是模板中的名称", level.name),
                        format!("{form_name}: first-level indicator {} is not a template name", level.name),
                    ))
                    .at(&level.label.at)
                    .severity(Severity::Warning),
                );
            }
        }
        let mut seen = rustc_hash::FxHashSet::default();
        for indicator in &form.indicators {
            let (Some(second), Some(first)) = (&indicator.second_level, indicator.first_level) else {
                continue;
            };
            // A second level merged down over several indicators is judged once.
            if !seen.insert(&second.at) {
                continue;
            }
            let (first, first_stem, second_stem) = (&form.first_levels[first], &first_stems[first], stem(&second.value));
            let cost_under_output = cx.profile.cost_under_output && first_stem == "产出" && second_stem == "成本";
            let home = LEVELS.iter().find(|(_, seconds)| seconds.contains(&second_stem.as_str())).map(|(f, _)| *f);
            match home {
                Some(home) if home == first_stem || cost_under_output => {}
                _ if cost_under_output => {}
                Some(home) if LEVELS.iter().any(|(f, _)| *f == first_stem) => out.push(
                    finding(msg(
                        format!(
                            "{form_name}的二级指标“{}”应属于“{home}指标”，却在“{}”下",
                            second.value.trim(),
                            crate::text::one_line(&first.label.value)
                        ),
                        format!("{form_name}: {} belongs under {home}, not {}", second.value.trim(), first.name),
                    ))
                    .at(&second.at)
                    .found(&first.name)
                    .expected(format!("{home}指标")),
                ),
                Some(_) => {}
                None => out.push(
                    finding(msg(
                        format!("{form_name}的二级指标“{}”不是模板中的名称", second.value.trim()),
                        format!("{form_name}: second-level indicator {} is not a template name", second.value.trim()),
                    ))
                    .at(&second.at)
                    .severity(Severity::Warning),
                ),
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
        let filing = Parts::correct().edit("^ | ^ | 质量指标", "^ | ^ | 社会效益指标").filing();
        let found = one(run(&RULE, &filing), Severity::Error);
        assert_eq!(found.expected.as_deref(), Some("效益指标"));
        let filing = Parts::correct().edit("^ | ^ | 质量指标", "^ | ^ | 工作指标").filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
