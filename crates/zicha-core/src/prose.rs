//! Sums and rates a text states in its own words, read so that they can be checked against themselves: a total
//! and the parts listed after it (`共申请预算资金2026400元，其中村级组织运转400000元，…`), the items of a list
//! (`一是…9378万元…二是…5009万元`), parts by level of government before their total
//! (`省级下拨3.89万元；市级下拨3.89万元；全年应执行数为7.79万元`), and a rate beside the amounts it follows from
//! (`预算200万元，已拨付66.86万元，资金拨付进度100%`).
//!
//! Amounts are read as written (元, 万元, 亿元) and compared in 万元; every claim keeps the text of its numbers, so a
//! finding names them as the filer wrote them.

use rust_decimal::Decimal;

/// A money amount in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Amount {
    /// Character range of the number and its unit.
    pub span: (usize, usize),
    /// In 万元.
    pub value: Decimal,
    /// As written: `2026400元`, `12774.00万元`.
    pub written: String,
    /// The unit as written (`元`, `万元`, `亿元`), and the decimals of the number.
    pub unit: &'static str,
    pub decimals: u32,
    /// The words from the previous punctuation up to the number (`村级组织运转`).
    pub clause: String,
}

impl Amount {
    /// Half a unit in the last decimal written, in 万元: how far rounding may have moved it.
    fn rounding(&self) -> Decimal {
        Decimal::new(5, self.decimals + 1) * scale(self.unit)
    }
}

fn scale(unit: &str) -> Decimal {
    match unit {
        "元" => Decimal::new(1, 4),
        "亿元" => Decimal::from(10_000),
        _ => Decimal::ONE,
    }
}

/// How the parts of a sum were told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shape {
    /// After the total: `…，其中…、…`, `…。具体是：…；…`.
    Listed,
    /// Items of a numbered list after the total, each's first amount: `一是…；二是…`.
    Items,
    /// Parts by level of government, then the total.
    Levels,
}

/// A total and the parts the text gives of it.
#[derive(Clone, Debug)]
pub(crate) struct SumClaim {
    pub total: Amount,
    pub parts: Vec<Amount>,
    pub shape: Shape,
}

impl SumClaim {
    /// The parts' sum in 万元.
    pub(crate) fn sum(&self) -> Decimal {
        self.parts.iter().map(|p| p.value).sum()
    }

    /// How far the sum may be from the total through rounding alone.
    pub(crate) fn tolerance(&self) -> Decimal {
        self.parts.iter().map(Amount::rounding).sum::<Decimal>() + self.total.rounding()
    }

    /// The unit the total should have been written in: its number is the parts' sum in the parts' own unit
    /// (`补助471.23元，其中中央补助189.63万元，地方财政补助281.6万元`).
    pub(crate) fn slipped_unit(&self) -> Option<&'static str> {
        let unit = self.parts.first()?.unit;
        let same = self.parts.iter().all(|p| p.unit == unit);
        let number = self.total.value / scale(self.total.unit);
        (same && unit != self.total.unit && number == self.sum() / scale(unit)).then_some(unit)
    }

    /// A value in the unit every number of the claim was written in (else in 万元), with that unit.
    pub(crate) fn written(&self, value: Decimal) -> String {
        let unit = self.total.unit;
        if self.parts.iter().all(|p| p.unit == unit) {
            format!("{}{unit}", (value / scale(unit)).round_dp(6).normalize())
        } else {
            format!("{}万元", value.round_dp(6).normalize())
        }
    }
}

/// A rate stated beside the two amounts it follows from.
#[derive(Clone, Debug)]
pub(crate) struct RateClaim {
    pub budget: Amount,
    pub done: Amount,
    /// The rate as stated, its decimals, its text (`100%`) and its span.
    pub rate: Decimal,
    pub decimals: u32,
    pub written: String,
    pub span: (usize, usize),
}

impl RateClaim {
    /// done ÷ budget, in per cent.
    pub(crate) fn computed(&self) -> Decimal {
        self.done.value / self.budget.value * Decimal::ONE_HUNDRED
    }
}

