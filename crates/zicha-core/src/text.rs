//! Text normalisation for matching labels, and number parsing from cell text. The original text is always
//! kept for display; the normalised form is only ever compared.

use std::borrow::Cow;
use std::str::FromStr;

use rust_decimal::Decimal;

/// Folds what filers vary without meaning to: full-width forms to half-width, every kind of white space
/// (line breaks inside labels included) removed, curly quotes to straight ones, `㎡` to `m²`, ASCII lowercased.
/// Most text has nothing to fold and is returned as it is, without a copy.
pub(crate) fn normalize(text: &str) -> Cow<'_, str> {
    let Some(mut at) = first_to_fold(text) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    // Runs of characters left as they are are copied whole, between the characters folded.
    while let Some(c) = text[at..].chars().next() {
        match folded(c) {
            Some('㎡') => out.push_str("m²"),
            Some(c) => out.push(c),
            None => {}
        }
        at += c.len_utf8();
        let run = first_to_fold(&text[at..]).unwrap_or(text.len() - at);
        out.push_str(&text[at..at + run]);
        at += run;
    }
    Cow::Owned(out)
}

/// Where the first character [`normalize`] changes starts.
fn first_to_fold(text: &str) -> Option<usize> {
    first_marked(text, |_| true, |c| c == '㎡' || folded(c) != Some(c))
}

/// Where the first character that `ascii` or `decoded` picks starts. Byte by byte against a table of the bytes
/// such a character can start with ([`MARKED`]: ASCII capitals and white space, and the five leading bytes of every
/// other character [`normalize`] changes): every other byte, most of a filing's text, is passed over on one
/// lookup whose answer is nearly always no. (Stepping by each character's width instead took a branch per
/// character that Chinese text mixed with digits and signs kept mispredicting: fewer instructions, more time.)
/// Only characters [`normalize`] changes can be picked.
#[inline]
fn first_marked(text: &str, ascii: impl Fn(u8) -> bool, decoded: impl Fn(char) -> bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = bytes[at..].iter().position(|&b| MARKED[usize::from(b)]) {
        // A marked byte is ASCII or a leading byte, so this is where a character starts.
        let start = at + offset;
        let lead = bytes[start];
        if lead.is_ascii() {
            if ascii(lead) {
                return Some(start);
            }
            at = start + 1;
        } else {
            let c = text[start..].chars().next()?;
            if decoded(c) {
                return Some(start);
            }
            at = start + c.len_utf8();
        }
    }
    None
}

/// The bytes a character [`normalize`] changes can start with: ASCII capitals and white space, and `C2` (`U+0085`,
/// `U+00A0`), `E1` (`U+1680`), `E2` (spaces, `U+200B`, quotes, dashes), `E3` (`U+3000`, `【】〔〕`, `㎡`) and `EF`
/// (full-width forms, `U+FEFF`). The test of [`normalize`] tries every character against it.
const MARKED: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_uppercase()
            || byte.is_ascii_whitespace()
            || matches!(byte, 0x0B | 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF);
        b += 1;
    }
    table
};

/// The characters [`normalize`] drops: white space of every kind, and zero-width ones.
pub(crate) fn dropped_by_normalize(c: char) -> bool {
    c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}'
}

/// Where the first character [`normalize`] drops starts, on the scan of [`first_to_fold`] (every such character
/// is changed, so [`MARKED`] holds its first byte).
fn first_dropped(text: &str) -> Option<usize> {
    first_marked(text, |b| b.is_ascii_whitespace() || b == 0x0B, dropped_by_normalize)
}

/// The text without the characters [`normalize`] drops, and nothing else changed: enough to find words of
/// ideographs, which only a dropped line break or space can split, at a fraction of [`normalize`]'s cost on
/// prose (whose punctuation it would fold one character at a time).
pub(crate) fn without_dropped(text: &str) -> Cow<'_, str> {
    let Some(mut at) = first_dropped(text) else { return Cow::Borrowed(text) };
    let mut out = String::with_capacity(text.len());
    out.push_str(&text[..at]);
    while let Some(c) = text[at..].chars().next() {
        at += c.len_utf8();
        let run = first_dropped(&text[at..]).unwrap_or(text.len() - at);
        out.push_str(&text[at..at + run]);
        at += run;
    }
    Cow::Owned(out)
}

