//! 附件4 部门整体支出绩效自评报告 and 附件5 项目支出绩效自评报告: prose reports in Word paragraphs. A report begins at
//! its `附件4`/`附件5` line (or, without one, at its title) and runs to the next report or table.

use std::borrow::Cow;

use super::labels::Labels;
use crate::grid::{Block, Document, Paragraph};
use crate::model::{FormKind, OutlineFit, Report, Section, Sourced, Text};
use crate::template::{Outline, OutlineReport, OutlineSection, Role, Template};
use crate::text::normalize;

/// `附件4` / `附件5` lines, and titles that name a report.
pub(super) fn report_marker(lx: &Labels, norm: &str) -> Option<FormKind> {
    if norm.chars().count() > 8 {
        return None;
    }
    match lx.report_markers.classify(norm)? {
        Role::ReportMarkerDepartment => Some(FormKind::DepartmentReport),
        Role::ReportMarkerProject => Some(FormKind::ProjectReport),
        _ => None,
    }
}

pub(super) fn report_title(lx: &Labels, norm: &str) -> Option<FormKind> {
    // A numbered line is a section (`九、部门整体支出绩效自评结果拟应用和公开情况`), never a title.
    if norm.chars().count() > 60 || !lx.report_word.is(norm) || heading_level(lx, norm).is_some() {
        return None;
    }
    match lx.report_titles.classify(norm)? {
        Role::ReportTitleDepartment => Some(FormKind::DepartmentReport),
        Role::ReportTitleProject => Some(FormKind::ProjectReport),
        _ => None,
    }
}

/// The reports of a document, and the Word tables that stand inside them (a report's own small tables, which
/// are no form). A table that is a form (`form_grids`) ends the report before it.
pub(super) fn locate_and_parse(
    document: &Document,
    lx: &Labels,
    form_grids: &rustc_hash::FxHashSet<usize>,
) -> (Vec<Report>, rustc_hash::FxHashSet<usize>) {
    let mut reports = Vec::new();
    let mut report_tables = rustc_hash::FxHashSet::default();
    for (_, body) in &document.bodies {
        let mut current: Option<OpenReport> = None;
        // Paragraphs of the title already taken with the one before (a title wrapped over two paragraphs).
        let mut title_rest = 0;
        // Under a `目录` line: its entries are not the report's sections, up to the title again or a long line.
        let mut in_contents = false;
        for (position, block) in body.iter().enumerate() {
            let paragraph = match *block {
                Block::Table(grid) if current.is_some() && !form_grids.contains(&grid) => {
                    report_tables.insert(grid);
                    continue;
                }
                Block::Table(_) => {
                    reports.extend(current.take().map(|r| r.parse(lx)));
                    continue;
                }
                Block::Paragraph(i) => &document.paragraphs[i],
            };
            let norm = normalize(&paragraph.text);
            if current.is_some() && lx.report_contents.is(&norm) {
                in_contents = true;
                continue;
            }
            if in_contents {
                if norm.chars().count() <= 40 && report_title(lx, &norm).is_none() {
                    continue;
                }
                in_contents = false;
            }
            let marker = report_marker(lx, &norm);
            let started = current.as_ref().is_some_and(|r| r.has_sections);
            let level = heading_level(lx, &norm);
            let begins = if title_rest > 0 {
                title_rest -= 1;
                None
            } else {
                marker.or_else(|| {
                    // A title begins a report only where no report is open or the open one is past its cover.
                    let open = current.is_none() || started;
                    let title = report_title(lx, &norm).or_else(|| {
                        let (kind, rest) = wrapped_title(lx, document, &body[position..])?;
                        title_rest = rest;
                        Some(kind)
                    });
                    let title = title.filter(|_| open);
                    if title.is_none() {
                        title_rest = 0;
                    }
                    // A report without a title, which opens with its first section (`一、绩效自评工作开展情况`).
                    // Or one whose cover has no title line but its fields (`评价方式:…`).
                    title.or_else(|| {
                        // Or one that opens with the sentence that introduces it (`现将绩效评价情况报告如下:`).
                        // Asked only while no report is open.
                        let opens = current.is_none()
                            && (level == Some(1) && lx.report_opening.is(&norm)
                                || lx.report_cover.is(&norm)
                                || lx.report_preamble.is(&norm));
                        opens.then(|| untitled_kind(lx, paragraph.at.file()))
                    })
                })
            };
            let ends = super::title_kind(lx, &norm).is_some() && marker.is_none();
            if let Some(kind) = begins {
                // `附件5` followed by its title is one start, not two.
                let just_marked = current.as_ref().is_some_and(|r| r.only_markers);
                if !(just_marked && marker.is_none()) {
                    reports.extend(current.take().map(|r| r.parse(lx)));
                    current =
                        Some(OpenReport { kind, paragraphs: Vec::new(), has_sections: false, only_markers: true });
                }
            } else if ends {
                reports.extend(current.take().map(|r| r.parse(lx)));
            }
            if let Some(open) = current.as_mut() {
                open.has_sections |= level == Some(1);
                open.only_markers &= norm.is_empty() || marker.is_some();
                // Kept with its normalised text: a report's paragraphs are normalised once, here.
                open.paragraphs.push((paragraph, norm));
            }
        }
        reports.extend(current.take().map(|r| r.parse(lx)));
    }
    (reports, report_tables)
}

