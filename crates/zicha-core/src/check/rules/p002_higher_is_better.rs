//! P002: a higher-is-better indicator scored above B/A × 分值.

use crate::check::rules::show;
use crate::check::{Context, Emit, finding, msg};
use crate::model::Indicator;
use crate::score::{Method, RowScore};

crate::check::declare_rule! {
    /// ## 检查内容
    /// 目标为“≥A”或只写一个数的定量指标：实际值 B 达到 A 得满分，未达到按 B/A × 分值计分。得分高于这样算出的分数为提示
    /// （得满分的情形由 P005 报告）。
    /// ## 为什么重要
    /// 定量指标的得分可以直接算出来；高于计算结果就是“自评分虚高”。
    /// ## 示例
    /// 目标 ≥1000 人次，实际 800 人次，分值 10，应得 8 分，填了 9 分。
    /// ## 依据
    /// 财预〔2020〕10号附件：“未完成指标值的，按照完成值与指标值的比例记分”。
    /// ## 如何修改
    /// 按 B/A × 分值重新计分，并在偏差原因中说明未完成的原因。
    pub static RULE = {
        code: "P002",
        name: "正向指标得分偏高",
        name_en: "higher-is-better indicator over-scored",
        severity: Warning,
        help: "按完成值 ÷ 指标值 × 分值重新计分，并说明未完成的原因。",
        help_en: "Score as actual ÷ target × weight, and explain the shortfall.",
        check: check,
    };
}

/// An indicator of the given method scored above its recomputed score, but short of full marks (full marks
/// on a shortfall are P005's).
pub(crate) struct OverScored<'a> {
    pub form_name: String,
    pub indicator: &'a Indicator,
    pub row: &'a RowScore,
}

pub(crate) fn over_scored<'a>(cx: &'a Context, method: Method) -> Vec<OverScored<'a>> {
    let mut found = Vec::new();
    for ((form_name, form), card) in cx.evaluations().zip(&cx.scores.forms) {
        for (indicator, row) in form.indicators.iter().zip(&card.rows) {
            let (Some(declared), Some(recomputed), Some(weight)) = (row.declared, row.recomputed, row.weight) else { continue };
            if row.method == method && declared > recomputed && declared != weight && row.differs() {
                found.push(OverScored { form_name: form_name.to_string(), indicator, row });
            }
        }
    }
    found
}

pub(crate) fn report(out: &mut Emit, item: &OverScored, formula: &str, expected: String) {
    let name = item.indicator.name.as_ref().map_or("", |n| n.value.trim());
    let declared = item.row.declared.map(show).unwrap_or_default();
    let recomputed = item.row.recomputed.map(show).unwrap_or_default();
    let form_name = &item.form_name;
    out.push(
        finding(msg(
            format!("{form_name}指标“{name}”得分 {declared}，按{formula}应为 {recomputed}"),
            format!("{form_name}: {name} scored {declared}, the formula gives {recomputed}"),
        ))
        .at(&item.row.at)
        .at_all(item.indicator.actual.as_ref().map(|a| &a.at))
        .found(declared)
        .expected(expected),
    );
}

fn check(cx: &Context, out: &mut Emit) {
    for item in over_scored(cx, Method::HigherIsBetter) {
        let expected = item.row.recomputed.map(show).unwrap_or_default();
        report(out, &item, "完成值 ÷ 指标值 × 分值", expected);
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
        let filing = Parts::correct().edit("培训人次 | ≥1000人次 | 1100人次 | 10 | 10", "培训人次 | ≥1000人次 | 800人次 | 10 | 9").filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Warning).expected.as_deref(), Some("8"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let fair = Parts::correct().edit("培训人次 | ≥1000人次 | 1100人次 | 10 | 10", "培训人次 | ≥1000人次 | 800人次 | 10 | 8").filing();
        assert!(run(&RULE, &fair).is_empty());
    }
}