/// What [`normalize`] makes of one character: `None` drops it; `㎡` stands for `m²`.
#[inline]
fn folded(c: char) -> Option<char> {
    Some(match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '!'..='~' => c,
        '\u{FF21}'..='\u{FF3A}' => char::from_u32(c as u32 - 0xFEE0 + 0x20).unwrap_or(c),
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '“' | '”' | '″' => '"',
        '‘' | '’' | '′' => '\'',
        '【' | '〔' => '[',
        '】' | '〕' => ']',
        '—' | '–' => '-',
        '㎡' => '㎡',
        c if dropped_by_normalize(c) => return None,
        c => c,
    })
}

/// Parses an amount, count or score as the filer wrote it: `195.66`, `10万元`, `1,234.5`, `28万`. The unit is
/// not checked here; text that is not one number (`7.50.`, `IO`, `约10`) gives `None`.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    let norm = normalize(text);
    let trimmed = norm.trim_end_matches(['元', '万', '分', '人', '个', '名', '次', '项', '%']);
    // Thousands separators out; a copy only when there are some.
    let trimmed = if trimmed.has(",") { Cow::Owned(trimmed.replace(',', "")) } else { Cow::Borrowed(trimmed) };
    if trimmed.is_empty() || !trimmed.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    if !trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b'-' || b == b'+') {
        return None;
    }
    decimal(&trimmed)
}

/// A thousand trillion: no amount, score or rate of a filing comes near it. Numbers at or past it are read as
/// text (A011 names them), which keeps every sum and product the checks make far inside the decimal type,
/// whose arithmetic panics on overflow.
const MAX_MAGNITUDE: i64 = 1_000_000_000_000_000;

/// The decimal a plain number's text (`195.66`, `-3`) writes, if it is within [`MAX_MAGNITUDE`]. Every number
/// read from a filing goes through here or [`decimal_from_f64`].
pub(crate) fn decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text).ok().and_then(bounded)
}

fn bounded(value: Decimal) -> Option<Decimal> {
    (value.abs() < Decimal::from(MAX_MAGNITUDE)).then_some(value)
}

/// The number as Excel holds and shows it: the shortest decimal that reads back as the same `f64` (`156.79`,
/// never `156.78999999999999`), to Excel's 15 significant digits (a sum stored as `3.9299999999999997` is the
/// 3.93 Excel and LibreOffice show, and what the filer meant).
pub fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() || value.abs() >= MAX_MAGNITUDE as f64 {
        return None;
    }
    // Most numbers in a filing have a few decimals: the fewest that read back exactly give the shortest text,
    // without formatting and parsing it. Each factor and `m` are exact in an f64, so the division rounds once.
    if value.abs() < 1e9 {
        for (dp, factor) in [1.0, 10.0, 100.0, 1e3, 1e4, 1e5, 1e6].into_iter().enumerate() {
            let m = (value * factor).round();
            if m / factor == value {
                return Some(Decimal::new(m as i64, dp as u32));
            }
        }
    }
    // Else the f64's value as closely as a decimal holds it (28 digits), at 15 significant digits: `3.93` for
    // `3.92999999999999972`. Not through the float's text: formatting floats brings 16 KB of code into the
    // check worker (`core::fmt::float`, 8 KB of the first load gzipped), and nothing else there formats one.
    let near = Decimal::from_f64_retain(value)?;
    // A value too small for a decimal's 28 places is not zero.
    if near.is_zero() && value != 0.0 {
        return None;
    }
    near.round_sf(15).map(|d| d.normalize())
}

