//! A004: 执行率分值 + the first-level weights = 100, and each weight as the profile expects.

use rust_decimal::Decimal;

use crate::check::rules::show;
use crate::check::{Context, Emit, Severity, finding, msg};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 预算执行率的分值与各一级指标分值之和是否为 100（总分行填了分值合计的，也应为 100）；各一级指标和执行率的分值
    /// 是否与所选方案的权重一致（不一致为提示）。
    /// ## 为什么重要
    /// 满分不是 100，总分和等级就失去可比性；权重与方案不符，说明用了别地或旧版的模板。
    /// ## 示例
    /// 执行率 10 分 + 产出 30 + 效益 30 + 满意度 10 + 成本 20 = 100（湖南）；中央模板为 10 + 50 + 30 + 10。
    /// ## 依据
    /// 财预〔2020〕10号：预算执行率 10 分，产出、效益、满意度等一级指标权重统一设置；地方方案另有规定的从其规定。
    /// ## 如何修改
    /// 按本地方案的权重调整分值。
    pub static RULE = {
        code: "A004",
        name: "分值合计不为 100",
        name_en: "weights do not total 100",
        severity: Error,
        help: "按本地方案的权重调整执行率和各一级指标的分值。",
        help_en: "Set the execution and first-level weights as the local profile requires.",
        check: check,
    };
}

fn check(cx: &Context, out: &mut Emit) {
    let hundred = Decimal::ONE_HUNDRED;
    for (form_name, form) in cx.evaluations() {
        let execution = form.funds.as_ref().and_then(|f| f.total.as_ref()).and_then(|t| t.weight.as_ref());
        let levels: Vec<_> = form.first_levels.iter().filter_map(|l| l.weight.as_ref().map(|w| (l, w))).collect();
        // The execution's weight against the profile's, whatever the levels show.
        if let Some(weight) = execution
            && let Some(value) = weight.value.value
            && value != cx.profile.execution_weight
        {
            out.push(
                finding(msg(
                    format!("{form_name}预算执行率为 {} 分，方案规定 {} 分", show(value), show(cx.profile.execution_weight)),
                    format!("{form_name}: execution has {} points, the profile says {}", show(value), show(cx.profile.execution_weight)),
                ))
                .at(&weight.at)
                .found(show(value))
                .expected(show(cx.profile.execution_weight))
                .severity(Severity::Warning),
            );
        }
        // No weight in the level labels: the indicators' own 分值 with the execution's must make 100.
        if levels.is_empty() && form.layout.weight_column {
            let weights: Vec<_> = form.indicators.iter().filter_map(|i| i.weight.as_ref()).collect();
            let indicators: Decimal = weights.iter().filter_map(|w| w.value.value).sum();
            let execution_weight = execution.and_then(|w| w.value.value).unwrap_or_default();
            let sum = execution_weight + indicators;
            if !weights.is_empty() && sum != hundred {
                out.push(
                    finding(msg(
                        format!(
                            "{form_name}执行率分值 {} 与各指标分值合计 {} 之和为 {}，应为 100",
                            show(execution_weight),
                            show(indicators),
                            show(sum)
                        ),
                        format!(
                            "{form_name}: execution {} and indicator weights {} total {}, not 100",
                            show(execution_weight),
                            show(indicators),
                            show(sum)
                        ),
                    ))
                    .at_all(execution.map(|w| &w.at))
                    .at_all(weights.iter().map(|w| &w.at))
                    .found(show(sum))
                    .expected("100"),
                );
            }
        }
        if levels.len() != form.first_levels.len() || levels.is_empty() {
            continue;
        }
        let execution_weight = execution.and_then(|w| w.value.value).unwrap_or_default();
        let sum = execution_weight + levels.iter().filter_map(|(_, w)| w.value.value).sum::<Decimal>();
        if sum != hundred {
            out.push(
                finding(msg(
                    format!("{form_name}执行率分值与一级指标分值合计 {}，应为 100", show(sum)),
                    format!("{form_name}: the weights total {}, not 100", show(sum)),
                ))
                .at_all(execution.map(|w| &w.at))
                .at_all(levels.iter().map(|(_, w)| &w.at))
                .found(show(sum))
                .expected("100"),
            );
        }
        if let Some(total_weight) = form.total.as_ref().and_then(|t| t.weight.as_ref())
            && let Some(value) = total_weight.value.value
            && value != hundred
        {
            out.push(
                finding(msg(format!("{form_name}总分行的分值合计为 {}，应为 100", show(value)), format!("{form_name}: the 总分 weight is {}, not 100", show(value))))
                    .at(&total_weight.at)
                    .found(show(value))
                    .expected("100"),
            );
        }
        // Against the form's own printed note: the labels (and the 分值 column) are the filer's weights, the note
        // what the template asked for.
        for (level, weight) in &levels {
            let Some(value) = weight.value.value else { continue };
            let Some(noted) = form.noted_weights.iter().find(|n| n.name == level.name) else { continue };
            if value != noted.weight {
                out.push(
                    finding(msg(
                        format!(
                            "{form_name}“{}”标明 {} 分，表注规定 {} 分",
                            crate::text::one_line(&level.label.value),
                            show(value),
                            show(noted.weight)
                        ),
                        format!("{form_name}: {} has {} points, the form's note says {}", level.name, show(value), show(noted.weight)),
                    ))
                    .at(&weight.at)
                    .at(&noted.at)
                    .found(show(value))
                    .expected(show(noted.weight))
                    .severity(Severity::Warning),
                );
            }
        }
        // Against the profile: a first level the profile names with another weight.
        for (level, weight) in &levels {
            let (Some(value), Some(expected)) = (weight.value.value, cx.profile.first_level_weight(&level.name)) else { continue };
            if value != expected {
                out.push(
                    finding(msg(
                        format!("{form_name}“{}”为 {} 分，方案“{}”规定 {} 分", level.name, show(value), cx.profile.name, show(expected)),
                        format!("{form_name}: {} has {} points, the profile says {}", level.name, show(value), show(expected)),
                    ))
                    .at(&weight.at)
                    .found(show(value))
                    .expected(show(expected))
                    .severity(Severity::Warning),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::testing::{Parts, run, run_with, snapshot};
    use crate::profile::Profile;

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct().edit("成本指标(20分)", "成本指标(25分)").filing();
        let findings = run(&RULE, &filing);
        assert!(findings.iter().any(|f| f.severity == Severity::Error && f.found.as_deref() == Some("105")), "{findings:#?}");
        let central = Profile::builtin_by_id("central").unwrap();
        let findings = run_with(&RULE, &Parts::correct().filing(), &central);
        assert!(findings.iter().any(|f| f.severity == Severity::Warning && f.message.zh.contains("产出指标")), "{findings:#?}");
    }

    /// Sichuan's 衔接 form prints the weights in a note, and filers' labels can say otherwise.
    #[test]
    fn fires_on_a_label_the_note_contradicts() {
        let note = "注:1.一级指标分值统一设置为:产出指标50分、效益指标30分、满意度指标10分、预算资金执行率10分";
        let mut parts = Parts::correct();
        parts.department = parts.department.replacen("总分 | < | < | < | < | < | 100 | 100 |", &format!("总分 | < | < | < | < | < | 100 | 100 |\n{note}"), 1);
        let findings = run(&RULE, &parts.filing());
        let noted = findings.iter().find(|f| f.message.zh.contains("表注规定")).expect("a finding on the note");
        assert_eq!((noted.found.as_deref(), noted.expected.as_deref()), (Some("30"), Some("50")));
        assert_eq!(noted.severity, Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