/// The words that tell a text's sums and rates: the caller's vocabulary.
pub(crate) struct Words<'w> {
    /// Begin a list of the parts of the amount just before: 其中, 具体是, 分别为.
    pub listing: &'w [&'w str],
    /// Number the items of a list: 一是, 二是, ….
    pub items: &'w [&'w str],
    /// Levels of government a part of the funds comes from: 中央, 省级, 市级, ….
    pub levels: &'w [&'w str],
    /// Say an amount is the whole: 共, 合计, 总计, 应执行数.
    pub whole: &'w [&'w str],
    /// A rate of spending or payment: 执行率, 拨付进度, 支付进度.
    pub rate: &'w [&'w str],
    /// The amount a rate is of: 预算, 下达, 安排, 计划.
    pub budget: &'w [&'w str],
    /// The amount done: 拨付, 支付, 执行, 支出.
    pub done: &'w [&'w str],
    /// Say an amount is a change, not a part (`较上年增加20万元`, `同比减少15万元`): 较上年, 同比, 环比.
    pub change: &'w [&'w str],
}

const RANGE_MARKS: &[char] = &['-', '—', '–', '~', '～', '至', '到'];
const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?', '\n'];
const CLAUSE_END: &[char] = &['，', ',', '、', '：', ':', '；', ';', '（', '(', '）', ')', '“', '”', '。', '\n'];

/// Whether a number begins at `i`: a digit with no digit or decimal point before it.
pub(crate) fn number_starts(chars: &[char], i: usize) -> bool {
    chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit() && chars[i - 1] != '.')
}

/// Every money amount in a text: a number (with `,` thousands separators) followed by 元, 万元 or 亿元.
pub(crate) fn amounts(chars: &[char]) -> Vec<Amount> {
    numbers_in(chars, |chars, j| match (chars.get(j), chars.get(j + 1)) {
        (Some('万'), Some('元')) => Some("万元"),
        (Some('亿'), Some('元')) => Some("亿元"),
        (Some('元'), _) => Some("元"),
        _ => None,
    })
}

/// The measure words a count is written with (`12个`, `500人次`, `35公里`); longer ones first.
const COUNT_UNITS: &[&str] = &[
    "人次", "公里", "个", "项", "人", "名", "所", "家", "户", "次", "场", "辆", "台", "套", "座", "处", "条", "件",
    "期", "批",
];

/// The whole numbers a text counts things with, each with its measure word, and the noun right after it when
/// a short one ends the clause (`共12个项目，其中…`: `12个项目`). `value` is the count itself.
pub(crate) fn counts(chars: &[char]) -> Vec<Amount> {
    let mut out = numbers_in(chars, |chars, j| {
        COUNT_UNITS.iter().copied().find(|u| u.chars().enumerate().all(|(k, c)| chars.get(j + k) == Some(&c)))
    });
    out.retain(|c| c.decimals == 0);
    if chars.iter().any(|c| CHINESE_DIGITS.contains(c)) {
        out.extend(chinese_counts(chars));
        out.sort_by_key(|c| c.span.0);
    }
    for count in &mut out {
        let noun = chars[count.span.1..].iter().take_while(|c| !CLAUSE_END.contains(c) && !c.is_ascii_digit()).count();
        let ends_clause = chars.get(count.span.1 + noun).is_some_and(|c| CLAUSE_END.contains(c));
        if noun > 0 && noun <= 6 && ends_clause {
            count.written.extend(&chars[count.span.1..count.span.1 + noun]);
            count.span.1 += noun;
        }
    }
    out
}

