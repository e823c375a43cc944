//! Our own xlsx/xlsm reader: one streaming pass per sheet gives values, formulas, number formats and merged
//! ranges together. (calamine needs three passes over each sheet for the same; reading was most of the cost
//! of a check, see `git log -p BENCHMARKS.md`.)
//!
//! The package is read by its relationships: `xl/workbook.xml` names the sheets, its `.rels` the parts, and
//! the shared strings and styles are looked up once.

use std::collections::HashMap;

use compact_str::CompactString;
use quick_xml::events::Event;

use super::cells::{
    NumberShape, builtin_format, excel_date_text, excel_time_text, note_formula, put, stored_number_cell,
};
use super::limits::{Budget, MAX_CELLS, MAX_COL, MAX_GRIDS, MAX_MERGES, MAX_PART_BYTES, MAX_ROW};
use super::xml::{Events, attr, attr_u32, local, owned_attr, raw_attrs, reference_text};
use super::zipped::{read_entry, read_part};
use super::{InputFile, ReadError, ReadErrorKind};
use crate::grid::{Cell, CellRange, Document, Grid, GridKind, GridSource};

const WORKBOOK: &str = "xl/workbook.xml";

pub(super) fn read_workbook(file: &InputFile, document: &mut Document, budget: &mut Budget) -> Result<(), ReadError> {
    let fail = |kind| ReadError { file: file.name.clone(), kind };
    let package = Package::open(&file.bytes, budget).map_err(fail)?;
    if package.sheets.len() > MAX_GRIDS {
        return Err(fail(ReadErrorKind::TooLarge(format!("工作表超过 {MAX_GRIDS} 个"))));
    }
    // Each part is read once: a workbook naming one part for many sheets would have it inflated for each.
    let mut parts: Vec<&str> = package.sheets.iter().map(|(_, part)| part.as_str()).collect();
    parts.sort_unstable();
    if let Some(pair) = parts.windows(2).find(|w| super::zipped::same_part(w[0], w[1])) {
        return Err(fail(ReadErrorKind::TooLarge(format!("多个工作表指向同一部件 {}", pair[0]))));
    }
    for (name, part) in &package.sheets {
        let source = GridSource::new(file.name.as_str(), GridKind::Sheet { name: name.as_str().into() });
        let mut grid = Grid::new(source);
        let xml = read_entry(&file.bytes, part, MAX_PART_BYTES, budget).map_err(fail)?;
        let mut sheet = SheetReader { package: &package, grid: &mut grid, document, budget: &mut *budget };
        sheet.run(&xml, part).map_err(fail)?;
        document.grids.push(grid);
    }
    Ok(())
}

/// Everything about the workbook a sheet needs to be read: the sheets in order, the shared strings and the
/// number format of every cell style.
struct Package {
    /// (sheet name, part path) in the workbook's order; chart and dialog sheets are left out.
    sheets: Vec<(String, String)>,
    strings: Vec<CompactString>,
    styles: Vec<Style>,
    date_1904: bool,
}

#[derive(Clone, Copy, Default)]
struct Style {
    shape: NumberShape,
    date: bool,
    /// A time without a date (`h:mm:ss`, `[h]:mm:ss`): how to show it, else `None`.
    time: Option<TimeShape>,
}

