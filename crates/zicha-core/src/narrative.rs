//! The numbers the prose quotes, and what each one names: `涉及一般公共预算支出196.66万元` is a fact about the
//! general-budget spending of the department; `人员经费92.33万元，占基本支出的62.11%` two facts, the second a share.
//! The cross-checks (X005, X006) compare these facts with the tables.
//!
//! A number is read with its unit (万元, 元, %, 人, 名, 个, 分) and the clause before it, back to the previous
//! punctuation; the last keyword in that clause names the quantity. Dates, list numbers and counts of other things
//! are not facts. A sentence about the projects (`…3个项目开展了部门评价，涉及…`) and every sentence of a 附件5
//! speak about projects, not the department.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::grid::Address;
use crate::model::{Filing, FormKind, Report};
use crate::text::{Has, rfind_word};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Unit {
    /// 万元 (amounts in 元 are converted).
    Money,
    Percent,
    /// 人, 名.
    People,
    /// 个, 项.
    Count,
    /// 分.
    Points,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Quantity {
    TotalFunds,
    GeneralBudget,
    GovernmentFunds,
    StateCapital,
    BasicExpenditure,
    PersonnelCost,
    PublicFunds,
    ProjectExpenditure,
    ThreePublic,
    AuthorizedStaff,
    ActualStaff,
    Score,
    /// Money named only as 资金 / 支出 / 经费 (its scope says whose).
    Funds,
}

impl Quantity {
    pub(crate) fn zh(self) -> &'static str {
        match self {
            Quantity::TotalFunds => "年度资金总额",
            Quantity::GeneralBudget => "一般公共预算支出",
            Quantity::GovernmentFunds => "政府性基金预算支出",
            Quantity::StateCapital => "国有资本经营预算支出",
            Quantity::BasicExpenditure => "基本支出",
            Quantity::PersonnelCost => "人员经费",
            Quantity::PublicFunds => "公用经费",
            Quantity::ProjectExpenditure => "项目支出",
            Quantity::ThreePublic => "“三公”经费",
            Quantity::AuthorizedStaff => "编制数",
            Quantity::ActualStaff => "在职人数",
            Quantity::Score => "自评得分",
            Quantity::Funds => "资金",
        }
    }

    fn unit(self) -> Unit {
        match self {
            Quantity::AuthorizedStaff | Quantity::ActualStaff => Unit::People,
            Quantity::Score => Unit::Points,
            _ => Unit::Money,
        }
    }
}

/// Whose quantity a sentence speaks of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "index", rename_all = "snake_case")]
pub(crate) enum Scope {
    Department,
    /// The department's projects together (附件4 sentences about the projects).
    Projects,
    /// One project: its 附件5, matched to a 附件3 by title (index into `Filing::projects`, when matched).
    Project(Option<usize>),
}

/// A number the prose quotes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct Fact {
    pub at: Address,
    /// Character range of the number and its unit in the paragraph.
    pub span: (usize, usize),
    pub value: Decimal,
    /// Decimals as written (for comparing shares after rounding).
    pub decimals: u32,
    pub unit: Unit,
    pub quantity: Option<Quantity>,
    /// For a share (`占基本支出的62.11%`): the quantity it is a share of.
    pub share_of: Option<Quantity>,
    /// The clause that names it, for messages and for matching project names.
    pub label: String,
    pub scope: Scope,
    /// Index of the sentence within the report, so parts and shares pair with their neighbours.
    pub sentence: usize,
    pub report: FormKind,
}

const KEYWORDS: &[(&str, Quantity)] = &[
    ("年度资金总额", Quantity::TotalFunds),
    ("资金总额", Quantity::TotalFunds),
    ("预算总额", Quantity::TotalFunds),
    ("一般公共预算", Quantity::GeneralBudget),
    ("政府性基金", Quantity::GovernmentFunds),
    ("国有资本经营", Quantity::StateCapital),
    ("基本支出", Quantity::BasicExpenditure),
    ("人员经费", Quantity::PersonnelCost),
    ("公用经费", Quantity::PublicFunds),
    ("项目支出", Quantity::ProjectExpenditure),
    ("三公", Quantity::ThreePublic),
    ("编制", Quantity::AuthorizedStaff),
    ("在职", Quantity::ActualStaff),
    ("得分", Quantity::Score),
    ("自评分", Quantity::Score),
    ("总分", Quantity::Score),
    ("评分", Quantity::Score),
    ("资金", Quantity::Funds),
    ("支出", Quantity::Funds),
    ("经费", Quantity::Funds),
];