const CHINESE_DIGITS: &[char] = &['零', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千'];

/// Counts written in Chinese numerals (`十二个`, `一百零五人`), not ordinals (`第一个`) and not within a word that
/// merely holds a numeral (`统一`, `万一`: the character before is a numeral-free letter of a word, so only a numeral
/// after punctuation, 共/有/计/了/和/其中's words, or at the start is read).
fn chinese_counts(chars: &[char]) -> Vec<Amount> {
    const BEFORE: &[char] = &[
        '共', '有', '计', '了', '和', '及', '为', '是', '建', '办', '设', '立', '出', '增', '成', '训', '涉', '达',
        '含', '括',
    ];
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !CHINESE_DIGITS.contains(&chars[i]) || i > 0 && CHINESE_DIGITS.contains(&chars[i - 1]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && CHINESE_DIGITS.contains(&chars[i]) {
            i += 1;
        }
        let unit =
            COUNT_UNITS.iter().copied().find(|u| u.chars().enumerate().all(|(k, c)| chars.get(i + k) == Some(&c)));
        let (Some(unit), Some(value)) = (unit, chinese_number(&chars[start..i])) else { continue };
        let free = start == 0 || CLAUSE_END.contains(&chars[start - 1]) || BEFORE.contains(&chars[start - 1]);
        if !free || start > 0 && chars[start - 1] == '第' {
            continue;
        }
        let end = i + unit.chars().count();
        let clause_start = chars[..start].iter().rposition(|c| CLAUSE_END.contains(c)).map_or(0, |p| p + 1);
        out.push(Amount {
            span: (start, end),
            value: Decimal::from(value),
            written: chars[start..end].iter().collect(),
            unit,
            decimals: 0,
            clause: chars[clause_start..start].iter().collect::<String>().trim().to_string(),
        });
        i = end;
    }
    out
}

/// `十二` → 12, `一百零五` → 105, `两千三百` → 2300; `None` for what is not a number below ten thousand.
fn chinese_number(digits: &[char]) -> Option<u32> {
    let (mut total, mut digit) = (0u32, None::<u32>);
    let mut last_place = u32::MAX;
    for &c in digits {
        let place = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                if digit.is_some() {
                    return None;
                }
                digit = Some(match c {
                    '零' => 0,
                    '一' => 1,
                    '二' | '两' => 2,
                    '三' => 3,
                    '四' => 4,
                    '五' => 5,
                    '六' => 6,
                    '七' => 7,
                    '八' => 8,
                    _ => 9,
                });
                if digit == Some(0) {
                    digit = None;
                }
                continue;
            }
        };
        if place >= last_place {
            return None;
        }
        last_place = place;
        // `十二`: a bare 十 is one ten.
        total += digit.take().unwrap_or(1) * place;
    }
    Some(total + digit.unwrap_or(0)).filter(|v| *v > 0)
}

/// The units a quantity done or planned is measured in, beside the measure words of counts.
const MEASURES: &[&str] = &["%", "％", "平方米", "公顷", "米", "吨", "亩"];

/// Quantities a text plans or reports done (`计划新建200个`, `实际完成150个`, `覆盖率95%`), decimals allowed,
/// each with its unit.
pub(crate) fn quantities(chars: &[char]) -> Vec<Amount> {
    numbers_in(chars, |chars, j| {
        let unit = |u: &&str| u.chars().enumerate().all(|(k, c)| chars.get(j + k) == Some(&c));
        COUNT_UNITS.iter().chain(MEASURES).copied().find(|u| unit(u))
    })
}

/// The sentences of a text (to `。！？；`), as character ranges.
pub(crate) fn sentences(chars: &[char]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut start = 0;
    std::iter::from_fn(move || {
        while start < chars.len() {
            let end = chars[start..]
                .iter()
                .position(|c| SENTENCE_END.contains(c) || matches!(c, '；' | ';'))
                .map_or(chars.len(), |p| start + p);
            let range = (start, end);
            start = end + 1;
            if range.1 > range.0 {
                return Some(range);
            }
        }
        None
    })
}

/// Numbers followed by a unit `unit_at` tells (at the index after the number and any spaces).
fn numbers_in(chars: &[char], unit_at: impl Fn(&[char], usize) -> Option<&'static str>) -> Vec<Amount> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !number_starts(chars, i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len()
            && (chars[i].is_ascii_digit()
                || matches!(chars[i], '.' | ',') && chars.get(i + 1).is_some_and(|c| c.is_ascii_digit()))
        {
            i += 1;
        }
        let number: String = chars[start..i].iter().filter(|c| **c != ',').collect();
        let mut j = i;
        while j < chars.len() && chars[j] == ' ' {
            j += 1;
        }
        let Some(unit) = unit_at(chars, j) else { continue };
        // The upper end of a range (`3-5万元`, `3至5万元`) is not an amount the text states.
        let range = start >= 2 && RANGE_MARKS.contains(&chars[start - 1]) && chars[start - 2].is_ascii_digit();
        if range {
            continue;
        }
        let Some(raw) = crate::text::decimal(&number) else { continue };
        if number.matches('.').count() > 1 {
            continue;
        }
        let end = j + unit.chars().count();
        let clause_start = chars[..start].iter().rposition(|c| CLAUSE_END.contains(c)).map_or(0, |p| p + 1);
        out.push(Amount {
            span: (start, end),
            value: raw * scale(unit),
            written: format!("{number}{unit}"),
            unit,
            decimals: number.split_once('.').map_or(0, |(_, d)| d.len() as u32),
            clause: chars[clause_start..start].iter().collect::<String>().trim().to_string(),
        });
        i = end;
    }
    out
}

