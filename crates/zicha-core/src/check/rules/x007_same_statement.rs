//! X007: two places that say the same thing with different numbers.

use compact_str::CompactString;
use rustc_hash::FxHashMap as HashMap;

use crate::check::{Context, Emit, finding, msg};
use crate::grid::Address;
use crate::text::normalize;

crate::check::declare_rule! {
    /// ## 检查内容
    /// 表格和报告中措辞相同、只有数字不同的两句话（例如一处写“持续18年”，另一处写“持续19年”）。只比较足够长的句子
    /// （去掉数字后至少 14 个字），年份不同的不算。
    /// ## 为什么重要
    /// 同一事实出现两个数字，至少有一个是错的；这类不一致往往来自复制旧稿后只改了一处。
    /// ## 示例
    /// 附件2“全市10万+志愿者持续18年弘扬龙舟文化”，附件5“全市10万+志愿者持续19年弘扬龙舟文化”。
    /// ## 依据
    /// 实践。
    /// ## 如何修改
    /// 核实后统一数字。
    pub static RULE = {
        code: "X007",
        name: "同一表述数字不一",
        name_en: "same statement, different numbers",
        severity: Warning,
        help: "核实后统一两处的数字。",
        help_en: "Check which is right and use one number in both places.",
        check: check,
    };
}

/// Shorter templates (`涉及一般公共预算支出#万元`) recur about different things.
const MIN_WORDS: usize = 14;

/// A clause with its numbers taken out: the template, and the numbers in order.
fn template(clause: &str) -> (String, Vec<CompactString>) {
    let mut template = String::with_capacity(clause.len());
    let mut numbers = Vec::new();
    let mut current = CompactString::default();
    for c in normalize(clause).chars() {
        if c.is_ascii_digit() || (c == '.' && !current.is_empty()) {
            current.push(c);
        } else {
            if !current.is_empty() {
                let mut number = std::mem::take(&mut current);
                number.truncate(number.trim_end_matches('.').len());
                numbers.push(number);
                template.push('#');
            }
            template.push(c);
        }
    }
    if !current.is_empty() {
        numbers.push(current);
        template.push('#');
    }
    (template, numbers)
}

/// The clauses of a text (split at `。；;，,、` and line breaks) that hold a digit and have at least
/// [`MIN_WORDS`] characters: most clauses hold no number, or are too short to be a statement. One pass over the
/// bytes, ideographs (`E4`–`E9`) stepped over whole: the separators and digits are ASCII, or start `E3 80` or
/// `EF BC`.
struct NumberedClauses<'t> {
    text: &'t str,
    /// Where the next clause starts; past the end when the last one has been looked at.
    at: usize,
}

impl<'t> Iterator for NumberedClauses<'t> {
    type Item = &'t str;

    fn next(&mut self) -> Option<&'t str> {
        let bytes = self.text.as_bytes();
        let tail = |at: usize| (bytes.get(at + 1).copied(), bytes.get(at + 2).copied());
        while self.at <= bytes.len() {
            let start = self.at;
            let (mut at, mut chars, mut digit) = (start, 0usize, false);
            let separator = loop {
                let Some(&b) = bytes.get(at) else { break None };
                // Before the bytes after it are fetched: most bytes start an ideograph.
                if (0xE4..=0xE9).contains(&b) {
                    (at, chars) = (at + 3, chars + 1);
                    continue;
                }
                let width = match (b, tail(at)) {
                    (b';' | b',' | b'\n', _) => 1,
                    (0xE3, (Some(0x80), Some(0x81 | 0x82))) | (0xEF, (Some(0xBC), Some(0x8C | 0x9B))) => 3,
                    (0xEF, (Some(0xBC), Some(0x90..=0x99))) => {
                        digit = true;
                        0
                    }
                    _ => 0,
                };
                if width > 0 {
                    break Some((at, width));
                }
                digit |= b.is_ascii_digit();
                chars += usize::from(b & 0xC0 != 0x80);
                at += 1;
            };
            let end = separator.map_or(bytes.len(), |(at, _)| at);
            self.at = separator.map_or(bytes.len() + 1, |(at, width)| at + width);
            if digit && chars >= MIN_WORDS {
                return Some(&self.text[start..end]);
            }
        }
        None
    }
}

fn is_year(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("19") || n.starts_with("20"))
}

/// A statement as first made, and its first restatement with other numbers.
struct Statement<'f> {
    first: (Vec<CompactString>, &'f Address, &'f str),
    other: Option<(Vec<CompactString>, &'f Address, &'f str)>,
    /// A third set of numbers came: the clauses are a list of parallel statements (one a county), not one
    /// statement made twice.
    listed: bool,
    /// When `other` came, for the findings' order.
    order: usize,
}