impl Package {
    fn open(bytes: &[u8], budget: &mut Budget) -> Result<Package, ReadErrorKind> {
        let mut part = |name: &str| read_entry(bytes, name, MAX_PART_BYTES, budget);
        // The workbook part the package relationships name (`xl/workbook.xml` by convention), its folder and
        // its own relationships beside it (`xl/_rels/workbook.xml.rels`).
        let workbook_part = super::zipped::main_part(bytes).unwrap_or_else(|| WORKBOOK.to_string());
        let workbook = match part(&workbook_part) {
            Err(ReadErrorKind::TooLarge(why)) => return Err(ReadErrorKind::TooLarge(why)),
            Err(_) => part(WORKBOOK)?,
            Ok(xml) => xml,
        };
        let (folder, file) = workbook_part.rsplit_once('/').unwrap_or(("", &workbook_part));
        let (sheet_ids, date_1904) = workbook_sheets(&workbook)?;
        let rels_name =
            if folder.is_empty() { format!("_rels/{file}.rels") } else { format!("{folder}/_rels/{file}.rels") };
        let rels = match read_part(bytes, &rels_name, MAX_PART_BYTES, budget)? {
            Some(xml) => relationships(&xml, &rels_name, folder)?,
            None => Vec::new(),
        };
        let target = |kind: &str| rels.iter().find(|r| r.kind.ends_with(kind)).map(|r| r.target.clone());
        let mut sheets = Vec::with_capacity(sheet_ids.len());
        for (name, id) in sheet_ids {
            match rels.iter().find(|r| r.id == id) {
                Some(rel) if rel.kind.ends_with("/worksheet") => sheets.push((name, rel.target.clone())),
                Some(_) => {}
                None => return Err(ReadErrorKind::Corrupt(format!("{WORKBOOK}: 工作表“{name}”找不到对应部件"))),
            }
        }
        let strings_part = target("/sharedStrings").unwrap_or_else(|| "xl/sharedStrings.xml".into());
        let strings = match read_part(bytes, &strings_part, MAX_PART_BYTES, budget)? {
            Some(xml) => shared_strings(&xml, &strings_part, budget)?,
            None => Vec::new(),
        };
        let styles_part = target("/styles").unwrap_or_else(|| "xl/styles.xml".into());
        let styles = match read_part(bytes, &styles_part, MAX_PART_BYTES, budget)? {
            Some(xml) => cell_styles(&xml, &styles_part)?,
            None => Vec::new(),
        };
        Ok(Package { sheets, strings, styles, date_1904 })
    }
}

/// Runs `on_event` over every event of a part.
fn each_event<'x>(
    xml: &'x [u8],
    part: &str,
    mut on_event: impl FnMut(Event<'x>) -> Result<(), ReadErrorKind>,
) -> Result<(), ReadErrorKind> {
    let mut events = Events::new(xml);
    while let Some(event) = events.next(part)? {
        on_event(event)?;
    }
    Ok(())
}

/// The sheets of `xl/workbook.xml` as (name, relationship id), and whether dates count from 1904.
fn workbook_sheets(xml: &[u8]) -> Result<(Vec<(String, String)>, bool), ReadErrorKind> {
    let mut sheets = Vec::new();
    let mut date_1904 = false;
    each_event(xml, WORKBOOK, |event| {
        if let Event::Start(e) | Event::Empty(e) = event {
            match local(e.name().into_inner()) {
                "sheet" => sheets.push((owned_attr(&e, "name"), owned_attr(&e, "id"))),
                "workbookPr" => date_1904 = matches!(attr(&e, "date1904").as_deref(), Some("1" | "true")),
                _ => {}
            }
        }
        Ok(())
    })?;
    Ok((sheets, date_1904))
}

struct Relationship {
    id: String,
    kind: String,
    /// The part's path inside the package.
    target: String,
}

fn relationships(xml: &[u8], part: &str, folder: &str) -> Result<Vec<Relationship>, ReadErrorKind> {
    let mut rels = Vec::new();
    each_event(xml, part, |event| {
        if let Event::Start(e) | Event::Empty(e) = event
            && local(e.name().into_inner()) == "Relationship"
        {
            let target = owned_attr(&e, "Target");
            rels.push(Relationship {
                id: owned_attr(&e, "Id"),
                kind: owned_attr(&e, "Type"),
                target: part_path(folder, &target.replace('\\', "/")),
            });
        }
        Ok(())
    })?;
    Ok(rels)
}

/// A relationship target as a path in the package: absolute (`/xl/worksheets/sheet1.xml`) or relative to
/// the folder of the part that names it (`worksheets/sheet1.xml`, `../xl/styles.xml`).
fn part_path(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { folder.split('/').collect() };
    for piece in target.split('/') {
        match piece {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            piece => parts.push(piece),
        }
    }
    parts.join("/")
}