/// The kind of a report with no title line: the one its file's name says (`…整体支出绩效自评报告.docx`), else a
/// project report.
fn untitled_kind(lx: &Labels, file: &str) -> FormKind {
    let stem = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let stem = stem.rsplit_once('.').map_or(stem, |(stem, _)| stem);
    report_title(lx, &normalize(stem)).unwrap_or(FormKind::ProjectReport)
}

/// A title wrapped over two or three short paragraphs (`关于上报……项目` / `支出绩效自评的报告`): its kind, and
/// how many paragraphs after the first it takes.
fn wrapped_title(lx: &Labels, document: &Document, blocks: &[Block]) -> Option<(FormKind, usize)> {
    const SHORT: usize = 30;
    // Only a short line can start a title wrapped over lines.
    let short = |b: &Block| match *b {
        Block::Paragraph(i) => document.paragraphs[i].text.len() <= SHORT * 3,
        Block::Table(_) => false,
    };
    if !blocks.first().is_some_and(short) {
        return None;
    }
    // A title ends with its word for a report (`…的报告`): nothing to join unless one of the next lines has it.
    let ends_a_title = |b: &Block| match *b {
        Block::Paragraph(i) => short(b) && lx.report_word.holds(&document.paragraphs[i].text),
        Block::Table(_) => false,
    };
    if !blocks.iter().skip(1).take(2).any(ends_a_title) {
        return None;
    }
    let mut joined = String::new();
    for (taken, block) in blocks.iter().take(3).enumerate() {
        let Block::Paragraph(i) = *block else { return None };
        let norm = normalize(&document.paragraphs[i].text);
        // A sentence (`无。`) or an `附件5` line is not a piece of a title.
        if norm.is_empty()
            || norm.chars().count() > SHORT
            || heading_level(lx, &norm).is_some()
            || norm.ends_with(['。', ';', '；', '!', '！', '?', '？'])
            || report_marker(lx, &norm).is_some()
        {
            return None;
        }
        joined.push_str(&norm);
        if taken > 0
            && let Some(kind) = report_title(lx, &joined)
        {
            return Some((kind, taken));
        }
    }
    None
}

/// A report being collected, with what its paragraphs so far show (kept as they come: a report has hundreds).
struct OpenReport<'d> {
    kind: FormKind,
    /// Each paragraph with its normalised text.
    paragraphs: Vec<(&'d Paragraph, Cow<'d, str>)>,
    /// A first-level heading (`一、…`) has come: the cover is behind.
    has_sections: bool,
    /// Only its `附件` line and blank lines so far.
    only_markers: bool,
}

