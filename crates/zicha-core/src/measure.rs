//! Indicator values as measures: `≥95%`, `不低于90%`, `控制在28万元内`, `10个`, `=0` → an operator, a number and
//! a unit. Targets and actuals without one clear number are qualitative (`有所提升`) or dates (`9月前`), and
//! scoring treats them differently.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::text::{Has, normalize};

/// How a target compares: higher is better (`≥`, or a bare number), lower is better (`≤`, `控制在…内`), or
/// exactly (`=0` for accidents and complaints).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    AtLeast,
    AtMost,
    Exactly,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Measure {
    pub direction: Direction,
    pub value: Decimal,
    /// Normalised unit (`%`, `万元`, `个`…), empty when the number stands alone.
    pub unit: &'static str,
}

/// What an indicator value is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Value {
    /// One number, perhaps with an operator and a unit.
    Quantity(Measure),
    /// A date, month or period (`2023年12月完成`, `9月前`, `年内`).
    Time,
    /// Words only, or several numbers where none is the measure.
    Qualitative,
    /// Blank, `/`, `-`, `—`, `无`, `不适用`.
    NotApplicable,
}

const UNITS: &[&str] = &[
    "万元",
    "万人",
    "万册",
    "%",
    "元",
    "万",
    "个",
    "人次",
    "人",
    "次",
    "项",
    "天",
    "小时",
    "户",
    "场",
    "期",
    "名",
    "分",
    "亩",
    "公里",
    "km",
    "家",
    "所",
    "件",
    "篇",
    "份",
    "台",
    "套",
    "批",
    "平方米",
    "m²",
    "米",
    "吨",
    "册",
    "条",
    "座",
    "处",
    "课时",
    "学时",
    "批次",
    "年",
    "月",
    "日",
];

/// Words before the number, negated forms first: `不低于` is at least, though it contains `低于`.
const BEFORE: &[(&str, Direction)] = &[
    ("不低于", Direction::AtLeast),
    ("不少于", Direction::AtLeast),
    ("不小于", Direction::AtLeast),
    ("不高于", Direction::AtMost),
    ("不超过", Direction::AtMost),
    ("不大于", Direction::AtMost),
    ("≥", Direction::AtLeast),
    ("≧", Direction::AtLeast),
    (">=", Direction::AtLeast),
    ("≤", Direction::AtMost),
    ("≦", Direction::AtMost),
    ("<=", Direction::AtMost),
    (">", Direction::AtLeast),
    ("<", Direction::AtMost),
    ("控制在", Direction::AtMost),
    ("低于", Direction::AtMost),
    ("少于", Direction::AtMost),
    ("小于", Direction::AtMost),
    ("大于", Direction::AtLeast),
    ("多于", Direction::AtLeast),
    ("至少", Direction::AtLeast),
    ("达到", Direction::AtLeast),
    ("超过", Direction::AtLeast),
];
const AT_MOST_AFTER: &[&str] = &["以内", "以下", "之内", "内"];
const AT_LEAST_AFTER: &[&str] = &["以上"];

/// Text that says "not applicable".
pub(crate) fn is_not_applicable(text: &str) -> bool {
    // Only short texts can be one of these: no need to normalise a sentence to know.
    text.chars().count() <= 12 && normalised_not_applicable(&normalize(text))
}

fn normalised_not_applicable(norm: &str) -> bool {
    matches!(norm, "" | "/" | "-" | "--" | "无" | "不适用" | "n/a" | "na" | "——")
}