/// The shared string table: each `<si>`'s text runs joined, phonetic guides (`<rPh>`) left out.
fn shared_strings(xml: &[u8], part: &str, budget: &mut Budget) -> Result<Vec<CompactString>, ReadErrorKind> {
    let mut strings = Vec::new();
    let mut text = TextCollector::default();
    each_event(xml, part, |event| {
        let string = match &event {
            Event::Start(e) if local(e.name().into_inner()) == "si" => {
                text.clear();
                return Ok(());
            }
            Event::End(e) if local(e.name().into_inner()) == "si" => text.take(),
            Event::Empty(e) if local(e.name().into_inner()) == "si" => CompactString::default(),
            _ => {
                text.feed(&event);
                return Ok(());
            }
        };
        if strings.len() >= MAX_CELLS {
            return Err(ReadErrorKind::TooLarge(format!("共享字符串超过 {MAX_CELLS} 个")));
        }
        budget.text(string.len() + std::mem::size_of::<CompactString>())?;
        strings.push(string);
        Ok(())
    })?;
    Ok(strings)
}

/// Collects the text of `<t>` elements outside `<rPh>`, with Excel's `_xHHHH_` escapes resolved.
#[derive(Default)]
struct TextCollector {
    text: String,
    in_t: bool,
    in_phonetic: bool,
}

impl TextCollector {
    fn clear(&mut self) {
        self.text.clear();
        self.in_t = false;
        self.in_phonetic = false;
    }

    fn take(&mut self) -> CompactString {
        let text = unescape_excel(&self.text);
        self.clear();
        text
    }

    fn feed(&mut self, event: &Event) {
        match event {
            Event::Start(e) => match local(e.name().into_inner()) {
                "t" => self.in_t = true,
                "rPh" => self.in_phonetic = true,
                _ => {}
            },
            Event::End(e) => match local(e.name().into_inner()) {
                "t" => self.in_t = false,
                "rPh" => self.in_phonetic = false,
                _ => {}
            },
            Event::Text(t) if self.in_t && !self.in_phonetic => self.text.push_str(&t.xml10_content()),
            Event::CData(t) if self.in_t && !self.in_phonetic => self.text.push_str(t.as_ref()),
            Event::GeneralRef(r) if self.in_t && !self.in_phonetic => {
                if let Some(text) = reference_text(r) {
                    self.text.push_str(&text);
                }
            }
            _ => {}
        }
    }
}