fn find_all(chars: &[char], word: &str) -> Vec<usize> {
    let word: Vec<char> = word.chars().collect();
    (0..chars.len().saturating_sub(word.len() - 1)).filter(|&i| chars[i..].starts_with(&word)).collect()
}

fn sentence_end(chars: &[char], from: usize) -> usize {
    chars[from..].iter().position(|c| SENTENCE_END.contains(c)).map_or(chars.len(), |p| from + p)
}

fn only_punctuation(chars: &[char]) -> bool {
    chars.iter().all(|c| c.is_whitespace() || CLAUSE_END.contains(c))
}

/// The sums a text states.
pub(crate) fn sums(chars: &[char], amounts: &[Amount], words: &Words) -> Vec<SumClaim> {
    let mut out = Vec::new();
    // A sum needs a total and two parts.
    if amounts.len() < 3 {
        return out;
    }
    // A change on last year is neither a part nor a total.
    let is_change = |a: &Amount| words.change.iter().any(|w| a.clause.contains(w));
    let kept: Vec<Amount>;
    let amounts = if amounts.iter().any(is_change) {
        kept = amounts.iter().filter(|a| !is_change(a)).cloned().collect();
        &kept[..]
    } else {
        amounts
    };
    listed(chars, amounts, words, &mut out);
    items(chars, amounts, words, &mut out);
    levels(amounts, words, &mut out);
    out
}

/// `共X万元，其中A万元、B万元`: the amount just before a listing word is the total (only punctuation between), the
/// amounts after it to the end of the sentence its parts. A second listing word in the same sentence nests a list
/// inside a part: the claim is left alone.
fn listed(chars: &[char], amounts: &[Amount], words: &Words, out: &mut Vec<SumClaim>) {
    let mut starts: Vec<(usize, usize)> =
        words.listing.iter().flat_map(|w| find_all(chars, w).into_iter().map(|p| (p, w.chars().count()))).collect();
    starts.sort_unstable();
    for &(at, len) in &starts {
        let Some(total) = amounts.iter().rev().find(|a| a.span.1 <= at) else { continue };
        if !only_punctuation(&chars[total.span.1..at]) {
            continue;
        }
        let mut end = sentence_end(chars, at + len);
        // `4378人(其中…2104人，…2274人)；其他人员7人`: a list opened in brackets ends with them.
        if at > 0 && matches!(chars[at - 1], '(' | '（') {
            end = chars[at..end].iter().position(|c| matches!(c, ')' | '）')).map_or(end, |p| at + p);
        }
        if starts.iter().any(|&(other, _)| other > at && other < end) {
            continue;
        }
        let parts: Vec<Amount> = amounts.iter().filter(|a| a.span.0 >= at + len && a.span.1 <= end).cloned().collect();
        if parts.len() >= 2 {
            out.push(SumClaim { total: total.clone(), parts, shape: Shape::Listed });
        }
    }
}

/// `区直文博系统12774.00万元。…有：一是…9378万元…二是…5009万元`: each item's first amount is a part of the last
/// amount before the first item, when that amount is in the same or the previous sentence and every item has one.
fn items(chars: &[char], amounts: &[Amount], words: &Words, out: &mut Vec<SumClaim>) {
    if amounts.len() < 3 {
        return;
    }
    let marks: Vec<Vec<usize>> = words.items.iter().map(|w| find_all(chars, w)).collect();
    let Some(&first) = marks.first().and_then(|m| m.first()) else { return };
    let mut bounds = vec![first];
    for next in &marks[1..] {
        match next.iter().find(|&&p| p > *bounds.last().unwrap()) {
            Some(&p) => bounds.push(p),
            None => break,
        }
    }
    if bounds.len() < 2 {
        return;
    }
    let Some(total) = amounts.iter().rev().find(|a| a.span.1 <= first) else { return };
    let sentences_between = chars[total.span.1..first].iter().filter(|c| SENTENCE_END.contains(c)).count();
    if sentences_between > 1 {
        return;
    }
    bounds.push(chars.len());
    let mut parts = Vec::new();
    for window in bounds.windows(2) {
        match amounts.iter().find(|a| a.span.0 >= window[0] && a.span.1 <= window[1]) {
            Some(part) => parts.push(part.clone()),
            None => return,
        }
    }
    out.push(SumClaim { total: total.clone(), parts, shape: Shape::Items });
}

