//! X007: two places that say the same thing with different numbers.

use rustc_hash::FxHashMap as HashMap;

use crate::check::{Context, Emit, finding, msg};
use crate::grid::Address;
use crate::text::normalize;

crate::declare_rule! {
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
fn template(clause: &str) -> (String, Vec<String>) {
    let mut template = String::new();
    let mut numbers = Vec::new();
    let mut current = String::new();
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

fn is_year(n: &str) -> bool {
    n.len() == 4 && (n.starts_with("19") || n.starts_with("20"))
}

fn check(cx: &Context, out: &mut Emit) {
    // Template → the first clause with it: its numbers, where it is, and its text (borrowed from the filing).
    let mut seen: HashMap<String, (Vec<String>, &Address, &str)> = HashMap::default();
    let mut reported = rustc_hash::FxHashSet::default();
    for text in cx.filing.texts() {
        // Most texts hold no digit (ASCII, or full-width: `EF BC 90`–`99`) or are too short to hold a statement.
        let may_hold_one = text.value.len() >= MIN_WORDS && text.value.bytes().any(|b| b.is_ascii_digit() || b == 0xEF);
        if !may_hold_one {
            continue;
        }
        for clause in text.value.split(['。', '；', ';', '，', ',', '\n', '、']) {
            // Most clauses hold no number, or are too short to be a statement: no template for them.
            let has_digit = clause.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
            if !has_digit || clause.chars().count() < MIN_WORDS {
                continue;
            }
            let (template, numbers) = template(clause);
            let words = template.chars().filter(|c| *c != '#' && !c.is_ascii_punctuation()).count();
            if numbers.is_empty() || words < MIN_WORDS {
                continue;
            }
            match seen.get(&template) {
                None => {
                    seen.insert(template, (numbers, &text.at, clause.trim()));
                }
                Some((first_numbers, first_at, first_clause)) => {
                    let differs = first_numbers.iter().zip(&numbers).any(|(a, b)| a != b && !(is_year(a) && is_year(b)));
                    if !differs || !reported.insert(template.clone()) {
                        continue;
                    }
                    out.push(
                        finding(msg(
                            format!("同一表述数字不同：“{first_clause}”与“{}”", clause.trim()),
                            format!("the same statement with different numbers: \"{first_clause}\" vs \"{}\"", clause.trim()),
                        ))
                        .at(first_at)
                        .at(&text.at)
                        .found(clause.trim())
                        .expected(*first_clause),
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
    use crate::check::testing::{Parts, one, run};

    #[test]
    fn fires() {
        let filing = Parts::correct()
            .edit("| 全年培训1200人次，覆盖10个乡镇", "| 全市10万+志愿者持续18年弘扬龙舟文化")
            .edit("五个点位全部建成。", "全市10万+志愿者持续19年弘扬龙舟文化。")
            .filing();
        one(run(&RULE, &filing), Severity::Warning);
    }

    #[test]
    fn silent() {
        assert!(run(&RULE, &Parts::correct().filing()).is_empty());
        assert_eq!(template("持续18年弘扬").0, "持续#年弘扬");
    }
}