fn differs(a: &[CompactString], b: &[CompactString]) -> bool {
    a.iter().zip(b).any(|(a, b)| a != b && !(is_year(a) && is_year(b)))
}

fn check(cx: &Context, out: &mut Emit) {
    // Template → the statement: the first clause with it (its numbers, where it is, its text, borrowed from the
    // filing), and the first that says it with other numbers.
    let mut seen: HashMap<String, Statement> = HashMap::default();
    let mut restated = 0;
    for text in cx.filing.texts() {
        // Most texts hold no digit (ASCII, or full-width: `EF BC 90`–`99`) or are too short to hold a statement.
        let may_hold_one = text.value.len() >= MIN_WORDS && text.value.bytes().any(|b| b.is_ascii_digit() || b == 0xEF);
        if !may_hold_one {
            continue;
        }
        for clause in (NumberedClauses { text: &text.value, at: 0 }) {
            let (template, numbers) = template(clause);
            let words = template.chars().filter(|c| *c != '#' && !c.is_ascii_punctuation()).count();
            if numbers.is_empty() || words < MIN_WORDS {
                continue;
            }
            let clause = clause.trim();
            let Some(statement) = seen.get_mut(&template) else {
                let first = (numbers, &text.at, clause);
                seen.insert(template, Statement { first, other: None, listed: false, order: 0 });
                continue;
            };
            if !differs(&statement.first.0, &numbers) {
                continue;
            }
            match &statement.other {
                None => {
                    restated += 1;
                    (statement.other, statement.order) = (Some((numbers, &text.at, clause)), restated);
                }
                Some((other, ..)) => statement.listed |= differs(other, &numbers),
            }
        }
    }
    let mut restatements: Vec<&Statement> = seen.values().filter(|s| s.other.is_some() && !s.listed).collect();
    restatements.sort_by_key(|s| s.order);
    for statement in restatements {
        let ((_, first_at, first_clause), Some((_, at, clause))) = (&statement.first, &statement.other) else {
            continue;
        };
        out.push(
            finding(msg(
                format!("同一表述数字不同：“{first_clause}”与“{clause}”"),
                format!("the same statement with different numbers: \"{first_clause}\" vs \"{clause}\""),
            ))
            .at(first_at)
            .at(at)
            .found(*clause)
            .expected(*first_clause),
        );
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
        let filing = Parts::correct()
            .edit("| 全年培训1200人次，覆盖10个乡镇", "| 全市10万+志愿者持续18年弘扬龙舟文化")
            .edit("五个点位全部建成。", "全市10万+志愿者持续19年弘扬龙舟文化。")
            .filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    /// Chizhou's report (fixtures/real/anhui-chizhou-2022-chengxiangjubao) gives the city's number, then each
    /// county's in the same words: three numbers are a list, not one statement made twice.
    #[test]
    fn the_same_words_with_three_numbers_are_a_list() {
        let say = |n: &str| format!("2022年底实际享受市级缴费补贴人数为{n}人。");
        let filing = Parts::correct()
            .edit("五个点位全部建成。", &format!("{}{}{}", say("144814"), say("35885"), say("46652")))
            .filing();
        assert!(run(&RULE, &filing).is_empty());
        let filing = Parts::correct().edit("五个点位全部建成。", &format!("{}{}", say("144814"), say("35885"))).filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn numbered_clauses_are_the_long_split_clauses_with_a_digit() {
        // Separators one in five, so that many clauses are long enough.
        let words = ["资金", "到位", "率", "1", "９", "0", "年", "a", " ", "—", "“", "㎡", "達", "培训", "人次", "12"];
        let separators = ["。", "；", ";", "，", ",", "\n", "、"];
        let pick = |k: usize| if k.is_multiple_of(5) { separators[k / 5 % separators.len()] } else { words[k % words.len()] };
        let mut found = 0;
        for n in 0..20_000usize {
            let text: String = (0..(n % 40)).map(|i| pick(n * 7 + i * i * 13 + n / (i + 1))).collect();
            let expected: Vec<&str> = text
                .split(['。', '；', ';', '，', ',', '\n', '、'])
                .filter(|c| c.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)))
                .filter(|c| c.chars().count() >= MIN_WORDS)
                .collect();
            assert_eq!(NumberedClauses { text: &text, at: 0 }.collect::<Vec<_>>(), expected, "{text:?}");
            found += expected.len();
        }
        assert!(found > 2_000, "the texts made hold enough statements to compare: {found}");
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        assert_eq!(template("持续18年弘扬").0, "持续#年弘扬");
    }
}
