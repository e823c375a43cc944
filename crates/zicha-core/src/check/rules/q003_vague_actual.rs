//! Q003: an actual value that says nothing measurable, or repeats the target.

use crate::check::{Context, Emit, finding, msg};
use crate::measure::Value;
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 实际完成值只写“完成”“已完成”“达成预期指标”“效果明显”“高”“好”“是”“基本达到”“良好”之类，或者原样照抄年度指标值
    /// （连“≥”一起照抄，照抄空泛的词，或照抄四个字以内的短语）。年度指标值本身是数字的情形由 Q002 报告。
    /// ## 为什么重要
    /// 实际完成值是得分的依据；空泛或照抄的完成值等于没有证据。
    /// ## 示例
    /// 年度指标值“有所提升”，实际完成值“有所提升”；实际完成值“已完成”。
    /// ## 依据
    /// 财预〔2020〕10号附件：实际完成值应如实填写，定性指标应有具体表述。
    /// ## 如何修改
    /// 写出具体的完成结果：数量、比例、时间或可核实的事实。
    pub static RULE = {
        code: "Q003",
        name: "实际完成值空泛",
        name_en: "vague actual value",
        severity: Warning,
        help: "写出具体的完成结果：数量、比例、时间或可核实的事实。",
        help_en: "State a concrete result: a quantity, a rate, a date or a verifiable fact.",
        check: check,
    };
}

pub(crate) const VAGUE: &[&str] = &["完成", "已完成", "全部完成", "达成预期指标", "达到预期", "达成", "效果明显", "高", "好", "是", "基本达到", "良好", "较好", "显著"];

fn check(cx: &Context, out: &mut Emit) {
    for (form_name, form) in cx.evaluations() {
        for indicator in &form.indicators {
            let Some(actual) = &indicator.actual else { continue };
            let target_kind = &indicator.measures.target;
            let actual_norm = normalize(&actual.value);
            let norm = actual_norm.trim_end_matches(['。', '.']);
            // A copied target is vague when it is a comparison, vague words, or a phrase too short to be a result
            // (`持续发展`); `无负面影响` copied is a plain answer.
            let target_norm = indicator.target.as_ref().map(|t| normalize(&t.value)).unwrap_or_default();
            let comparison = target_norm.contains(['≥', '≤', '>', '<', '≧', '≦']);
            let copied = target_norm == actual_norm
                && !matches!(target_kind, Some(Value::Time))
                && (comparison
                    || crate::check::rules::q001_unmeasurable_target::VAGUE_WORDS.found_in(&target_norm)
                    || target_norm.chars().count() <= 4);
            // A numeric target answered with words is Q002's; answered with the target itself (`≥80%`), this one's.
            if matches!(target_kind, Some(Value::Quantity(_))) && !(copied && comparison) {
                continue;
            }
            let vague = VAGUE.contains(&norm);
            if !copied && !vague {
                continue;
            }
            let name = indicator.name.as_ref().map_or("", |n| n.value.trim());
            let why = if copied { "照抄了年度指标值" } else { "过于空泛" };
            out.push(
                finding(msg(
                    format!("{form_name}指标“{name}”的实际完成值“{}”{why}", actual.value.trim()),
                    format!("{form_name}: the actual value of {name} ({}) is {}", actual.value.trim(), if copied { "the target copied" } else { "vague" }),
                ))
                .at(&actual.at)
                .found(actual.value.trim()),
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
        let filing = Parts::correct().edit("完成时间 | 2023年12月底前 | 2023年11月完成", "完成时间 | 2023年12月底前 | 已完成").filing();
        one(run(&RULE, &filing), Severity::Warning);
        let filing = Parts::correct().edit("受益人数 | ≥500人 | 550人", "受益人数 | 持续发展 | 持续发展").filing();
        assert!(one(run(&RULE, &filing), Severity::Warning).message.zh.contains("照抄"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
    }
}
