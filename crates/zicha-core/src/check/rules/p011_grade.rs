//! P011: a stated grade that does not match the total.

use crate::check::{Context, Emit, finding, msg};
use crate::check::rules::show;
use crate::model::FormKind;
use crate::grid::Address;
use crate::narrative::{Fact, Quantity, Scope};
use crate::score::Grade;
use crate::text::Words;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 报告中写明的评价等级（“评价等级为优”“自评结果：良”等）是否与自评总分对应：优 ≥ 90，良 80–90，中 60–80，差 < 60。
    /// 没有自评表时，与报告自己写的得分（同一段里的，或全文唯一的得分）对照。
    /// ## 为什么重要
    /// 等级是自评结果应用的依据；与总分不符的等级会被直接退回。
    /// ## 示例
    /// 总分 85，报告写“自评等级为优”。
    /// ## 依据
    /// 财预〔2020〕10号：绩效评价结果采取评分和评级相结合的方式，总分 100 分，分为优、良、中、差四个等级。
    /// ## 如何修改
    /// 按总分所在区间改正等级，或核对总分。
    pub static RULE = {
        code: "P011",
        name: "评价等级与总分不符",
        name_en: "grade does not match the total",
        severity: Error,
        help: "按总分所在区间改正等级（优 ≥ 90，良 80–90，中 60–80，差 < 60），或核对总分。",
        help_en: "Correct the grade to the total's band (优 ≥ 90, 良 80–90, 中 60–80, 差 < 60), or check the total.",
        check: check,
    };
}

/// `等级为优`, `评价结果：良好`, `自评等级“优”` → the grade and its character range.
/// The words a grade follows; a text without any of them is passed over before its characters are collected.
const GRADE_WORDS: Words<3> = Words::new(["等级", "结果", "评级"]);

pub(crate) fn stated_grades(text: &str) -> Vec<(Grade, (usize, usize))> {
    if !GRADE_WORDS.found_in(text) {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for (i, window) in chars.windows(2).enumerate() {
        let is_grade_word = |w: &&str| w.chars().eq(window.iter().copied());
        if !GRADE_WORDS.as_slice().iter().any(is_grade_word) {
            continue;
        }
        let rest: String = chars[i + 2..chars.len().min(i + 8)].iter().collect();
        let rest = rest.trim_start_matches(['为', '是', '：', ':', '“', '"', '「', ' ', '评', '定']);
        for (word, grade) in [("优秀", Grade::优), ("良好", Grade::良), ("优", Grade::优), ("良", Grade::良), ("中", Grade::中), ("合格", Grade::中), ("差", Grade::差)] {
            if rest.starts_with(word) {
                let start = chars.len() - rest.chars().count();
                found.push((grade, (start, start + word.chars().count())));
                break;
            }
        }
    }
    found
}

fn check(cx: &Context, out: &mut Emit) {
    let reports = cx.filing.department_report.iter().map(|r| (r, Scope::Department)).chain(
        cx.filing.project_reports.iter().map(|r| (r, crate::narrative::report_scope(cx.filing, r))),
    );
    for (report, scope) in reports {
        let card = match scope {
            Scope::Department => cx.scores.forms.iter().find(|f| f.kind == FormKind::Department),
            Scope::Project(Some(i)) => cx.scores.forms.iter().filter(|f| f.kind == FormKind::Project).nth(i),
            _ => None,
        };
        let table_total = card.and_then(|c| c.declared_total);
        if table_total.is_none() && (cx.filing.department.is_some() || !cx.filing.projects.is_empty()) {
            continue;
        }
        let paragraphs: Vec<&Address> = report.paragraphs().map(|p| &p.at).collect();
        let scores: Vec<&Fact> =
            cx.facts.iter().filter(|f| f.quantity == Some(Quantity::Score) && paragraphs.contains(&&f.at)).collect();
        let only_score = match scores.as_slice() {
            [first, rest @ ..] if rest.iter().all(|f| f.value == first.value) => Some(first.value),
            _ => None,
        };
        for paragraph in report.paragraphs() {
            for (grade, span) in stated_grades(&paragraph.value) {
                // A report alone: the score it states before the grade in the same paragraph, else its only score.
                let own = || {
                    let before = scores.iter().rfind(|f| f.at == paragraph.at && f.span.1 <= span.0);
                    before.map(|f| f.value).or(only_score)
                };
                let Some(total) = table_total.or_else(own) else { continue };
                let expected = Grade::of(total);
                if grade != expected {
                    out.push(
                        finding(msg(
                            format!("报告写明等级“{grade:?}”，自评总分 {} 对应“{expected:?}”", show(total)),
                            format!("the report states grade {grade:?}, the total {} means {expected:?}", show(total)),
                        ))
                        .at_span(&paragraph.at, span)
                        .found(format!("{grade:?}"))
                        .expected(format!("{expected:?}")),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Severity;
    use crate::check::testing::{Parts, one, report_filing, run, snapshot};

    #[test]
    fn fires() {
        let _snapshot = snapshot(&RULE);
        let filing = Parts::correct()
            .edit("总分 | < | < | < | < | < | 100 | 100 |", "总分 | < | < | < | < | < | 100 | 85 |")
            .edit("自评得分100分。", "自评得分85分，评价等级为优。")
            .filing();
        assert_eq!(one(run(&RULE, &filing), Severity::Error).expected.as_deref(), Some("良"));
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        let right = Parts::correct().edit("自评得分100分。", "自评得分100分，评价等级为优。").filing();
        assert!(run(&RULE, &right).is_empty());
        assert_eq!(stated_grades("自评结果：良好").len(), 1);
    }

    #[test]
    fn each_word_a_grade_follows_gets_past_the_prefilter() {
        for text in ["评价等级为优", "自评结果：良好", "综合评级为中", "无"] {
            let by_windows = ["等级", "结果", "评级"].iter().any(|w| text.contains(w));
            assert_eq!(stated_grades(text).len(), usize::from(by_windows), "{text}");
        }
    }

    #[test]
    fn a_report_alone_is_held_to_its_own_score() {
        let report = ["2023年度某某项目绩效自评报告", "一、自评结论", "经自评，该项目得分92分，评价等级为良。"];
        let found = one(run(&RULE, &report_filing(&report)), Severity::Error);
        assert_eq!((found.found.as_deref(), found.expected.as_deref()), (Some("良"), Some("优")));
        let right = ["2023年度某某项目绩效自评报告", "一、自评结论", "经自评，该项目得分92分，评价等级为优。"];
        assert!(run(&RULE, &report_filing(&right)).is_empty());
    }
}