pub(crate) fn parse(text: &str) -> Value {
    let norm = normalize(text);
    if normalised_not_applicable(&norm) {
        return Value::NotApplicable;
    }
    let numbers = numbers_in(&norm);
    let looks_like_time = |n: &NumberAt| {
        if n.text.matches('.').count() > 1 {
            return true; // 2023.1.1
        }
        let after = &norm[n.end..];
        after.starts_with('年')
            || after.starts_with('月')
            || after.starts_with('日')
            || after.starts_with('.') && n.text.len() == 4
    };
    if numbers.iter().any(looks_like_time)
        || (numbers.is_empty() && (norm.has("年内") || norm.has("月底") || norm.has("按时")))
    {
        return Value::Time;
    }
    let [number] = numbers.as_slice() else { return Value::Qualitative };
    let Some(value) = crate::text::decimal(&number.text) else { return Value::Qualitative };
    let after = &norm[number.end..];
    let unit = UNITS.iter().find(|u| after.starts_with(**u)).copied().unwrap_or_default();
    let before = &norm[..number.start];
    let after_unit = &after[unit.len()..];
    // `=0`, `﹦100%` (and Yunnan's `═`), but not `>=` / `<=`, which the list below reads.
    let equals = before.ends_with(['=', '﹦', '═']) && !before.ends_with(">=") && !before.ends_with("<=");
    let direction = if equals || before.ends_with('为') && value.is_zero() {
        Direction::Exactly
    } else if let Some((_, direction)) = BEFORE.iter().find(|(w, _)| before.has(w)) {
        *direction
    } else if AT_MOST_AFTER.iter().any(|w| after_unit.starts_with(w)) {
        Direction::AtMost
    } else if AT_LEAST_AFTER.iter().any(|w| after_unit.starts_with(w)) {
        Direction::AtLeast
    } else if value.is_zero() {
        Direction::Exactly
    } else {
        Direction::AtLeast
    };
    Value::Quantity(Measure { direction, value, unit })
}

struct NumberAt<'a> {
    start: usize,
    end: usize,
    /// Without thousands separators; a copy only when there are some.
    text: Cow<'a, str>,
}

/// The numbers in normalised text, with their byte positions (`1,234.5` is one number).
fn numbers_in(norm: &str) -> Vec<NumberAt<'_>> {
    let bytes = norm.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && (bytes[i].is_ascii_digit()
                    || bytes[i] == b','
                    || bytes[i] == b'.' && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
            {
                i += 1;
            }
            let digits = &norm[start..i];
            let text = if digits.has(",") { Cow::Owned(digits.replace(',', "")) } else { Cow::Borrowed(digits) };
            found.push(NumberAt { start, end: i, text });
        } else {
            i += 1;
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use super::*;

    fn q(direction: Direction, value: &str, unit: &'static str) -> Value {
        Value::Quantity(Measure { direction, value: Decimal::from_str(value).unwrap(), unit })
    }

    #[test]
    fn targets_of_real_filings() {
        use Direction::*;
        assert_eq!(parse("公众满意度≥95%"), q(AtLeast, "95", "%"));
        assert_eq!(parse("≥95%"), q(AtLeast, "95", "%"));
        assert_eq!(parse("98%以上"), q(AtLeast, "98", "%"));
        assert_eq!(parse("不低于90%"), q(AtLeast, "90", "%"));
        assert_eq!(parse("控制在28万元内"), q(AtMost, "28", "万元"));
        assert_eq!(parse("≤90万元"), q(AtMost, "90", "万元"));
        assert_eq!(parse("10万"), q(AtLeast, "10", "万"));
        assert_eq!(parse("586个"), q(AtLeast, "586", "个"));
        assert_eq!(parse("=0"), q(Exactly, "0", ""));
        assert_eq!(parse("0起"), q(Exactly, "0", ""));
        assert_eq!(parse("100%"), q(AtLeast, "100", "%"));
        assert_eq!(parse("28万元"), q(AtLeast, "28", "万元"));
        // As typed where ≥ is not at hand (Anhui 2019), and as some mirrors print the signs (Yunnan 2022).
        assert_eq!(parse(">=21933人"), q(AtLeast, "21933", "人"));
        assert_eq!(parse("<=5300元/户"), q(AtMost, "5300", "元"));
        assert_eq!(parse("≧100%"), q(AtLeast, "100", "%"));
        assert_eq!(parse("═100%"), q(Exactly, "100", "%"));
    }

    #[test]
    fn words_dates_and_blanks() {
        assert_eq!(parse("有所提升"), Value::Qualitative);
        assert_eq!(parse("全民道德素养和社会文明程度不断提高"), Value::Qualitative);
        assert_eq!(parse("2023年度内完成"), Value::Time);
        assert_eq!(parse("9月前"), Value::Time);
        assert_eq!(parse("2021年12月完成"), Value::Time);
        assert_eq!(parse("年内计划按时完成"), Value::Time);
        assert_eq!(parse("2023.1.1至2023.12.31"), Value::Time);
        assert_eq!(parse("志愿者达10.69 万人，服务时长83万小时"), Value::Qualitative);
        assert_eq!(parse("/"), Value::NotApplicable);
        assert_eq!(parse("—"), Value::NotApplicable);
        assert_eq!(parse(""), Value::NotApplicable);
    }
}