impl OpenReport<'_> {
    fn parse(self, lx: &Labels) -> Report {
        parse(lx, self.kind, &self.paragraphs)
    }
}

fn parse(lx: &Labels, kind: FormKind, paragraphs: &[(&Paragraph, Cow<str>)]) -> Report {
    let text = |p: &Paragraph| -> Text { Sourced::new(p.text.as_str().into(), p.at.clone()) };
    let mut report = Report {
        kind,
        at: paragraphs[0].0.at.clone(),
        title: None,
        unit: None,
        date: None,
        year: None,
        preamble: Vec::new(),
        sections: Vec::new(),
        outline: None,
        instructions: Vec::new(),
    };
    let body: Vec<(&Paragraph, &str)> = paragraphs
        .iter()
        .map(|(p, norm)| (*p, norm.as_ref()))
        .filter(|(p, norm)| !p.text.trim().is_empty() && report_marker(lx, norm).is_none())
        .collect();
    // A letter's number (`临市退军发[2024]6号`) may stand above its title.
    let numbered = body.first().is_some_and(|(_, norm)| is_document_number(norm));
    let body = &body[usize::from(numbered)..];
    // The title: the first lines up to the one that says 报告 (titles wrap over two or three paragraphs), among
    // the short lines before any cover field (`评价单位(公章):…`) or section (`一、…`): a cover without a title
    // line is not one.
    let title_lines = body
        .iter()
        .take(4)
        .take_while(|(_, norm)| {
            norm.chars().count() <= 60
                && !lx.report_cover.is(norm)
                && !lx.report_unit.is(norm)
                && !lx.report_date.is(norm)
                && !lx.report_preamble.is(norm)
                && heading_level(lx, norm).is_none()
        })
        .count();
    let title_end = body[..title_lines].iter().position(|(_, norm)| lx.report_word.is(norm));
    if let Some(end) = title_end {
        let joined: compact_str::CompactString = body[..=end].iter().map(|(p, _)| p.text.trim()).collect();
        report.title = Some(Sourced::new(joined, body[0].0.at.clone()));
    }
    let mut rest = &body[title_end.map_or(0, |e| e + 1)..];
    // The unit on a line of its own under the title (`XX县农业农村局`); under a letter's title (`关于上报…的报告`)
    // that line is whom the letter is sent to.
    let letter = report.title.as_ref().is_some_and(|t| lx.report_letter.holds(&normalize(&t.value)));
    if let Some(&(paragraph, norm)) = rest.first()
        && norm.chars().count() <= 25
        && lx.is_unit(norm)
        && !lx.report_unit.is(norm)
        && heading_level(lx, norm).is_none()
    {
        if !letter {
            report.unit = Some(Sourced::new(paragraph.text.trim().into(), paragraph.at.clone()));
        }
        rest = &rest[1..];
    }
    for &(paragraph, norm) in rest {
        if report.unit.is_none() && lx.report_unit.is(norm) {
            let value = paragraph.text.split(['：', ':']).nth(1).unwrap_or_default().trim().into();
            report.unit = Some(Sourced::new(value, paragraph.at.clone()));
            continue;
        }
        if report.date.is_none() && report.sections.is_empty() && is_cover_date(norm) {
            report.date = Some(text(paragraph));
            continue;
        }
        // `评价年度:2024` on the cover.
        if report.year.is_none() && report.sections.is_empty() && lx.report_cover.is(norm) {
            let value = paragraph.text.split_once(['：', ':']).map_or("", |(_, v)| v).trim();
            let digits = value.trim_end_matches(['年', '度']);
            if digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()) {
                report.year = Some(Sourced::new(digits.into(), paragraph.at.clone()));
            }
        }
        // `填报日期：2025年10月29日` on the cover: the date is what follows the label, a date or not.
        if report.date.is_none() && report.sections.is_empty() && lx.report_date.is(norm) {
            let value = paragraph.text.split_once(['：', ':']).map_or("", |(_, v)| v).trim();
            report.date = Some(Sourced::new(value.into(), paragraph.at.clone()));
            continue;
        }
        if norm.chars().count() <= 30 && lx.report_instruction.is(norm) {
            report.instructions.push(text(paragraph));
        }
        match heading_level(lx, norm) {
            Some(level) => report.sections.push(Section { heading: text(paragraph), level, paragraphs: Vec::new() }),
            None => match report.sections.last_mut() {
                Some(section) => section.paragraphs.push(text(paragraph)),
                None => report.preamble.push(text(paragraph)),
            },
        }
    }
    // Else the unit that signs it, on a short line at its end (before or after the date).
    if report.unit.is_none() {
        let signed = rest
            .iter()
            .rev()
            .take(3)
            .find(|(_, norm)| norm.chars().count() <= 25 && lx.is_unit(norm) && heading_level(lx, norm).is_none());
        if let Some((paragraph, _)) = signed {
            report.unit = Some(Sourced::new(paragraph.text.trim().into(), paragraph.at.clone()));
        }
    }
    // Else the unit its title names before the year (`XX县农业农村局2023年度部门整体支出绩效自评报告`).
    if report.unit.is_none()
        && let Some(title) = &report.title
        && let Some(unit) = unit_before_year(lx, &title.value)
    {
        report.unit = Some(Sourced::new(unit.into(), title.at.clone()));
    }
    // Else the unit that its introducing sentence says made it (`池州市人社局对2022年度…开展了…`).
    if report.unit.is_none()
        && let Some((unit, paragraph)) = report
            .preamble
            .iter()
            .filter(|p| lx.report_preamble.is(&normalize(&p.value)))
            .find_map(|p| Some((unit_making(lx, &p.value)?, p)))
    {
        report.unit = Some(Sourced::new(unit.into(), paragraph.at.clone()));
    }
    report
}