/// `_x000D_` → carriage return: how OOXML writes characters XML cannot carry. `_x005F_` escapes an underscore.
/// A formula with its relative references (`B2`, `B$2`, `$B2`; not `$B$2`) moved by `rows` and `cols`, as a shared
/// formula's dependents read it. Text in quotes, sheet names in quotes and function names are left alone.
fn shifted_formula(formula: &str, rows: i64, cols: i64) -> String {
    let chars: Vec<char> = formula.chars().collect();
    let mut out = String::with_capacity(formula.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '"' || c == '\'' {
            let end = chars[i + 1..].iter().position(|&q| q == c).map_or(chars.len(), |p| i + 1 + p + 1);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        let starts_word = i == 0 || !(chars[i - 1].is_ascii_alphanumeric() || matches!(chars[i - 1], '_' | '.'));
        if starts_word && (c == '$' || c.is_ascii_alphabetic()) {
            let end =
                i + chars[i..].iter().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '$' | '_' | '.')).count();
            let word: String = chars[i..end].iter().collect();
            let is_call = chars.get(end) == Some(&'(') || chars.get(end) == Some(&'!');
            match (is_call, shift_reference(&word, rows, cols)) {
                (false, Some(moved)) => out.push_str(&moved),
                _ => out.push_str(&word),
            }
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    out
}

/// `B2` moved by (1, 2) → `D3`; `None` for what is not a cell reference or moves off the sheet.
fn shift_reference(word: &str, rows: i64, cols: i64) -> Option<String> {
    let (col_fixed, rest) = word.strip_prefix('$').map_or((false, word), |r| (true, r));
    let letters = rest.bytes().take_while(u8::is_ascii_uppercase).count();
    let (column, rest) = rest.split_at(letters);
    let (row_fixed, digits) = rest.strip_prefix('$').map_or((false, rest), |r| (true, r));
    if !(1..=3).contains(&letters) || digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let col = column.bytes().fold(0i64, |n, b| n * 26 + i64::from(b - b'A' + 1)) + if col_fixed { 0 } else { cols };
    let row = digits.parse::<i64>().ok()? + if row_fixed { 0 } else { rows };
    if !(1..=i64::from(MAX_COL) + 1).contains(&col) || !(1..=i64::from(MAX_ROW) + 1).contains(&row) {
        return None;
    }
    let mut name = Vec::new();
    let mut n = col;
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    let name = String::from_utf8(name).ok()?;
    Some(format!("{}{name}{}{row}", if col_fixed { "$" } else { "" }, if row_fixed { "$" } else { "" }))
}

fn unescape_excel(text: &str) -> CompactString {
    if !text.contains("_x") {
        return text.into();
    }
    let mut out = CompactString::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("_x") {
        out.push_str(&rest[..at]);
        let candidate = &rest[at..];
        let code = candidate.get(2..6).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match code.and_then(|h| u32::from_str_radix(h, 16).ok()).filter(|_| candidate.get(6..7) == Some("_")) {
            // A character beyond the BMP, escaped as its UTF-16 surrogates: `_xD801__xDC05_`.
            Some(high @ 0xD800..=0xDBFF) => {
                let low = candidate
                    .get(7..14)
                    .filter(|l| l.starts_with("_x") && l.ends_with('_'))
                    .and_then(|l| u32::from_str_radix(&l[2..6], 16).ok())
                    .filter(|l| (0xDC00..=0xDFFF).contains(l));
                match low {
                    Some(low) => {
                        out.extend(char::from_u32(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)));
                        rest = &candidate[14..];
                    }
                    None => rest = &candidate[7..],
                }
            }
            Some(code) => {
                out.extend(char::from_u32(code));
                rest = &candidate[7..];
            }
            None => {
                out.push_str("_x");
                rest = &candidate[2..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The number format of each cell style (`<cellXfs>`), by style index.
fn cell_styles(xml: &[u8], part: &str) -> Result<Vec<Style>, ReadErrorKind> {
    let mut codes: HashMap<u32, String> = HashMap::new();
    let mut xf_ids: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    each_event(xml, part, |event| {
        match &event {
            Event::Start(e) | Event::Empty(e) => match local(e.name().into_inner()) {
                "numFmt" => {
                    if let (Some(id), Some(code)) = (attr_u32(e, "numFmtId"), attr(e, "formatCode")) {
                        codes.insert(id, code.into_owned());
                    }
                }
                "cellXfs" => in_cell_xfs = matches!(event, Event::Start(_)),
                "xf" if in_cell_xfs => xf_ids.push(attr_u32(e, "numFmtId").unwrap_or(0)),
                _ => {}
            },
            Event::End(e) if local(e.name().into_inner()) == "cellXfs" => in_cell_xfs = false,
            _ => {}
        }
        Ok(())
    })?;
    let style_of = |id: u32| match codes.get(&id).map(String::as_str).or_else(|| builtin_format(id)) {
        Some(code) => Style { shape: NumberShape::of(code), date: is_date_format(code), time: time_shape(code) },
        // Ids Excel reserves for the locale (Chinese dates among them) without writing their code.
        None => Style {
            shape: NumberShape::default(),
            date: matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58),
            time: match id {
                18 | 20 => Some(TimeShape { seconds: false, elapsed: false }),
                19 | 21 | 45 | 47 => Some(TimeShape { seconds: true, elapsed: false }),
                46 => Some(TimeShape { seconds: true, elapsed: true }),
                _ => None,
            },
        },
    };
    Ok(xf_ids.into_iter().map(style_of).collect())
}

/// Whether a number format shows a date or time: a date letter in its first section, outside quotes,
/// escapes and brackets (`yyyy"年"m"月"d"日"`, `[$-F800]dddd`; not `0.00"万元"` or `[Red]0.00`).
fn is_date_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => return false,
            '"' => {
                chars.by_ref().find(|&c| c == '"');
            }
            '\\' | '_' | '*' => {
                chars.next();
            }
            '[' => {
                // `[h]`, `[mm]`, `[ss]`: elapsed time.
                let inner: String = chars.by_ref().take_while(|&c| c != ']').collect();
                if !inner.is_empty() && inner.chars().all(|c| matches!(c.to_ascii_lowercase(), 'h' | 'm' | 's')) {
                    return true;
                }
            }
            c if matches!(c.to_ascii_lowercase(), 'd' | 'm' | 'h' | 'y' | 's') => return true,
            _ => {}
        }
    }
    false
}

/// A time format's seconds and whether its hours run on past a day (`[h]`).
#[derive(Clone, Copy, Default)]
struct TimeShape {
    seconds: bool,
    elapsed: bool,
}

/// How a date format shows a time without a date: hours or seconds, and no day or year (outside quotes).
fn time_shape(code: &str) -> Option<TimeShape> {
    let section = code.split(';').next().unwrap_or_default();
    let mut letters = String::new();
    let mut quoted = false;
    for c in section.chars() {
        match c {
            '"' => quoted = !quoted,
            c if !quoted && c.is_ascii_alphabetic() => letters.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    let time = is_date_format(code) && letters.contains(['h', 's']) && !letters.contains(['d', 'y']);
    time.then(|| TimeShape {
        seconds: letters.contains('s'),
        elapsed: section.contains("[h") || section.contains("[H"),
    })
}

/// One worksheet part, streamed once.
struct SheetReader<'p, 'd> {
    package: &'p Package,
    grid: &'d mut Grid,
    document: &'d mut Document,
    budget: &'d mut Budget,
}

/// The cell being read, between `<c>` and `</c>`.
#[derive(Default)]
struct CellXml {
    row: u32,
    col: u32,
    /// The cell type (`t`): `s`, `inlineStr`, `str`, `b`, `e`, `d`, or empty for a number.
    kind: &'static str,
    style: usize,
    value: String,
    formula: String,
    /// The shared formula group a formula cell belongs to, and whether this cell holds the group's text.
    shared: Option<(String, bool)>,
    inline: TextCollector,
}

#[derive(Clone, Copy, PartialEq)]
enum Inside {
    Nothing,
    Value,
    Formula,
    InlineString,
}

impl SheetReader<'_, '_> {
    fn run(&mut self, xml: &[u8], part: &str) -> Result<(), ReadErrorKind> {
        let mut events = Events::new(xml);
        // Rows and cells may leave out their `r` attribute: then they follow the previous one.
        let mut next_row = 0u32;
        let mut next_col = 0u32;
        let mut cell = CellXml::default();
        let mut inside = Inside::Nothing;
        // Each shared formula group's text and the cell it was written in.
        let mut shared_formulas: HashMap<String, (String, u32, u32)> = HashMap::new();
        while let Some(event) = events.next(part)? {
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match local(e.name().into_inner()) {
                        "row" => {
                            let r = raw_attrs(e).find(|(key, _)| *key == "r").map(|(_, r)| r);
                            let row = match r.and_then(|r| r.parse::<u32>().ok()) {
                                Some(r) if r >= 1 => r - 1,
                                _ => next_row,
                            };
                            next_row = row.saturating_add(1);
                            next_col = 0;
                        }
                        // Most cells of a sheet are styled but empty (`<c r="B7" s="3"/>`): such a cell holds
                        // nothing, and only its place matters (a next cell without `r` follows it).
                        "c" if empty => {
                            self.budget.cell()?;
                            let reference =
                                raw_attrs(e).find(|(key, _)| *key == "r").and_then(|(_, r)| cell_position(r));
                            next_col = reference.map_or(next_col, |(_, col)| col).saturating_add(1);
                        }
                        "c" => {
                            let row = next_row.saturating_sub(1);
                            let (mut reference, mut kind, mut style) = (None, None, None);
                            for (key, value) in raw_attrs(e) {
                                match key {
                                    "r" => reference = cell_position(value),
                                    "t" => kind = Some(cell_kind(value)),
                                    "s" => style = value.parse().ok(),
                                    _ => {}
                                }
                            }
                            let (row, col) = reference.unwrap_or((row, next_col));
                            if row > MAX_ROW || col > MAX_COL {
                                return Err(ReadErrorKind::TooLarge(format!(
                                    "单元格位置超出 Excel 范围（第 {} 行）",
                                    row + 1
                                )));
                            }
                            next_col = col + 1;
                            // Cleared, not made anew: the value and formula buffers are reused from cell to cell.
                            cell.row = row;
                            cell.col = col;
                            cell.kind = kind.unwrap_or_default();
                            cell.style = style.unwrap_or(0);
                            cell.value.clear();
                            cell.formula.clear();
                            cell.shared = None;
                            cell.inline.clear();
                        }
                        "v" if !empty => inside = Inside::Value,
                        "f" => {
                            // Plain ASCII values, as on `<c>`: no attribute parser (and no string) per formula.
                            // The group's master carries the range it covers (`ref`); its dependents only the
                            // group, as `<f t="shared" si="0"/>` or `<f t="shared" si="0"></f>`.
                            let (mut shared, mut group, mut master) = (false, None, false);
                            for (key, value) in raw_attrs(e) {
                                match key {
                                    "t" => shared = value == "shared",
                                    "si" => group = Some(value),
                                    "ref" => master = true,
                                    _ => {}
                                }
                            }
                            if let Some(group) = group.filter(|_| shared) {
                                cell.shared = Some((group.to_string(), master));
                            }
                            if !empty {
                                inside = Inside::Formula;
                            }
                        }
                        "is" if !empty => inside = Inside::InlineString,
                        "mergeCell" => {
                            if let Some(range) = attr(e, "ref").and_then(|r| cell_range(&r)) {
                                if self.grid.merges.len() >= MAX_MERGES {
                                    return Err(ReadErrorKind::TooLarge(format!("合并单元格超过 {MAX_MERGES} 处")));
                                }
                                self.grid.merges.push(range);
                            }
                        }
                        _ if inside == Inside::InlineString => cell.inline.feed(&event),
                        _ => {}
                    }
                }
                Event::End(e) => match local(e.name().into_inner()) {
                    "v" | "f" | "is" => inside = Inside::Nothing,
                    "c" => {
                        if let Some((group, true)) = &cell.shared {
                            shared_formulas.insert(group.clone(), (cell.formula.clone(), cell.row, cell.col));
                        } else if let Some((group, false)) = &cell.shared
                            && cell.formula.is_empty()
                            && let Some((formula, row, col)) = shared_formulas.get(group)
                        {
                            // The master's formula, its relative references moved as far as this cell is from it.
                            self.budget.room_for_text(formula.len())?;
                            let (rows, cols) =
                                (i64::from(cell.row) - i64::from(*row), i64::from(cell.col) - i64::from(*col));
                            cell.formula = shifted_formula(formula, rows, cols);
                        }
                        self.finish_cell(&mut cell)?;
                    }
                    _ if inside == Inside::InlineString => cell.inline.feed(&event),
                    _ => {}
                },
                Event::Text(t) => match inside {
                    Inside::Value => cell.value.push_str(&t.xml10_content()),
                    Inside::Formula => cell.formula.push_str(&t.xml10_content()),
                    Inside::InlineString => cell.inline.feed(&event),
                    Inside::Nothing => {}
                },
                // Text written as CDATA (`<t><![CDATA[项目名称]]></t>`) is text like any other.
                Event::CData(t) => match inside {
                    Inside::Value => cell.value.push_str(t.as_ref()),
                    Inside::Formula => cell.formula.push_str(t.as_ref()),
                    Inside::InlineString => cell.inline.feed(&event),
                    Inside::Nothing => {}
                },
                Event::GeneralRef(r) => match inside {
                    Inside::Value => cell.value.extend(reference_text(r)),
                    Inside::Formula => cell.formula.extend(reference_text(r)),
                    Inside::InlineString => cell.inline.feed(&event),
                    Inside::Nothing => {}
                },
                _ => {}
            }
        }
        Ok(())
    }

    fn finish_cell(&mut self, xml: &mut CellXml) -> Result<(), ReadErrorKind> {
        self.budget.cell()?;
        let value = xml.value.trim();
        let cell = match xml.kind {
            "s" => value.parse::<usize>().ok().and_then(|i| self.package.strings.get(i)).map(|s| Cell::text(s.clone())),
            "inlineStr" => Some(Cell::text(xml.inline.take())),
            "str" => Some(Cell::text(unescape_excel(&xml.value))),
            _ if value.is_empty() => None,
            "b" => Some(Cell::text(if value == "1" { "TRUE" } else { "FALSE" })),
            "e" => Some(Cell::text(value)),
            // An ISO 8601 date (`2021-01-01T10:10:10`), as a date is shown: `2021-01-01 10:10:10`, or the date
            // alone at midnight.
            "d" => Some(Cell::text(iso_date_text(value))),
            _ => match self.package.styles.get(xml.style) {
                Some(Style { time: Some(time), .. }) => value
                    .parse::<f64>()
                    .ok()
                    .map(|number| Cell::text(excel_time_text(number, time.seconds, time.elapsed))),
                Some(style) if style.date => value.parse::<f64>().ok().map(|number| {
                    Cell::text(excel_date_text(number + if self.package.date_1904 { 1462.0 } else { 0.0 }))
                }),
                style => stored_number_cell(value, style.map_or_else(NumberShape::default, |s| s.shape)),
            },
        };
        if let Some(cell) = cell.filter(|c| !c.text.is_empty() || c.number.is_some()) {
            put(self.grid, self.budget, xml.row, xml.col, cell)?;
        }
        note_formula(self.grid, self.document, self.budget, (xml.row, xml.col), &xml.formula)?;
        Ok(())
    }
}

/// `2021-01-01T10:10:10(.123)(Z)` → `2021-01-01 10:10:10`; `2021-01-01T00:00:00` → `2021-01-01`.
fn iso_date_text(value: &str) -> String {
    let Some((date, time)) = value.split_once('T') else { return value.to_string() };
    let time = time.trim_end_matches('Z');
    let time = time.split('.').next().unwrap_or(time);
    match time {
        "" | "00:00:00" | "00:00" => date.to_string(),
        time => format!("{date} {time}"),
    }
}

/// The cell type attribute as one of the types [`SheetReader::finish_cell`] knows (unknown ones read as numbers).
fn cell_kind(t: &str) -> &'static str {
    match t {
        "s" => "s",
        "inlineStr" => "inlineStr",
        "str" => "str",
        "b" => "b",
        "e" => "e",
        "d" => "d",
        _ => "",
    }
}