/// The quantity a clause names: the specific keyword nearest the number; the generic 资金 / 支出 / 经费 only
/// when no specific one is there (`一般公共预算支出` is general-budget spending, not just spending).
fn quantity_in(clause: &str) -> Option<Quantity> {
    let nearest = |words: &[(&str, Quantity)]| {
        words
            .iter()
            .filter_map(|(word, q)| rfind_word(clause, word).map(|i| (i + word.len(), word.len(), *q)))
            .max_by_key(|(end, len, _)| (*end, *len))
            .map(|(_, _, q)| q)
    };
    let (specific, generic) = KEYWORDS.split_at(KEYWORDS.len() - 3);
    nearest(specific).or_else(|| nearest(generic))
}

pub(crate) fn facts(filing: &Filing) -> Vec<Fact> {
    let mut out = Vec::new();
    for report in filing.department_report.iter().chain(&filing.project_reports) {
        read_report(report, report_scope(filing, report), &mut out);
    }
    out
}

/// Whom a report speaks of: the department (附件4) or the project its title names (附件5).
pub(crate) fn report_scope(filing: &Filing, report: &Report) -> Scope {
    match report.kind {
        FormKind::DepartmentReport => Scope::Department,
        _ => Scope::Project(match_project(filing, report)),
    }
}

/// The 附件3 a 附件5 is about: the one whose name its title shares the longest run of characters with.
fn match_project(filing: &Filing, report: &Report) -> Option<usize> {
    let title = crate::text::normalize(&report.title.as_ref()?.value);
    filing
        .projects
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let name = crate::text::normalize(&p.name.as_ref()?.value);
            let common = crate::text::longest_common_run(&title, &name);
            (common >= 4.min(name.chars().count())).then_some((common, i))
        })
        .max()
        .map(|(_, i)| i)
}

fn read_report(report: &Report, scope: Scope, out: &mut Vec<Fact>) {
    let paragraphs = report.sections.iter().flat_map(|s| std::iter::once(&s.heading).chain(&s.paragraphs));
    let (mut sentence, mut chars) = (0, Vec::new());
    for paragraph in report.preamble.iter().chain(paragraphs) {
        sentence += 1;
        chars.clear();
        chars.extend(paragraph.value.char_indices());
        read_paragraph(&paragraph.value, &chars, &paragraph.at, scope, report.kind, &mut sentence, out);
    }
}

const SENTENCE_END: &[char] = &['。', '；', ';', '！', '？', '\n'];
const CLAUSE_END: &[char] = &['，', ',', '、', '：', ':', '（', '(', '）', ')', '“', '”', '"'];

/// `indexed` is `text.char_indices()`: the pieces looked at are slices of the text, by the characters' positions,
/// not copies.
fn read_paragraph(
    text: &str,
    indexed: &[(usize, char)],
    at: &Address,
    scope: Scope,
    report: FormKind,
    sentence: &mut usize,
    out: &mut Vec<Fact>,
) {
    let chars = Chars(indexed);
    let piece = |from: usize, to: usize| {
        &text[indexed.get(from).map_or(text.len(), |c| c.0)..indexed.get(to).map_or(text.len(), |c| c.0)]
    };
    let mut sentence_start = 0;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if SENTENCE_END.contains(&c) {
            *sentence += 1;
            sentence_start = i + 1;
            i += 1;
            continue;
        }
        if !c.is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit() || chars[i] == '.' && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            i += 1;
        }
        let number = piece(start, i);
        // Dates (`2023.1.1`, `2023年`), list numbers (`1、`, `（2）`), ordinals (`第3`) are not quantities.
        let next = chars.get(i);
        let previous = start.checked_sub(1).map(|p| chars[p]);
        if number.matches('.').count() > 1
            || matches!(next, Some('年' | '月' | '日' | '号' | '、' | ')' | '）' | '.' | '-' | '至' | '+'))
            || previous == Some('第')
        {
            continue;
        }
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let rest = piece(j, chars.len().min(j + 3));
        let Some(mut value) = crate::text::decimal(number) else { continue };
        let (unit, unit_len) = if rest.starts_with("万元") {
            (Unit::Money, 2)
        } else if rest.starts_with('万') {
            // `10.69 万人` and `10万+志愿者` count people; `共支出28万` is money.
            let after = rest.chars().nth(1);
            let before = piece(sentence_start, start);
            let speaks_of_money = ["资金", "经费", "支出", "预算", "拨款", "费"].iter().any(|w| before.has(w));
            if after.is_some_and(|c| !is_break(c) || c == '+') || !speaks_of_money {
                continue;
            }
            (Unit::Money, 1)
        } else if rest.starts_with('元') {
            value /= Decimal::from(10_000);
            (Unit::Money, 1)
        } else if rest.starts_with('%') || rest.starts_with('％') {
            (Unit::Percent, 1)
        } else if rest.starts_with('人') || rest.starts_with('名') {
            (Unit::People, 1)
        } else if rest.starts_with('个') || rest.starts_with('项') {
            (Unit::Count, 1)
        } else if rest.starts_with('分') {
            (Unit::Points, 1)
        } else {
            continue;
        };
        let clause_start = (sentence_start..start)
            .rposition(|k| CLAUSE_END.contains(&chars[k]) || chars[k].is_ascii_digit())
            .map_or(sentence_start, |p| sentence_start + p + 1);
        let clause = piece(clause_start, start);
        let sentence_text = piece(sentence_start, start);
        let decimals = number.split_once('.').map_or(0, |(_, d)| d.len() as u32);
        let (quantity, share_of) = if unit == Unit::Percent {
            match clause.find('占') {
                Some(k) => (None, quantity_in(&clause[k..])),
                None => (quantity_in(clause), None),
            }
        } else {
            (quantity_in(clause).filter(|q| q.unit() == unit), None)
        };
        if quantity.is_none() && share_of.is_none() && unit == Unit::Money && clause.trim().is_empty() {
            continue;
        }
        let fact_scope = match scope {
            Scope::Department if sentence_text.has("项目") && !clause.has("基本支出") && !sentence_text.has("整体") => {
                Scope::Projects
            }
            other => other,
        };
        out.push(Fact {
            at: at.clone(),
            span: (start, j + unit_len),
            value,
            decimals,
            unit,
            quantity,
            share_of,
            label: clause.trim().to_string(),
            scope: fact_scope,
            sentence: *sentence,
            report,
        });
        i = j + unit_len;
    }
}