/// The unit a report's introducing sentence says made it: in one of its clauses, the shortest run from the clause's
/// start that ends as a unit's name does and is followed by what [`Role::ReportBy`] says follows the unit. A place
/// (`临夏市对2023转移支付资金进行了绩效自评`) names no unit.
fn unit_making(lx: &Labels, sentence: &str) -> Option<String> {
    sentence.split(['，', ',', '；', ';', '。']).find_map(|clause| {
        let clause = clause.trim();
        clause.char_indices().skip(2).find_map(|(at, _)| {
            let (unit, rest) = clause.split_at(at);
            let norm = normalize(unit);
            (lx.is_unit(&norm) && !lx.is_place(&norm) && lx.report_by.is(&normalize(rest))).then(|| unit.to_string())
        })
    })
}

/// The outline a report follows: of the outlines for its kind in the families' data, the one two or more of whose
/// sections its headings name, the most of them (then the fewest missing); else the least every report must hold.
pub(super) fn fit_outline(templates: &[Template], report: &Report) -> Option<OutlineFit> {
    let kind = match report.kind {
        FormKind::DepartmentReport => OutlineReport::DepartmentReport,
        _ => OutlineReport::ProjectReport,
    };
    let headings: Vec<Cow<str>> = report.sections.iter().map(|s| normalize(&s.heading.value)).collect();
    // The heading each section of an outline is under, each word normalised once.
    let headings_of = |outline: &Outline| -> Vec<Option<usize>> {
        outline
            .sections
            .iter()
            .map(|section: &OutlineSection| {
                let words: Vec<Cow<str>> =
                    section.words.iter().filter(|w| !w.is_empty()).map(|w| normalize(w)).collect();
                headings.iter().position(|h| words.iter().any(|w| h.contains(&**w)))
            })
            .collect()
    };
    let outlines = || templates.iter().flat_map(|t| &t.outlines).filter(|o| o.reports.contains(&kind));
    let followed = outlines()
        .filter(|o| !o.least)
        .map(|o| {
            let at = headings_of(o);
            let found = at.iter().filter(|h| h.is_some()).count();
            let missing = o.sections.iter().zip(&at).filter(|(s, h)| !s.optional && h.is_none()).count();
            (found, std::cmp::Reverse(missing), o)
        })
        .filter(|(found, ..)| *found >= 2)
        .max_by_key(|(found, missing, _)| (*found, *missing))
        .map(|(.., o)| o);
    let outline = followed.or_else(|| outlines().find(|o| o.least))?;
    let mut fit = OutlineFit { name: outline.name.clone(), missing: Vec::new(), empty: Vec::new() };
    for (section, at) in outline.sections.iter().zip(headings_of(outline)).filter(|(s, _)| !s.optional) {
        match at {
            None => fit.missing.push(section.name.clone()),
            Some(i) if is_empty(report, i) => fit.empty.push(report.sections[i].heading.clone()),
            Some(_) => {}
        }
    }
    Some(fit)
}