/// `B7` → (6, 1), zero-based; `$B$7` too. Byte by byte: this runs on every cell.
fn cell_position(reference: &str) -> Option<(u32, u32)> {
    let bytes = reference.as_bytes().trim_ascii();
    let mut at = usize::from(bytes.first() == Some(&b'$'));
    let (mut col, mut letters) = (0u32, 0);
    while let Some(b) = bytes.get(at).filter(|b| b.is_ascii_alphabetic()) {
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1);
        (at, letters) = (at + 1, letters + 1);
        if letters > 3 {
            return None;
        }
    }
    at += usize::from(bytes.get(at) == Some(&b'$'));
    let (mut row, mut digits) = (0u32, 0);
    while let Some(b) = bytes.get(at).filter(|b| b.is_ascii_digit()) {
        if digits == 9 {
            return None;
        }
        row = row * 10 + u32::from(b - b'0');
        (at, digits) = (at + 1, digits + 1);
    }
    if letters == 0 || digits == 0 || at != bytes.len() {
        return None;
    }
    Some((row.checked_sub(1)?, col - 1))
}

/// `A1:C3` → the range; a single cell reference is a range of one.
fn cell_range(reference: &str) -> Option<CellRange> {
    let (first, last) = reference.split_once(':').unwrap_or((reference, reference));
    let ((first_row, first_col), (last_row, last_col)) = (cell_position(first)?, cell_position(last)?);
    Some(CellRange {
        first_row: first_row.min(last_row).min(MAX_ROW),
        first_col: first_col.min(last_col).min(MAX_COL),
        last_row: first_row.max(last_row).min(MAX_ROW),
        last_col: first_col.max(last_col).min(MAX_COL),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_references() {
        assert_eq!(cell_position("A1"), Some((0, 0)));
        assert_eq!(cell_position("B7"), Some((6, 1)));
        assert_eq!(cell_position("AA10"), Some((9, 26)));
        assert_eq!(cell_position("$C$3"), Some((2, 2)));
        assert_eq!(cell_position("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_position("A0"), None);
        assert_eq!(cell_position("1"), None);
        assert_eq!(cell_position("B"), None);
        assert_eq!(cell_position("B7x"), None);
        assert_eq!(cell_position("B99999999999"), None);
        assert_eq!(cell_position("ABCDEFGHIJKLMN1"), None);
        let merge = cell_range("C3:A1").unwrap();
        assert_eq!((merge.first_row, merge.first_col, merge.last_row, merge.last_col), (0, 0, 2, 2));
    }

    #[test]
    fn package_paths() {
        assert_eq!(part_path("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(part_path("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(part_path("xl", "../xl/styles.xml"), "xl/styles.xml");
    }

    #[test]
    fn excel_escapes() {
        assert_eq!(unescape_excel("第一行_x000D_\n第二行"), "第一行\r\n第二行");
        assert_eq!(unescape_excel("a_x005F_x000D_b"), "a_x000D_b");
        assert_eq!(unescape_excel("_xyz_ 不变"), "_xyz_ 不变");
    }

    #[test]
    fn date_formats() {
        for date in ["yyyy\"年\"m\"月\"d\"日\"", "mm-dd-yy", "[$-F800]dddd, mmmm dd, yyyy", "[h]:mm:ss", "h:mm AM/PM"]
        {
            assert!(is_date_format(date), "{date}");
        }
        for number in ["0.00\"万元\"", "[Red]0.00", "#,##0.00_);[Red](#,##0.00)", "0.00%", "General", "@", "0.00E+00"]
        {
            assert!(!is_date_format(number), "{number}");
        }
    }

    #[test]
    fn shared_strings_skip_phonetic_guides() {
        let xml = br#"<sst><si><t>abc</t></si><si><r><t>Rich </t></r><r><t xml:space="preserve">text</t></r><rPh><t>ignored</t></rPh></si><si/></sst>"#;
        assert_eq!(
            shared_strings(xml, "sst", &mut Budget::default()).ok(),
            Some(vec!["abc".into(), "Rich text".into(), CompactString::default()])
        );
    }

    #[test]
    fn entities_are_never_expanded() {
        let xml = br#"<!DOCTYPE sst [<!ENTITY a "haha">]><sst><si><t>x&a;y&amp;</t></si></sst>"#;
        assert_eq!(shared_strings(xml, "sst", &mut Budget::default()).ok(), Some(vec![CompactString::from("xy&")]));
    }

    #[test]
    fn iso_dates_as_shown() {
        assert_eq!(iso_date_text("2021-01-01T10:10:10"), "2021-01-01 10:10:10");
        assert_eq!(iso_date_text("2021-01-01T10:10:10.123Z"), "2021-01-01 10:10:10");
        assert_eq!(iso_date_text("2021-01-01T00:00:00"), "2021-01-01");
        assert_eq!(iso_date_text("2021-01-01"), "2021-01-01");
    }
}
