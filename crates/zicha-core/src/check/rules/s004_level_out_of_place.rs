//! S004: a second-level indicator under the wrong first level, or a level name no template uses.

use compact_str::CompactString;

use crate::check::{Context, Emit, Severity, finding, msg};
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 二级指标是否挂在正确的一级指标下：产出 → 数量/质量/时效；效益 → 经济效益/社会效益/生态效益/可持续影响；
    /// 满意度 → 服务对象满意度；成本 → 经济成本/社会成本/生态环境成本（中央模板把成本指标作为产出下的二级指标）。
    /// 挂错为强制错误，模板中没有的名称为提示。材料所属模板族有自己的一级指标（如四川部门整体评价的部门决策、综合管理、
    /// 部门绩效情况）时，这些名称也算模板中的名称，其下的二级指标不再按中央模板判断。
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

/// The first levels of the common framework for a department's whole spending (财预〔2013〕53号,
/// 部门整体支出绩效评价共性指标体系框架), which provinces' department forms keep (Hebei's 投入(30)): template names,
/// with second levels of their own that the project levels above do not judge.
const DEPARTMENT_LEVELS: &[&str] = &["投入", "过程", "产出", "效果"];

/// `数量指标` → `数量`; `产出指标` → `产出`; `产出指标(50)` → `产出` (a weight written without its 分).
fn stem(name: &str) -> CompactString {
    let norm = normalize(name);
    let bare = match norm.strip_suffix(')').and_then(|n| n.rsplit_once('(')) {
        Some((label, weight)) if !label.is_empty() && weight.parse::<u32>().is_ok() => label,
        _ => &norm,
    };
    bare.trim_end_matches(':').trim_end_matches("指标").into()
}

fn check(cx: &Context, out: &mut Emit) {
    // The first levels of the filing's family, where it has its own (Sichuan's 部门决策(25分), Hubei's 项目决策).
    let family: Vec<CompactString> =
        cx.filing.template.iter().flat_map(|t| &t.framework).map(|f| stem(&crate::text::strip_weight(f))).collect();
    let national = |first: &str| LEVELS.iter().any(|(f, _)| *f == first);
    for (form_name, form) in cx.evaluations() {
        let first_stems: Vec<CompactString> = form.first_levels.iter().map(|level| stem(&level.name)).collect();
        for (level, level_stem) in form.first_levels.iter().zip(&first_stems) {
            let department =
                form.kind == crate::model::FormKind::Department && DEPARTMENT_LEVELS.contains(&level_stem.as_str());
            // A level with no name (only its weight, `(20分)`) names nothing to judge.
            if !level_stem.is_empty() && !national(level_stem) && !family.contains(level_stem) && !department {
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
                Some(home) if national(first_stem) => out.push(
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
                // Under a first level of the family's own framework, the family names no second levels to hold it to.
                None if !national(first_stem) => {}
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
        // 产出指标(50): a weight without its 分 is still 产出指标 (Lingling's, fixtures/real/).
        let filing = Parts::correct().edit("产出指标(30分)", "产出指标(30)").filing();
        assert!(run(&RULE, &filing).is_empty());
    }

    /// Pingshan's department form (fixtures/real/hebei-pingshan-2023-xingzhengshenpi) keeps the common department
    /// framework's 投入(30), with second levels of its own; a project's form is not held to it. A level with only a
    /// weight (`(20分)`, Dazhou's project sheet) names nothing to judge.
    #[test]
    fn a_department_form_may_keep_the_common_department_framework() {
        let filing =
            Parts::correct().edit("^ | 产出指标(30分) | 数量指标 | 培训人次", "^ | 投入(30) | 绩效目标指标管理 | 培训人次").filing();
        assert!(run(&RULE, &filing).is_empty(), "{:#?}", run(&RULE, &filing));
        let filing = Parts::correct().edit("^ | 产出指标(30分) | 数量指标 | 建设点位", "^ | 投入(30分) | 数量指标 | 建设点位").filing();
        one(run(&RULE, &filing), Severity::Warning);
        let filing = Parts::correct().edit("^ | 产出指标(30分) | 数量指标 | 建设点位", "^ | (30分) | 数量指标 | 建设点位").filing();
        assert!(run(&RULE, &filing).iter().all(|f| !f.message.zh.contains("一级指标")), "{:#?}", run(&RULE, &filing));
    }

    /// Dazhou's 部门整体支出绩效评价得分表 (fixtures/real/sichuan-dazhou-undated-dept-score): its levels are its
    /// family's own (部门决策 / 综合管理 / 部门绩效情况, Sichuan's framework), and the family names no second levels.
    #[test]
    fn a_family_of_its_own_framework_is_held_to_it() {
        let text = r#"
        一级指标 | 二级指标 | 三级指标 | 得分
        部门决策(25分) | 目标任务(15分) | 相关性(5分) |
        ^ | ^ | 明确性(5分) |
        ^ | ^ | 合理性(5分) |
        ^ | 预算编制(10分) | 测算依据(5分) |
        ^ | ^ | 目标管理(5分) |
        综合管理(30分) | 专项资金分配时限(2分) | 市级财力专项预算分配时限(1分) |
        ^ | ^ | 中央专款分配合规率(1分) |
        ^ | 中期评估(2分) | 执行中期评估(2分) |
        ^ | 绩效监控(5分) | 预算执行进度监控(2分) |
        ^ | ^ | 绩效目标动态监控(3分) |
        ^ | 非税收入执收情况(2分) | 非税收入征收情况(1分) |
        ^ | ^ | 非税收入上缴情况(1分) |
        ^ | 资产管理(6分) | 资产管理信息化情况(2分) |
        ^ | ^ | 行政事业单位资产报告情况(2分) |
        ^ | ^ | 资产管理与预算管理相结合(2分) |
        ^ | 内控制度管理(2分) | 内部控制度健全完整(2分) |
        ^ | 信息公开(6分) | 预算公开(2分) |
        ^ | ^ | 决算公开(2分) |
        ^ | ^ | 绩效信息公开(2分) |
        ^ | 绩效评价(5分) | 绩效评价开展(2分) |
        ^ | ^ | 评价结果应用(3分) |
        部门绩效情况(45分) | 履职成效(20分) | 部门特性指标 |
        ^ | ^ | |
        ^ | ^ | |
        ^ | ^ | |
        ^ | 可持续发展能力(15分) | 重点改革(重点工作)完成情况(5分) |
        ^ | ^ | 科技(制度、方法、机制等)创新(5分) |
        ^ | ^ | 人才培养(5分) |
        ^ | 满意度(10分) | 协作部门满意度(3分) |
        ^ | ^ | 管理对象满意度(3分) |
        ^ | ^ | 社会公众满意度(4分) |
        "#;
        let grid = crate::testing::sheet("部门整体支出绩效评价得分表.xlsx", "部门整体", text);
        let filing = crate::recognise::recognise(&crate::testing::workbook(vec![grid]));
        assert_eq!(filing.template.as_ref().map(|t| t.id.as_str()), Some("sichuan-dept-score"));
        assert_eq!(run(&RULE, &filing), []);
        // Told no family, the same levels are not the national template's.
        let mut national = filing.clone();
        national.template = None;
        assert_eq!(run(&RULE, &national).len(), 3);
    }
}