/// A section with nothing under it: no paragraph, no subsection, and nothing after its heading's colon.
fn is_empty(report: &Report, i: usize) -> bool {
    let section = &report.sections[i];
    let inline = section.heading.value.split_once(['：', ':']).is_some_and(|(_, rest)| !rest.trim().is_empty());
    section.paragraphs.is_empty()
        && !inline
        && report.sections.get(i + 1).is_none_or(|next| next.level <= section.level)
}

/// The unit a title or file name names before its four-digit year (`XX县农业农村局2023年度…`, `XX局关于2021年度…`):
/// the longest run from the start that ends as a unit's name does (`局`, `中心`, `县`, …).
pub(super) fn unit_before_year(lx: &Labels, title: &str) -> Option<String> {
    let chars: Vec<char> = title.trim().chars().collect();
    let start = (0..chars.len().saturating_sub(4))
        .find(|&i| chars[i..i + 4].iter().all(char::is_ascii_digit) && chars.get(i + 4) == Some(&'年'))?;
    (2..=start).rev().find_map(|end| {
        let unit: String = chars[..end].iter().collect::<String>().trim().to_string();
        (unit.chars().count() >= 2 && lx.is_unit(&normalize(&unit))).then_some(unit)
    })
}

/// A document number alone on a line (`临市退军发[2024]6号`, `X财预〔2024〕12号`): its issuer, the year in brackets,
/// the number and `号`.
fn is_document_number(norm: &str) -> bool {
    let Some(before) = norm.strip_suffix('号') else { return false };
    let chars: Vec<char> = before.chars().collect();
    chars.len() <= 30
        && chars
            .windows(6)
            .any(|w| matches!((w[0], w[5]), ('[', ']') | ('(', ')')) && w[1..5].iter().all(char::is_ascii_digit))
}

/// `2024年10月8日`, `2024年 10月 8日`, `2024.10.08` alone on a line.
fn is_cover_date(norm: &str) -> bool {
    let digits_and = |s: &str, seps: &[char]| {
        !s.is_empty()
            && s.chars().all(|c| c.is_ascii_digit() || seps.contains(&c))
            && s.chars().any(|c| c.is_ascii_digit())
    };
    (norm.ends_with('日') && norm.contains('年') && digits_and(norm, &['年', '月', '日']))
        || (norm.len() <= 10 && digits_and(norm, &['.', '-']) && norm.matches(['.', '-']).count() == 2)
}

