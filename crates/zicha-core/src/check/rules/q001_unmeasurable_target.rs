//! Q001: a target with no number, threshold or date, only words.

use crate::check::{Context, Emit, finding, msg};
use crate::measure::Value;
use crate::text::{Words, normalize};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 年度指标值没有数字、阈值或时间，只有“有所提升”“明显”“显著”“进一步”“逐步”“不断”“稳步”“较好”“良好”“有效”
    /// “大幅”“积极”“力争”“促进”之类的词。
    /// ## 为什么重要
    /// 无法衡量的目标无法判断是否完成，得分也就没有依据；这是绩效目标审核最常见的退回理由。
    /// ## 示例
    /// 经济效益指标“促进经济发展”，年度指标值“有所提升”。
    /// ## 依据
    /// 财预〔2015〕88号《中央部门预算绩效目标管理办法》：绩效指标应当细化、量化，可衡量。
    /// ## 如何修改
    /// 改为可衡量的指标值：数量、比例、时限，或明确的完成标志。
    pub static RULE = {
        code: "Q001",
        name: "指标值无法衡量",
        name_en: "unmeasurable target",
        severity: Warning,
        help: "改为可衡量的指标值：数量、比例、时限，或明确的完成标志。",
        help_en: "Use a measurable target: a quantity, a rate, a deadline, or a clear completion mark.",
        check: check,
    };
}

pub(crate) const VAGUE_WORDS: Words<16> = Words::new([
    "有所提升", "有所提高", "有所改善", "明显", "显著", "进一步", "逐步", "不断", "稳步", "较好", "良好", "有效", "大幅", "积极",
    "力争", "促进",
]);

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let Some(target) = &indicator.target else { continue };
            if indicator.measures.target != Some(Value::Qualitative) {
                continue;
            }
            let norm = normalize(&target.value);
            if norm.chars().any(|c| c.is_ascii_digit()) {
                continue;
            }
            // A vague word, or a target that is an outcome word and nothing else (`已完成`: done how much?).
            let outcome = crate::check::rules::q003_vague_actual::VAGUE.iter().find(|w| **w == norm.trim_end_matches('。'));
            let vague = || VAGUE_WORDS.as_slice().iter().find(|w| norm.contains(*w));
            let Some(word) = outcome.or_else(vague) else { continue };
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”的年度指标值“{}”无法衡量（“{word}”）", target.value.trim()),
                    format!("{form_name}: the target of {name} ({}) cannot be measured", target.value.trim()),
                ))
                .at(&target.at)
                .found(target.value.trim()),
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
        let filing = Parts::correct().edit("受益人数 | ≥500人 | 550人", "受益人数 | 有所提升 | 550人").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Warning).found.as_deref(), Some("有所提升"));
        // A target that is only an outcome word (Sichuan 2021: 食品安全监管人员培训 | 已完成 | 已完成).
        let filing = Parts::correct().edit("受益人数 | ≥500人 | 550人", "受益人数 | 已完成 | 550人").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Warning).found.as_deref(), Some("已完成"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