/// A number too large or small for a decimal as Excel shows it: `7.9E+28`, `1E-300`, `-1.5E+300`; at 15
/// significant digits where a decimal holds its mantissa, else at 12 (found by dividing by ten, which rounds).
/// Written without formatting the float (see [`decimal_from_f64`]).
pub(crate) fn scientific_text(value: f64) -> String {
    if !value.is_finite() {
        return (if value.is_nan() {
            "NaN"
        } else if value > 0.0 {
            "inf"
        } else {
            "-inf"
        })
        .to_string();
    }
    if value == 0.0 {
        return "0E+0".to_string();
    }
    let (mut mantissa, mut exponent) = (value.abs(), 0i32);
    while mantissa >= 10.0 {
        mantissa /= 10.0;
        exponent += 1;
    }
    while mantissa < 1.0 {
        mantissa *= 10.0;
        exponent -= 1;
    }
    let digits = if exponent.abs() <= 20 { 15 } else { 12 };
    let Some(mut shown) = Decimal::from_f64_retain(mantissa).and_then(|m| m.round_sf(digits)) else {
        return String::new();
    };
    if shown >= Decimal::TEN {
        shown /= Decimal::TEN;
        exponent += 1;
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let exponent_sign = if exponent < 0 { '-' } else { '+' };
    format!("{sign}{}E{exponent_sign}{}", shown.normalize(), exponent.abs())
}

/// The number a label cell carries after its last colon: `其中:一般公共预算:195.66` → `195.66`.
pub(crate) fn trailing_number(text: &str) -> Option<Decimal> {
    let norm = normalize(text);
    let (_, tail) = norm.rsplit_once(':')?;
    parse_decimal(tail)
}

/// A weight written into a label: `产出指标(30分)`, `产出指标 (60 分)`, `（50分）` → 30, 60, 50.
pub(crate) fn weight_in_label(text: &str) -> Option<Decimal> {
    // `分` is not folded by `normalize`: a label without it has no weight, and is not normalised to find out.
    if !text.has("分") {
        return None;
    }
    let norm = normalize(text);
    let end = norm.rfind("分)")?;
    let start = norm[..end].rfind('(')? + 1;
    parse_decimal(&norm[start..end])
}

/// The label with any weight in brackets and trailing colon taken off: `产出指标(30分)` → `产出指标`.
pub(crate) fn strip_weight(text: &str) -> String {
    let norm = normalize(text);
    let cut = match (norm.find('('), norm.contains("分)")) {
        (Some(i), true) => &norm[..i],
        _ => &norm[..],
    };
    cut.trim_end_matches(':').to_string()
}

/// A label for a message: its line breaks (and the spaces around them) taken out, edges trimmed.
pub(crate) fn one_line(text: &str) -> String {
    text.lines().map(str::trim).collect::<Vec<_>>().join("")
}

/// Length in characters of the longest run two texts share.
pub(crate) fn longest_common_run(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    longest_common_run_of(&a, &b)
}

fn longest_common_run_of(a: &[char], b: &[char]) -> usize {
    let mut best = 0;
    let mut previous = vec![0usize; b.len() + 1];
    let mut current = vec![0usize; b.len() + 1];
    for x in a {
        for (j, y) in b.iter().enumerate() {
            current[j + 1] = if x == y { previous[j] + 1 } else { 0 };
            best = best.max(current[j + 1]);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    best
}

/// A project name folded for comparison: normalised, without `项目` / `经费` / `资金` / quotes.
pub(crate) struct FoldedName(Vec<char>);

/// The words a folded name drops, in this order (`项目支出` before `项目`).
const NAME_FILLER: [&[char]; 4] = [&['项', '目', '支', '出'], &['项', '目'], &['经', '费'], &['资', '金']];

impl FoldedName {
    pub(crate) fn new(name: &str) -> FoldedName {
        let mut chars: Vec<char> =
            normalize(name).chars().filter(|c| !matches!(c, '"' | '\'' | '“' | '”' | '「' | '」')).collect();
        // Each word dropped as `str::replace(word, "")` would, in place: the check at `read` sees the text as it
        // was, since everything at or after it is still unwritten. (One `replace` per word allocated a string
        // and set up a substring searcher, for every name of every check.)
        for word in NAME_FILLER {
            let (mut read, mut write) = (0, 0);
            while read < chars.len() {
                if chars[read..].starts_with(word) {
                    read += word.len();
                } else {
                    chars[write] = chars[read];
                    (read, write) = (read + 1, write + 1);
                }
            }
            chars.truncate(write);
        }
        FoldedName(chars)
    }

    /// Two names of one project: they share a run of at least half the shorter name (and of at least four
    /// characters, or the whole of a shorter name).
    pub(crate) fn alike(&self, other: &FoldedName) -> bool {
        let shorter = self.0.len().min(other.0.len());
        if shorter == 0 {
            return false;
        }
        let common = longest_common_run_of(&self.0, &other.0);
        common >= shorter.min(4) && common * 2 >= shorter
    }
}

/// `str::contains` for the short texts of cells and labels. The standard search sets up a two-way searcher
/// on every call (and without SIMD, as in WebAssembly, on every haystack), which costs more than these texts
/// take to scan; a byte search for one of the needle's bytes, checked where it is found, does not.
pub(crate) trait Has {
    fn has(&self, needle: &str) -> bool;
}

impl Has for str {
    fn has(&self, needle: &str) -> bool {
        rfind_word(self, needle).is_some()
    }
}

/// `str::rfind` for a word in a clause, on the same grounds as [`Has`] (which is this, asked only whether):
/// where the last occurrence of `needle` starts, found by a reverse byte search for one of its bytes, checked
/// where it is found.
pub(crate) fn rfind_word(hay: &str, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    if needle.len() > hay.len() {
        return None;
    }
    let Some(last) = needle.len().checked_sub(1) else { return Some(hay.len()) };
    // Anchored on the needle's third byte: the last byte of a CJK character, which varies more than the first
    // bytes they share.
    let anchor = last.min(2);
    let window = &hay[anchor..hay.len() - last + anchor];
    memchr::memrchr_iter(needle[anchor], window).find(|&start| &hay[start..start + needle.len()] == needle)
}

/// A fixed list of words to look for in many short texts at once: one pass over a text finds whether it
/// holds any of them, where a `str::contains` per word would set up a searcher per word and text (which costs
/// more than scanning a cell's few characters). Words must not be empty.
pub(crate) struct Words<const N: usize> {
    words: [&'static str; N],
    /// The length in bytes of each word's first character.
    first_len: [usize; N],
    /// The bytes that end some word's first character (the last byte of an ideograph tells ideographs apart far
    /// better than its first): a text is passed over byte by byte against this table, and a word is looked for
    /// only where its first character may end, without decoding a character.
    ends: [bool; 256],
    /// The shortest word's length in bytes: a shorter text (a number, a two-character label) holds none.
    shortest: usize,
}

impl<const N: usize> Words<N> {
    pub(crate) const fn new(words: [&'static str; N]) -> Words<N> {
        let mut first_len = [0; N];
        let mut ends = [false; 256];
        let mut shortest = usize::MAX;
        let mut i = 0;
        while i < N {
            first_len[i] = first_char(words[i]).len_utf8();
            ends[words[i].as_bytes()[first_len[i] - 1] as usize] = true;
            if words[i].len() < shortest {
                shortest = words[i].len();
            }
            i += 1;
        }
        Words { words, first_len, ends, shortest }
    }

    pub(crate) fn found_in(&self, text: &str) -> bool {
        if text.len() < self.shortest {
            return false;
        }
        let bytes = text.as_bytes();
        let mut at = 0;
        while let Some(offset) = bytes[at..].iter().position(|&b| self.ends[usize::from(b)]) {
            let end = at + offset;
            let found = self.words.iter().zip(&self.first_len).any(|(word, &len)| {
                let word = word.as_bytes();
                word[len - 1] == bytes[end] && end + 1 >= len && bytes[end + 1 - len..].starts_with(word)
            });
            if found {
                return true;
            }
            at = end + 1;
        }
        false
    }

    pub(crate) fn as_slice(&self) -> &[&'static str] {
        &self.words
    }
}

/// The first character of a non-empty word, in a `const` context (where `chars()` is not available).
const fn first_char(word: &str) -> char {
    let b = word.as_bytes();
    let code = match b[0] {
        0x00..=0x7F => b[0] as u32,
        0xC0..=0xDF => (b[0] as u32 & 0x1F) << 6 | (b[1] as u32 & 0x3F),
        0xE0..=0xEF => (b[0] as u32 & 0x0F) << 12 | (b[1] as u32 & 0x3F) << 6 | (b[2] as u32 & 0x3F),
        _ => (b[0] as u32 & 0x07) << 18 | (b[1] as u32 & 0x3F) << 12 | (b[2] as u32 & 0x3F) << 6 | (b[3] as u32 & 0x3F),
    };
    match char::from_u32(code) {
        Some(c) => c,
        None => panic!("not UTF-8"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn decimals_from_f64_are_the_shortest_text() {
        // The shortest text of the f64 where it has at most 15 significant digits; else a 15-digit decimal
        // within rounding of it.
        let check = |v: f64| {
            let ours = decimal_from_f64(v).unwrap();
            let shortest = Decimal::from_str(&format!("{v}")).unwrap();
            let digits = |d: Decimal| d.mantissa().unsigned_abs().to_string().trim_end_matches('0').len();
            if digits(shortest) <= 15 {
                assert_eq!(ours, shortest, "{v}");
            } else {
                assert!(digits(ours) <= 15, "{v}: {ours}");
                let close = (ours - shortest).abs() <= shortest.abs() * Decimal::new(1, 14);
                assert!(close, "{v}: {ours}");
            }
        };
        let mut x = 0.123_456_789f64;
        for i in 0..20_000 {
            // Values with a few decimals, as filings have them, and arbitrary ones.
            x = (x * 7919.0 + 0.1).fract();
            let few = (x * 1e6).round() / 10f64.powi(i % 7) - 500.0;
            for v in [few, x * 1e4, -x, (i as f64) / 100.0, 195.66, 0.1 + 0.2, 1e-7, 5e8 + 0.5] {
                check(v);
            }
        }
    }

    #[test]
    fn numbers_past_a_decimal_as_excel_shows_them() {
        assert_eq!(scientific_text(7.9e28), "7.9E+28");
        assert_eq!(scientific_text(1e-300), "1E-300");
        assert_eq!(scientific_text(-1.5e300), "-1.5E+300");
        assert_eq!(scientific_text(1e15), "1E+15");
        assert_eq!(scientific_text(1.234_567_890_123_45e20), "1.23456789012345E+20");
        assert_eq!(scientific_text(f64::MAX), "1.79769313486E+308");
        assert_eq!(scientific_text(f64::NEG_INFINITY), "-inf");
        // Too small for a decimal's places: not zero.
        assert_eq!(decimal_from_f64(1e-300), None);
    }

    #[test]
    fn folded_names_drop_what_replacing_drops() {
        let by_replacing = |name: &str| -> Vec<char> {
            normalize(name)
                .replace(['"', '\'', '“', '”', '「', '」'], "")
                .replace("项目支出", "")
                .replace("项目", "")
                .replace("经费", "")
                .replace("资金", "")
                .chars()
                .collect()
        };
        let pool = ["项", "目", "支", "出", "经", "费", "资", "金", "“", "\"", "「", "乡村", " ", "Ａ"];
        for n in 0..20_000usize {
            let name: String = (0..(n % 11)).map(|i| pool[(n / (i + 1) + i * 5) % pool.len()]).collect();
            assert_eq!(FoldedName::new(&name).0, by_replacing(&name), "{name:?}");
        }
        assert_eq!(FoldedName::new("“乡村振兴”项目支出资金").0, "乡村振兴".chars().collect::<Vec<_>>());
        assert_eq!(FoldedName::new("项“目经费").0, Vec::<char>::new());
    }

    #[test]
    fn rfind_word_is_rfind() {
        let texts = ["", "a", "ab", "资金", "项目资金和专项资金", "资", "支出资金支出", "aXa", "一般公共预算支出"];
        let needles = ["", "a", "资金", "支出", "金和", "一般公共预算", "Xa", "专项资金支出"];
        for text in texts {
            for needle in needles {
                assert_eq!(rfind_word(text, needle), text.rfind(needle), "{text:?} rfind {needle:?}");
            }
        }
    }

    #[test]
    fn has_is_contains() {
        let texts = ["", "a", "ab", "自评表", "2023年度项目支出绩效自评表", "表", "中表", "x自评", "评表自评表"];
        let needles = ["", "a", "b", "ab", "表", "自评表", "评表", "年度", "绩效自评表", "2023年度项目支出绩效自评表!"];
        for text in texts {
            for needle in needles {
                assert_eq!(text.has(needle), text.contains(needle), "{text:?} has {needle:?}");
            }
        }
    }

    #[test]
    fn words_found_as_contains_finds_them() {
        const WORDS: Words<4> = Words::new(["问卷", "满意度调查", "a", "é样"]);
        for text in ["", "发放问卷200份", "问", "满意度测评", "开展满意度调查", "ba", "B", "é", "xé样", "样"]
        {
            let expected = WORDS.as_slice().iter().any(|w| text.contains(w));
            assert_eq!(WORDS.found_in(text), expected, "{text}");
        }
        // Texts as long as the shortest word, and shorter, against a list without one-byte words.
        const LONG: Words<2> = Words::new(["满意度调查", "问卷"]);
        for text in ["", "问", "问卷", "卷问", "a问卷", "满意度调"] {
            assert_eq!(LONG.found_in(text), LONG.as_slice().iter().any(|w| text.contains(w)), "{text}");
        }
    }

    #[test]
    fn normalize_folds_width_space_and_breaks() {
        assert_eq!(normalize("成本指标\n（20分）"), "成本指标(20分)");
        assert_eq!(normalize("2023 年实际在职\n人数"), "2023年实际在职人数");
        assert_eq!(normalize("投 入"), "投入");
        assert_eq!(normalize("其中：一般公共预算：195.66"), "其中:一般公共预算:195.66");
        assert_eq!(normalize("“三公”经费"), "\"三公\"经费");
        assert_eq!(normalize("批复规模(㎡)"), "批复规模(m²)");
        assert_eq!(normalize("ＡＢｃ１Ｚ Km"), "abc1zkm");
        assert_eq!(normalize("㎡"), "m²");
        // Folding a run at a time gives what folding each character does.
        let pool = ['中', 'Ａ', 'a', 'B', ' ', '\n', '㎡', '，', '。', '“', '—', '\u{3000}', '9', '（'];
        for n in 0..4000usize {
            let text: String = (0..(n % 9)).map(|i| pool[(n / (i + 1) + i * 7) % pool.len()]).collect();
            let expected: String = text
                .chars()
                .filter_map(folded)
                .flat_map(|c| if c == '㎡' { "m²".chars().collect::<Vec<_>>() } else { vec![c] })
                .collect();
            assert_eq!(normalize(&text), expected, "{text:?}");
        }
        // Every character folded is found by the byte scan that decides whether to fold at all.
        for c in (0..0x11000).filter_map(char::from_u32) {
            let text = format!("中{c}文");
            assert_eq!(first_to_fold(&text).is_some(), c == '㎡' || folded(c) != Some(c), "{:X}", c as u32);
            assert_eq!(first_dropped(&text).is_some(), dropped_by_normalize(c), "{:X}", c as u32);
        }
        // Dropping a run at a time drops what dropping each character does, and nothing else.
        for n in 0..4000usize {
            let text: String = (0..(n % 9)).map(|i| pool[(n / (i + 1) + i * 7) % pool.len()]).collect();
            let expected: String = text.chars().filter(|&c| !dropped_by_normalize(c)).collect();
            assert_eq!(without_dropped(&text), expected, "{text:?}");
        }
        assert!(matches!(without_dropped("产出，指标"), Cow::Borrowed(_)));
        // Text with nothing to fold is not copied.
        assert!(matches!(normalize("产出指标(30分)"), Cow::Borrowed(_)));
    }

    #[test]
    fn parse_decimal_accepts_amounts_with_units() {
        assert_eq!(parse_decimal("195.66"), Some(dec("195.66")));
        assert_eq!(parse_decimal(" 10万元 "), Some(dec("10")));
        assert_eq!(parse_decimal("28万"), Some(dec("28")));
        assert_eq!(parse_decimal("1,234.50"), Some(dec("1234.50")));
        assert_eq!(parse_decimal("８.００"), Some(dec("8.00")));
        assert_eq!(parse_decimal("-3"), Some(dec("-3")));
    }

    #[test]
    fn parse_decimal_refuses_what_is_not_one_number() {
        for bad in ["", "7.50.", "IO", "约10", "/", "无", "≥95%", "控制在9万元内"] {
            assert_eq!(parse_decimal(bad), None, "{bad}");
        }
    }

    #[test]
    fn f64_goes_through_shortest_text() {
        assert_eq!(decimal_from_f64(156.79), Some(dec("156.79")));
        // As Excel shows it: 15 significant digits.
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec("0.3")));
        assert_eq!(decimal_from_f64(3.9299999999999997), Some(dec("3.93")));
        assert_eq!(decimal_from_f64(1e-15), Some(dec("0.000000000000001")));
        assert_eq!(decimal_from_f64(f64::NAN), None);
    }

    #[test]
    fn project_names() {
        let names_alike = |a: &str, b: &str| FoldedName::new(a).alike(&FoldedName::new(b));
        assert_eq!(longest_common_run("汨罗好人交流活动经费", "汨罗好人、交流活动"), 4);
        assert!(names_alike("志愿汨罗管理平台项目", "志愿汨罗管理平台"));
        assert!(names_alike(" 社会志愿者协会办公运营经费", "社会志愿者协会办公运营经费"));
        assert!(!names_alike(
            "\"雷锋家乡学雷锋\"表彰活动暨困难道德模范慰问",
            "汨罗好人、志愿服务先进典型表彰暨道德模范和身边好人交流活动经费"
        ));
    }

    #[test]
    fn numbers_inside_labels() {
        assert_eq!(trailing_number("其中：一般公共预算：195.66"), Some(dec("195.66")));
        assert_eq!(trailing_number("政府性基金拨款："), None);
        assert_eq!(weight_in_label("产出指标\n(30分)"), Some(dec("30")));
        assert_eq!(weight_in_label("产出指标 (60 分)"), Some(dec("60")));
        assert_eq!(weight_in_label("（50分）"), Some(dec("50")));
        assert_eq!(weight_in_label("产出指标"), None);
        assert_eq!(strip_weight("成本指标\n（20分）"), "成本指标");
        assert_eq!(strip_weight("数量指标"), "数量指标");
    }
}
