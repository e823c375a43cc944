//! The rule registry: every rule, sorted by code. Adding a rule is its file and one line here.

use rust_decimal::Decimal;

use super::{Emit, Rule, Severity, finding, msg};
use crate::model::{Filing, NumberCell, SpendingLine, Text};

macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, in code order.
        pub static ALL: &[&Rule] = &[$(&$module::RULE),*];
    };
}

rules![
    s001_missing_form,
    s002_missing_header_field,
    s003_incomplete_indicator,
    s004_level_out_of_place,
    s005_empty_first_level,
    s006_goals_missing_or_copied,
    s007_project_without_table,
    s008_sign_off,
    s009_part_not_found,
    s010_form_found_twice,
    s011_formula_without_value,
    s012_unreadable_file,
    s013_far_cells,
    a001_funding_sources,
    a002_breakdown,
    a003_first_level_weights,
    a004_weights_total,
    a005_score_total,
    a006_three_public,
    a007_subset_exceeds_total,
    a008_project_lines,
    a009_staffing_rate,
    a010_budget_adjustment,
    a011_bad_numbers,
    a012_coefficient_score,
    e001_execution_rate,
    e002_over_execution,
    e003_execution_score,
    e004_shortfall_unexplained,
    e005_final_over_budget,
    e006_budget_vanished,
    p001_score_out_of_range,
    p002_higher_is_better,
    p003_lower_is_better,
    p004_zero_target,
    p005_shortfall_full_marks,
    p006_qualitative_band,
    p007_overshoot_full_marks,
    p008_deduction_without_reason,
    p009_satisfaction_basis,
    p010_not_applicable,
    p011_grade,
    p012_inflated_score,
    q001_unmeasurable_target,
    q002_unit_mismatch,
    q003_vague_actual,
    q004_cost_vs_money,
    q005_duplicate_indicator,
    q006_time_without_time,
    x001_projects_vs_department,
    x002_basic_vs_projects,
    x003_project_named_differently,
    x004_basic_vs_department,
    x005_report_amount,
    x006_report_score,
    x007_same_statement,
    t001_name_misspelt,
    t002_personal_data,
    t003_report_sections,
    t004_no_problems,
    t005_years_and_dates,
];

pub(crate) use crate::model::amount;

/// A blank cell counts as 0 in a sum; a cell that is not a number makes the sum unknowable (A011 reports it).
pub(crate) fn amount_or_zero(cell: &Option<NumberCell>) -> Option<Decimal> {
    match cell {
        None => Some(Decimal::ZERO),
        Some(c) if c.value.text.trim().is_empty() => Some(Decimal::ZERO),
        Some(c) => c.value.value,
    }
}

/// Every text of the filing ([`Filing::texts`]) in one string, each followed by a NUL (which no word looked for
/// holds, so no match spans two texts): rules that look for a few words in all of them search the whole once,
/// with a byte search, rather than pass over each text.
pub(crate) struct AllText<'f> {
    pub texts: Vec<&'f Text>,
    pub joined: String,
    /// Where each text starts in `joined`.
    starts: Vec<usize>,
}