/// `省级下拨…3.89万元；市级下拨…3.89万元；全年应执行数为7.79万元`: two or more amounts whose clauses begin with a
/// level of government, then one whose clause says it is the whole.
fn levels(amounts: &[Amount], words: &Words, out: &mut Vec<SumClaim>) {
    // The clause may open with the year it speaks of (`2023年省级下拨…`).
    let by_level = |a: &Amount| {
        let clause = a.clause.trim_start_matches(|c: char| c.is_ascii_digit());
        let clause = clause.strip_prefix('年').map_or(clause, |c| c.strip_prefix('度').unwrap_or(c));
        words.levels.iter().any(|w| clause.starts_with(w))
    };
    let mut run: Vec<&Amount> = Vec::new();
    for amount in amounts {
        if by_level(amount) {
            run.push(amount);
            continue;
        }
        if run.len() >= 2 && words.whole.iter().any(|w| amount.clause.contains(w)) {
            out.push(SumClaim {
                total: amount.clone(),
                parts: run.iter().map(|a| (*a).clone()).collect(),
                shape: Shape::Levels,
            });
        }
        run.clear();
    }
}

/// The rates a text states beside the amounts they follow from: in one sentence, an amount said to be the budget,
/// then one said to be done, then a rate; each of them the only one of its kind there.
pub(crate) fn rates(chars: &[char], amounts: &[Amount], words: &Words) -> Vec<RateClaim> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < chars.len() {
        let end = chars[start..]
            .iter()
            .position(|c| SENTENCE_END.contains(c) || matches!(c, '；' | ';'))
            .map_or(chars.len(), |p| start + p);
        if let Some(claim) = rate_in(chars, start, end, amounts, words) {
            out.push(claim);
        }
        start = end + 1;
    }
    out
}