/// A paragraph's characters by index, from its `char_indices`.
#[derive(Clone, Copy)]
struct Chars<'a>(&'a [(usize, char)]);

impl Chars<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, i: usize) -> Option<char> {
        self.0.get(i).map(|c| c.1)
    }
}

impl std::ops::Index<usize> for Chars<'_> {
    type Output = char;

    fn index(&self, i: usize) -> &char {
        &self.0[i].1
    }
}

fn is_break(c: char) -> bool {
    c.is_ascii_punctuation() || matches!(c, '，' | '。' | '；' | '、' | '：' | '）' | '”') || c.is_whitespace()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, scope: Scope) -> Vec<Fact> {
        let mut out = Vec::new();
        let mut sentence = 0;
        let indexed: Vec<(usize, char)> = text.char_indices().collect();
        read_paragraph(
            text,
            &indexed,
            &Address::paragraph("r.docx", 1),
            scope,
            FormKind::DepartmentReport,
            &mut sentence,
            &mut out,
        );
        out
    }

    fn summary(facts: &[Fact]) -> Vec<(String, Option<Quantity>, Option<Quantity>, Scope)> {
        facts.iter().map(|f| (f.value.to_string(), f.quantity, f.share_of, f.scope)).collect()
    }

    #[test]
    fn facts_of_the_seed_report() {
        use Quantity::*;
        let d = Scope::Department;
        let facts = read("人员经费92.33万元，占基本支出的62.11%,主要包括基本工资", d);
        assert_eq!(
            summary(&facts),
            [("92.33".into(), Some(PersonnelCost), None, d), ("62.11".into(), None, Some(BasicExpenditure), d)]
        );
        assert_eq!(facts[0].span, (4, 11));
        let facts = read("2023年编制数12名，年末现有人11人，其中：在职11人。", d);
        assert_eq!(summary(&facts)[0].1, Some(AuthorizedStaff));
        assert_eq!(summary(&facts)[2].1, Some(ActualStaff));
        let facts = read(
            "我部门组织对中共汨罗市委文明实践服务中心开展整体支出绩效评价，涉及一般公共预算支出196.66万元，政府性基金预算支出0万元。",
            d,
        );
        assert_eq!(
            summary(&facts),
            [("196.66".into(), Some(GeneralBudget), None, d), ("0".into(), Some(GovernmentFunds), None, d)]
        );
        let facts = read("组织对“社会志愿者协会办公运营经费项目”3个项目开展了部门评价，涉及一般公共预算支出47万元", d);
        assert_eq!(facts.iter().find(|f| f.unit == Unit::Money).unwrap().scope, Scope::Projects);
        let facts = read("2023年度财政拨款基本支出47万元。其中：", d);
        assert_eq!(summary(&facts), [("47".into(), Some(BasicExpenditure), None, d)]);
    }

    #[test]
    fn what_is_not_a_fact() {
        let d = Scope::Department;
        assert!(read("2023.1.1至2023.12.31，按时间节点推进。", d).is_empty());
        assert!(read("志愿者达10.69 万人，全市10万+志愿者持续18年弘扬龙舟文化", d).is_empty());
        assert!(read("1、主要职能。（2）负责全市工作", d).is_empty());
    }

    #[test]
    fn project_reports_quote_their_funds() {
        let p = Scope::Project(Some(0));
        let facts = read("专项资金共支出28万，资金管理情况", p);
        assert_eq!(summary(&facts), [("28".into(), Some(Quantity::Funds), None, p)]);
    }
}