impl<'f> AllText<'f> {
    pub(crate) fn of(filing: &'f Filing) -> AllText<'f> {
        AllText::new(filing.texts())
    }

    fn new(texts: Vec<&'f Text>) -> AllText<'f> {
        let mut joined = String::with_capacity(texts.iter().map(|t| t.value.len() + 1).sum());
        let mut starts = Vec::with_capacity(texts.len());
        for text in &texts {
            starts.push(joined.len());
            joined.push_str(&text.value);
            joined.push('\0');
        }
        AllText { texts, joined, starts }
    }

    /// The indexes of the texts that hold any of `words`, in order.
    pub(crate) fn holding(&self, words: &[&str]) -> Vec<usize> {
        let mut found: Vec<usize> = words
            .iter()
            .flat_map(|w| memchr::memmem::find_iter(self.joined.as_bytes(), w.as_bytes()))
            .map(|at| self.starts.partition_point(|&start| start <= at) - 1)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Whether a cell holds anything at all.
pub(crate) fn filled(cell: &Option<NumberCell>) -> bool {
    cell.as_ref().is_some_and(|c| !c.value.text.trim().is_empty())
}

/// How far a stated total may sit from the sum of its `terms` parts: 0.01 per term is rounding (a warning),
/// more is an error. `None` when they agree.
pub(crate) fn sum_gap(total: Decimal, parts: Decimal, terms: usize) -> Option<Severity> {
    let gap = (total - parts).abs();
    if gap.is_zero() {
        None
    } else if gap <= Decimal::new(1, 2) * Decimal::from(terms.max(1)) {
        Some(Severity::Warning)
    } else {
        Some(Severity::Error)
    }
}

pub(crate) fn show(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The three value columns of 附件1's 经费控制情况, with their labels.
/// A value column of a row type: its label and how to get its cell.
pub(crate) type Column<T> = (&'static str, fn(&T) -> &Option<NumberCell>);

pub(crate) const SPENDING_COLUMNS: [Column<SpendingLine>; 3] =
    [("上年决算数", |l| &l.previous_final), ("预算数", |l| &l.budget), ("决算数", |l| &l.final_account)];

/// `total = Σ parts` on every column of 附件1 where any of them is filled; blanks count as 0.
pub(crate) fn spending_sum(out: &mut Emit, total: &SpendingLine, parts: &[&SpendingLine]) {
    for (column, cell) in SPENDING_COLUMNS {
        if !filled(cell(total)) && !parts.iter().any(|p| filled(cell(p))) {
            continue;
        }
        let Some(sum) = parts.iter().map(|p| amount_or_zero(cell(p))).sum::<Option<Decimal>>() else { continue };
        let Some(stated) = amount_or_zero(cell(total)) else { continue };
        let Some(severity) = sum_gap(stated, sum, parts.len()) else { continue };
        let name = crate::text::one_line(&total.label.value);
        let part_names: Vec<String> = parts.iter().map(|p| crate::text::one_line(&p.label.value)).collect();
        out.push(
            finding(msg(
                format!(
                    "附件1“{name}”{column}为 {}，其下各项（{}）之和为 {}",
                    show(stated),
                    part_names.join("、"),
                    show(sum)
                ),
                format!("附件1: {name} {column} is {}, its parts add up to {}", show(stated), show(sum)),
            ))
            .at(cell(total).as_ref().map_or(&total.label.at, |c| &c.at))
            .at_all(parts.iter().filter_map(|p| cell(p).as_ref().filter(|c| c.value.value.is_some()).map(|c| &c.at)))
            .found(show(stated))
            .expected(show(sum))
            .severity(severity),
        );
    }
}

/// A stated rate agrees with the computed one when they are equal at the precision the filer wrote.
pub(crate) fn rate_agrees(stated: Decimal, decimals: u32, computed: Decimal) -> bool {
    computed.round_dp_with_strategy(decimals, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        == stated.round_dp(decimals)
}

#[cfg(test)]
mod meta {
    use super::*;
    use crate::check::Category;
    use crate::grid::Address;

    #[test]
    fn all_text_finds_the_texts_holding_words() {
        let texts: Vec<Text> = ["汨罗市", "", "市民", "罗", "汨", "在汨罗"]
            .iter()
            .enumerate()
            .map(|(i, t)| Text::new((*t).into(), Address::paragraph("a.docx", i as u32 + 1)))
            .collect();
        let all = AllText::new(texts.iter().collect());
        let holding = |words: &[&str]| all.holding(words);
        assert_eq!(holding(&["汨罗"]), [0, 5]);
        assert_eq!(holding(&["市", "罗"]), [0, 2, 3, 5], "each text once, in order, a word at a text's start too");
        assert_eq!(holding(&["罗汨", "市市"]), Vec::<usize>::new(), "no word spans two texts");
        let every = texts.iter().enumerate().filter(|(_, t)| t.value.contains('汨') || t.value.contains('民'));
        assert_eq!(holding(&["汨", "民"]), every.map(|(i, _)| i).collect::<Vec<_>>());
    }

    #[test]
    fn codes_are_unique_sorted_and_match_their_category() {
        let codes: Vec<&str> = ALL.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_by_key(|c| ("SAEPQXT".find(&c[..1]).unwrap(), c.to_string()));
        sorted.dedup();
        assert_eq!(codes, sorted, "codes must be unique and in category order");
        for rule in ALL {
            assert!(Category::of(rule.code).is_some(), "{}", rule.code);
            assert_eq!(rule.code.len(), 4, "{}", rule.code);
        }
    }

    #[test]
    fn every_rule_is_documented_in_every_section() {
        for rule in ALL {
            let doc = rule.documentation();
            for section in ["## 检查内容", "## 为什么重要", "## 示例", "## 依据", "## 如何修改"] {
                assert!(doc.contains(section), "{} lacks {section}", rule.code);
            }
            assert!(
                !rule.name.is_empty() && !rule.name_en.is_empty() && !rule.help.is_empty() && !rule.help_en.is_empty(),
                "{}",
                rule.code
            );
        }
    }

    /// Each rule file has a test where it fires and one where it stays silent.
    #[test]
    fn every_rule_has_a_firing_and_a_silent_test() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/check/rules");
        for rule in ALL {
            let prefix = rule.code.to_lowercase();
            let file = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(&prefix))
                .unwrap_or_else(|| panic!("no file for {}", rule.code));
            let text = std::fs::read_to_string(&file).unwrap();
            assert!(text.contains("fn fires"), "{} has no firing test", rule.code);
            assert!(text.contains("fn silent"), "{} has no silent test", rule.code);
        }
    }

    #[test]
    fn the_generated_rule_reference_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        let generated = crate::check::rules_markdown();
        if std::env::var_os("ZICHA_BLESS").is_some() {
            std::fs::write(&path, &generated).unwrap();
            return;
        }
        assert!(
            current == generated,
            "docs/rules.md is stale: run `ZICHA_BLESS=1 cargo test -p zicha-core the_generated_rule_reference_is_current`"
        );
    }

    /// The correct test filing trips no rule at all: every rule is silent where the filing is right.
    #[test]
    fn a_correct_filing_has_no_findings() {
        let filing = crate::check::testing::Parts::correct().filing();
        let findings: Vec<String> = ALL
            .iter()
            .flat_map(|rule| crate::check::testing::run(rule, &filing))
            .map(|f| format!("{} {}", f.code, f.message.zh))
            .collect();
        assert!(findings.is_empty(), "{findings:#?}");
    }
}