fn rate_in(chars: &[char], start: usize, end: usize, amounts: &[Amount], words: &Words) -> Option<RateClaim> {
    let here: Vec<&Amount> = amounts.iter().filter(|a| a.span.0 >= start && a.span.1 <= end).collect();
    let has = |clause: &str, list: &[&str]| list.iter().any(|w| clause.contains(w));
    let budgets: Vec<&&Amount> = here.iter().filter(|a| has(&a.clause, words.budget)).collect();
    let done: Vec<&&Amount> =
        here.iter().filter(|a| has(&a.clause, words.done) && !has(&a.clause, words.budget)).collect();
    let ([budget], [done]) = (budgets.as_slice(), done.as_slice()) else { return None };
    if budget.span.0 > done.span.0 || budget.value.is_zero() {
        return None;
    }
    // The one rate after them: a number with %, its clause naming a rate of spending.
    let mut found = None;
    let mut i = done.span.1;
    while i < end {
        if number_starts(chars, i) {
            let from = i;
            while i < end && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if matches!(chars.get(i), Some('%' | '％')) {
                let clause_start = chars[..from].iter().rposition(|c| CLAUSE_END.contains(c)).map_or(0, |p| p + 1);
                let clause: String = chars[clause_start..from].iter().collect();
                let number: String = chars[from..i].iter().collect();
                if has(&clause, words.rate) {
                    if found.is_some() {
                        return None;
                    }
                    let rate = crate::text::decimal(&number)?;
                    let decimals = number.split_once('.').map_or(0, |(_, d)| d.len() as u32);
                    found = Some((rate, decimals, format!("{number}%"), (from, i + 1)));
                }
            }
        }
        i += 1;
    }
    let (rate, decimals, written, span) = found?;
    Some(RateClaim { budget: (**budget).clone(), done: (**done).clone(), rate, decimals, written, span })
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORDS: Words = Words {
        listing: &["其中", "具体是"],
        items: &["一是", "二是", "三是"],
        levels: &["中央", "省级", "市级"],
        whole: &["共", "合计", "应执行数"],
        rate: &["执行率", "拨付进度"],
        budget: &["预算", "下达"],
        done: &["拨付", "支出"],
        change: &["较上年", "同比"],
    };

    #[test]
    fn ranges_and_approximations_are_not_amounts() {
        let found = amounts(&chars("每户补助3-5万元，共投入1.2亿余元、3万余元，另有12.5万元。"));
        assert_eq!(found.iter().map(|a| a.written.as_str()).collect::<Vec<_>>(), ["12.5万元"]);
        let found = counts(&chars("覆盖10至12个乡镇，共12个项目，约3万余人"));
        assert_eq!(found.iter().map(|a| a.written.as_str()).collect::<Vec<_>>(), ["12个项目"]);
    }

    #[test]
    fn counts_in_chinese_numerals() {
        let values = |text: &str| counts(&chars(text)).iter().map(|c| (c.written.clone(), c.value)).collect::<Vec<_>>();
        let d = |v: i64| Decimal::from(v);
        assert_eq!(
            values("共十二个项目，其中新建六个、续建七个"),
            [("十二个项目".into(), d(12)), ("六个".into(), d(6)), ("七个".into(), d(7))]
        );
        assert_eq!(
            values("培训一百零五人次和两千三百人"),
            [("一百零五人次".into(), d(105)), ("两千三百人".into(), d(2300))]
        );
        // Ordinals, and numerals inside words, are not counts.
        assert!(values("第一个完成，统一个性化服务").is_empty());
        assert_eq!(chinese_number(&chars("十")), Some(10));
        assert_eq!(chinese_number(&chars("三十五")), Some(35));
        assert_eq!(chinese_number(&chars("十十")), None);
    }

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn amounts_as_written() {
        let found = amounts(&chars("共申请预算资金2,026,400元，其中运转12774.00万元、0.5亿元，占比20%"));
        let written: Vec<_> = found.iter().map(|a| (a.written.clone(), a.value.to_string())).collect();
        let expected = [("2026400元", "202.6400"), ("12774.00万元", "12774.00"), ("0.5亿元", "5000.0")];
        assert_eq!(written, expected.map(|(w, v)| (w.to_string(), v.to_string())));
        assert_eq!(found[0].clause, "共申请预算资金");
    }

    #[test]
    fn a_total_and_its_listed_parts() {
        let text =
            chars("本项目共申请预算资金2026400元,其中村级组织运转400000元,基本报酬252000元,村级事务补助960000元。");
        let found = sums(&text, &amounts(&text), &WORDS);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].shape, Shape::Listed);
        assert_eq!(found[0].written(found[0].sum()), "1612000元");
        assert_eq!(found[0].slipped_unit(), None);
        let slipped = chars("完成补助471.23元,其中中央补助189.63万元,地方财政补助281.6万元");
        assert_eq!(sums(&slipped, &amounts(&slipped), &WORDS)[0].slipped_unit(), Some("万元"));
        // A list inside a part (其中 … 其中) is not read as the outer total's: only the inner one is a sum.
        let nested = chars("共100万元，其中中央资金60万元，其中A项目30万元、B项目30万元。");
        let found = sums(&nested, &amounts(&nested), &WORDS);
        assert_eq!(found.iter().map(|c| c.total.written.as_str()).collect::<Vec<_>>(), ["60万元"]);
    }

    #[test]
    fn items_and_levels() {
        let text = chars(
            "区直12774.00万元。区直项目有:一是甲处,下达预算资金9378万元。具体是:A3005万元;B1235万元。二是乙馆,下达预算资金5009万元。",
        );
        let found = sums(&text, &amounts(&text), &WORDS);
        let items = found.iter().find(|c| c.shape == Shape::Items).unwrap();
        assert_eq!((items.total.written.as_str(), items.sum().to_string()), ("12774.00万元", "14387".to_string()));
        let listed = found.iter().find(|c| c.shape == Shape::Listed).unwrap();
        assert_eq!((listed.total.written.as_str(), listed.sum().to_string()), ("9378万元", "4240".to_string()));
        let text =
            chars("2023年省级下拨护理费3.89万元;市级下拨护理费3.89万元;全年应执行数为7.79万元,实际执行率为100%。");
        let found = sums(&text, &amounts(&text), &WORDS);
        assert_eq!(found[0].shape, Shape::Levels);
        assert_eq!((found[0].sum().to_string(), found[0].tolerance().to_string()), ("7.78".into(), "0.015".into()));
    }

    #[test]
    fn a_rate_beside_its_amounts() {
        let text = chars("区级年初预算200万元专项资金,已及时足额拨付资金66.86万元,资金拨付进度100% 。");
        let found = rates(&text, &amounts(&text), &WORDS);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].written.as_str(), found[0].computed().round_dp(2).to_string()),
            ("100%", "33.43".to_string())
        );
        // Two budgets in the sentence: which one the rate is of cannot be told.
        let text = chars("预算200万元，追加预算50万元，已拨付66.86万元，拨付进度26.74%。");
        assert!(rates(&text, &amounts(&text), &WORDS).is_empty());
    }
}