const CHINESE_NUMERALS: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// The heading level of a numbered line: 1 for `一、…` (and `1、部门(单位)基本情况`, a known section title under
/// Arabic numbering), 2 for `（一）…`, `(1)…`, `1、…`. Long lines are numbered paragraphs, not headings.
pub(super) fn heading_level(lx: &Labels, norm: &str) -> Option<u8> {
    if norm.chars().count() > 40 {
        return None;
    }
    let is_section_title = |rest: &str| lx.report_section.is(rest);
    let after_numeral = norm.trim_start_matches(CHINESE_NUMERALS);
    if after_numeral.len() < norm.len() {
        let rest = after_numeral.strip_prefix('、').or_else(|| after_numeral.strip_prefix('.'))?;
        return (!rest.is_empty()).then_some(1);
    }
    if let Some(inner) = norm.strip_prefix('(') {
        let (number, rest) = inner.split_once(')')?;
        let numbered = !number.is_empty()
            && (number.chars().all(|c| CHINESE_NUMERALS.contains(&c)) || number.chars().all(|c| c.is_ascii_digit()));
        return (numbered && !rest.is_empty()).then_some(2);
    }
    let after_digits = norm.trim_start_matches(|c: char| c.is_ascii_digit());
    if after_digits.len() < norm.len() {
        let rest = after_digits.strip_prefix('、').or_else(|| after_digits.strip_prefix('.'))?;
        if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some(if is_section_title(rest) { 1 } else { 2 });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_levels_of_the_seed() {
        let level = |s: &str| heading_level(Labels::builtin(), &normalize(s));
        assert_eq!(level("二、一般公共预算支出情况"), Some(1));
        assert_eq!(level("1、 部门(单位)基本情况"), Some(1));
        assert_eq!(level("3、 绩效评价工作情况"), Some(1));
        assert_eq!(level("一 、项目支出基本情况"), Some(1));
        assert_eq!(level("（一）基本支出情况"), Some(2));
        assert_eq!(level("(2) 项目资金使用管理情况。"), Some(2));
        assert_eq!(level("1、主要职能。"), Some(2));
        assert_eq!(level("2023.1.1至2023.12.31，按时间节点"), None);
        assert_eq!(
            level("（1）贯彻落实中央、省、岳阳市关于新时代文明实践决策部署，承担市新时代文明实践中心办公室日常工作"),
            None
        );
        assert_eq!(level("无。"), None);
    }

    fn parse_lines(kind: FormKind, lines: &[&str]) -> Report {
        let paragraphs: Vec<Paragraph> = lines
            .iter()
            .enumerate()
            .map(|(i, text)| Paragraph {
                at: crate::grid::Address::paragraph("报告.docx", i as u32 + 1),
                text: text.to_string(),
            })
            .collect();
        let normalised: Vec<(&Paragraph, Cow<str>)> = paragraphs.iter().map(|p| (p, normalize(&p.text))).collect();
        parse(Labels::builtin(), kind, &normalised)
    }

    /// A report without a title line whose cover's fields come first (Xuwen's 2024 report, fixtures/real/): the
    /// fields are not a title wrapped over lines, and the unit is the one its field names.
    #[test]
    fn a_cover_without_a_title_is_no_title() {
        let report = parse_lines(
            FormKind::DepartmentReport,
            &[
                "评价年度:2024",
                "评价单位(公章): 徐闻县地方公路局",
                "填报日期:2025年10月29日",
                "一、根据县财政局文件要求,我单位及时布置自评工作,形成本评价报告。现将2024年度徐闻县地方公路局整体支出绩效自评情况报告如下:",
                "二、单位基本情况",
            ],
        );
        assert_eq!(report.title, None);
        assert_eq!(report.unit.map(|u| u.value.to_string()).as_deref(), Some("徐闻县地方公路局"));
        assert_eq!(report.date.map(|d| d.value.to_string()).as_deref(), Some("2025年10月29日"));
    }

    /// Chizhou's and Wuliji's reports (fixtures/real/anhui-chizhou-2022-chengxiangjubao,
    /// neimenggu-alashanzuoqi-2023-wuliji), as published, have no title: each begins with the sentence that
    /// introduces it, which names the unit that made it.
    #[test]
    fn a_report_without_a_title_begins_at_the_sentence_that_introduces_it() {
        let document = crate::testing::word(
            "情况.docx",
            &[
                Ok(
                    "为进一步加强预算绩效管理,某某市人社局对2022年度城乡居保市级补贴使用情况开展了财政绩效评价工作。现将绩效评价情况报告如下:",
                ),
                Ok("一、项目基本情况"),
                Ok("2022年各县区申请市级补贴共计1904万元。"),
            ],
        );
        let filing = crate::recognise::recognise(&document);
        let [report] = filing.project_reports.as_slice() else { panic!("one report: {:?}", filing.project_reports) };
        assert_eq!(report.unit.as_ref().map(|u| u.value.as_str()), Some("某某市人社局"));
        assert_eq!(report.sections.len(), 1);
        let unit = |sentence: &str| unit_making(Labels::builtin(), sentence);
        assert_eq!(
            unit("根据《某某财政局关于开展绩效自评工作的通知》文件要求,某某旗某某苏木人民政府开展并完成了本部门绩效自评工作,结果综述如下:")
                .as_deref(),
            Some("某某旗某某苏木人民政府")
        );
        // A place that did the evaluation is not the unit that writes.
        assert_eq!(unit("临夏市对2023转移支付资金进行了绩效自评,现将自评报告如下:"), None);
    }

    /// Linxia's 2023 report (fixtures/real/gansu-linxia-2023-canjun) is a letter: the unit under its title is the
    /// one it is sent to, and the unit that sent it signs below the excerpt, so none is named.
    #[test]
    fn the_unit_a_letter_is_sent_to_is_not_the_filer() {
        let report = parse_lines(
            FormKind::ProjectReport,
            &[
                "临市退军发[2024]6号",
                "关于上报2023年1-4级残疾军人护理费项目",
                "支出绩效自评的报告",
                "临夏州退役军人事务局",
                "根据《甘肃省退役军人事务厅关于开展2023年度中央对地方转移支付绩效自评工作(优抚)的通知》通知,临夏市对2023转移支付资金进行了绩效自评,现将自评报告如下:",
                "一、基本概况",
            ],
        );
        assert!(report.title.is_some());
        assert_eq!(report.unit, None);
        // Under a title that is no letter's, the same line is the filer's.
        let report = parse_lines(
            FormKind::DepartmentReport,
            &["2023年度部门整体支出绩效自评报告", "临夏州退役军人事务局", "一、部门基本情况"],
        );
        assert_eq!(report.unit.map(|u| u.value.to_string()).as_deref(), Some("临夏州退役军人事务局"));
    }

    /// Guangxi's 2022 report (fixtures/real/guangxi-zizhiqu-2022-chengxiangjumin) names a region and a fund before
    /// its year, no unit: `城乡` ends in 乡 and is no township.
    #[test]
    fn words_before_the_year_that_only_end_as_a_unit() {
        let unit = |title: &str| unit_before_year(Labels::builtin(), title);
        assert_eq!(unit("广西城乡居民基本养老保险补助资金转移支付2022年度绩效自评报告"), None);
        assert_eq!(unit("XX县城乡建设局2023年度部门整体支出绩效自评报告").as_deref(), Some("XX县城乡建设局"));
        assert_eq!(unit("XX县古城乡2023年度部门整体支出绩效自评报告").as_deref(), Some("XX县"));
    }

    #[test]
    fn document_numbers() {
        assert!(is_document_number(&normalize("临市退军发[2024]6号")));
        assert!(is_document_number(&normalize("湘财绩〔2021〕12号")));
        assert!(!is_document_number(&normalize("2023年1-4级残疾军人护理费项目")));
        assert!(!is_document_number(&normalize("[2024]")));
    }

    #[test]
    fn cover_dates() {
        assert!(is_cover_date(&normalize("2024年 10月 8日")));
        assert!(is_cover_date("2024.10.08"));
        assert!(!is_cover_date("2023年度"));
    }
}
