//! Phase 2, recognise: the grids and paragraphs of a filing → the typed [`Filing`] model.
//!
//! Forms are found by their labels, never by position: any sheet name or order, several forms on one sheet,
//! one form per Word table, a form split over two tables, tables in one file and reports in another.
//! Recognition cannot fail: what it does not find, or finds twice, becomes a [`StructureIssue`].

mod basic_data;
mod evaluation;
mod labels;
mod report;
mod sign_off;
#[cfg(test)]
mod tests;
mod view;

use std::ops::Range;

use crate::grid::{Block, Document, Paragraph};
use crate::model::{Filing, FormKind, StructureIssue};
use crate::template::{Role, Template};
use crate::text::normalize;
pub(crate) use labels::Labels;
use view::Sheet;

/// The rows of one form: parts of one or more grids, plus the Word paragraphs around its table (its title
/// before, its sign-off line after).
pub(crate) struct Area<'s, 'a> {
    pub kind: FormKind,
    pub parts: Vec<(&'s Sheet<'a>, Range<u32>)>,
    pub paragraphs: Vec<&'a Paragraph>,
}

impl<'s, 'a> Area<'s, 'a> {
    /// Every row of the form in order, with the sheet it is on.
    pub(crate) fn rows(&self) -> impl Iterator<Item = (&'s Sheet<'a>, u32)> + '_ {
        self.parts.iter().flat_map(|(sheet, rows)| rows.clone().map(move |r| (*sheet, r)))
    }

    pub(crate) fn first_address(&self) -> crate::grid::Address {
        match self.parts.first() {
            Some((sheet, rows)) => sheet.address(rows.start, 0),
            None => self.paragraphs[0].at.clone(),
        }
    }
}

/// Recognises a document with the built-in template families.
pub fn recognise(document: &Document) -> Filing {
    recognise_with(document, Template::builtin(), Labels::builtin())
}

/// Recognises a document with the given families (the built-in ones and a bureau's own) and their labels
/// ([`Labels::new`] of their [`crate::template::Vocabulary`]).
pub(crate) fn recognise_with(document: &Document, templates: &[Template], lx: &Labels) -> Filing {
    let sheets: Vec<Sheet> = document.grids.iter().map(Sheet::new).collect();
    let mut filing = Filing { files: document.files.clone(), ..Filing::default() };
    filing.issues.extend(document.notes.iter().cloned().map(StructureIssue::Read));

    let areas = locate_forms(document, &sheets, lx, &mut filing.issues);
    for area in &areas {
        match area.kind {
            FormKind::BasicData => {
                let data = basic_data::parse(area, lx, &mut filing.issues);
                keep_first(&mut filing.basic_data, data, |d| &d.at, FormKind::BasicData, &mut filing.issues);
            }
            FormKind::Department => {
                let form = evaluation::parse(area, lx, &mut filing.issues);
                keep_first(&mut filing.department, form, |d| &d.at, FormKind::Department, &mut filing.issues);
            }
            FormKind::Project => filing.projects.push(evaluation::parse(area, lx, &mut filing.issues)),
            FormKind::DepartmentReport | FormKind::ProjectReport => {}
        }
    }
    filing.template = detect_template(document, &sheets, templates, lx);
    // What the family's forms do not have is not missing from them.
    if let Some(absent) = filing.template.as_ref().map(|t| &t.absent).filter(|a| !a.is_empty()) {
        filing.issues.retain(|i| !matches!(i, StructureIssue::MissingPart { part, .. } if absent.contains(part)));
    }
    let form_grids: rustc_hash::FxHashSet<usize> = areas
        .iter()
        .flat_map(|a| a.parts.iter().map(|(sheet, _)| sheet.grid))
        .filter_map(|grid| document.grids.iter().position(|g| std::ptr::eq(g, grid)))
        .collect();
    let (reports, report_tables) = report::locate_and_parse(document, lx, &form_grids);
    // A report's own tables (its 项目基本概况, a table of amounts) are read with the report, not left unchecked.
    let inside_reports: Vec<crate::grid::Address> =
        report_tables.iter().map(|&g| document.grids[g].address(0, 0)).collect();
    filing.issues.retain(|i| !matches!(i, StructureIssue::UnrecognisedTable { at } if inside_reports.contains(at)));
    for mut report in reports {
        report.outline = report::fit_outline(templates, &report);
        match report.kind {
            FormKind::DepartmentReport => {
                let kind = report.kind;
                keep_first(&mut filing.department_report, report, |r| &r.at, kind, &mut filing.issues);
            }
            _ => filing.project_reports.push(report),
        }
    }
    let titles =
        filing.department.iter().chain(&filing.projects).filter_map(|f| f.title.as_ref()).map(|t| t.value.as_str());
    filing.titled_unit =
        titles.chain(filing.files.iter().map(String::as_str)).find_map(|t| report::unit_before_year(lx, t));
    for (form, missing) in [
        (FormKind::BasicData, filing.basic_data.is_none()),
        (FormKind::Department, filing.department.is_none()),
        (FormKind::Project, filing.projects.is_empty()),
        (FormKind::DepartmentReport, filing.department_report.is_none()),
        (FormKind::ProjectReport, filing.project_reports.is_empty()),
    ] {
        if missing {
            filing.issues.push(StructureIssue::MissingForm { form });
        }
    }
    filing
}

fn keep_first<T>(
    slot: &mut Option<T>,
    found: T,
    at: impl Fn(&T) -> &crate::grid::Address,
    form: FormKind,
    issues: &mut Vec<StructureIssue>,
) {
    match slot {
        Some(first) => {
            issues.push(StructureIssue::DuplicateForm { form, at: at(&found).clone(), first: at(first).clone() })
        }
        None => *slot = Some(found),
    }
}

/// What a row says about where forms begin.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Marker {
    /// A bare attachment number (`附件3`, `附件一`): a form may begin here; what follows says which, never the
    /// number (numbering differs from place to place).
    Attachment,
    /// A title (`2023年度项目支出绩效自评表`): a form of this kind begins here or just below.
    Title(FormKind),
    /// A label that each form of this kind has once (`项目支出名称`); the number tells which one.
    Anchor(FormKind, u8),
}

/// A form's title is a short line; longer text that names a form is a sentence about it.
const TITLE_CHARS: usize = 40;

pub(super) fn title_kind(lx: &Labels, norm: &str) -> Option<FormKind> {
    if norm.len() > TITLE_CHARS * 3 || norm.chars().count() > TITLE_CHARS {
        return None;
    }
    match lx.titles.classify(norm)? {
        Role::TitleBasicData => Some(FormKind::BasicData),
        Role::TitleDepartment => Some(FormKind::Department),
        Role::TitleProject => Some(FormKind::Project),
        _ => None,
    }
}

fn marker(lx: &Labels, norm: &str) -> Option<Marker> {
    let role = lx.markers.classify(norm)?;
    let short = norm.chars().count() <= TITLE_CHARS;
    Some(match role {
        // `附件3`, `附件3：`, `附件3-2`: an attachment line, not a sentence that starts with 附件.
        Role::Attachment if norm.chars().count() <= 6 => Marker::Attachment,
        Role::TitleBasicData if short => Marker::Title(FormKind::BasicData),
        Role::TitleDepartment if short => Marker::Title(FormKind::Department),
        Role::TitleProject if short => Marker::Title(FormKind::Project),
        Role::AnchorStaffing => Marker::Anchor(FormKind::BasicData, 0),
        Role::AnchorSpending => Marker::Anchor(FormKind::BasicData, 1),
        Role::DepartmentName => Marker::Anchor(FormKind::Department, 0),
        Role::ProjectName => Marker::Anchor(FormKind::Project, 0),
        _ => return None,
    })
}

fn row_marker(lx: &Labels, sheet: &Sheet, row: u32) -> Option<Marker> {
    if !sheet.may_hold(lx, row, &lx.markers) {
        return None;
    }
    // A title or anchor outranks an attachment number on the same row (`附件3 | 2023年度项目支出绩效自评表`).
    let mut found = None;
    for (_, norm) in sheet.cells(row) {
        match marker(lx, norm) {
            Some(Marker::Attachment) => found = found.or(Some(Marker::Attachment)),
            Some(m) => return Some(m),
            None => {}
        }
    }
    found
}

struct Segment {
    /// `None` while only an attachment number has been seen.
    kind: Option<FormKind>,
    sheet: usize,
    rows: Range<u32>,
    anchors: Vec<u8>,
}

/// Splits every grid into form segments by their markers, then joins segments that continue in the next Word
/// table, and attaches the Word paragraphs around each table.
fn locate_forms<'s, 'a>(
    document: &'a Document,
    sheets: &'s [Sheet<'a>],
    lx: &Labels,
    issues: &mut Vec<StructureIssue>,
) -> Vec<Area<'s, 'a>> {
    let mut areas: Vec<Area> = Vec::new();
    // Which area the last segment of each grid went to, for tables that continue a form.
    let mut area_of_grid: Vec<Option<usize>> = vec![None; sheets.len()];
    let titles = titles_before_tables(document, lx);
    for (index, sheet) in sheets.iter().enumerate() {
        let mut segments = segment(lx, index, sheet);
        let is_word_table = matches!(sheet.grid.source.kind(), crate::grid::GridKind::WordTable { .. });
        let continues = is_word_table
            && index.checked_sub(1).is_some_and(|p| area_of_grid[p].is_some())
            && sheets[index - 1].grid.source.file() == sheet.grid.source.file();
        if segments.is_empty() && !continues {
            // No title or anchor in the grid: a Word table under a form's title (`服务贸易项目绩效自评表`), or a
            // grid holding an indicator table, is a form all the same.
            let kind = titles.get(&index).copied().or_else(|| untitled_form(lx, sheet));
            if let Some(kind) = kind {
                segments.push(Segment { kind: Some(kind), sheet: index, rows: 0..sheet.height(), anchors: Vec::new() });
            }
        }
        let first_start = segments.first().map_or(sheet.height(), |s| s.rows.start);
        let has_content_before = (0..first_start).any(|r| sheet.cells(r).next().is_some());
        let previous = index
            .checked_sub(1)
            .and_then(|p| area_of_grid[p])
            .filter(|_| is_word_table && index > 0 && sheets[index - 1].grid.source.file() == sheet.grid.source.file());
        if has_content_before {
            match previous {
                Some(area) if is_word_table => areas[area].parts.push((sheet, 0..first_start)),
                _ if segments.is_empty() => {
                    issues.push(StructureIssue::UnrecognisedTable { at: sheet.address(0, 0) });
                }
                _ => {}
            }
        }
        if segments.is_empty() && has_content_before {
            area_of_grid[index] = previous;
        }
        for seg in segments {
            let Some(kind) = seg.kind else {
                // An attachment number with no form after it: whatever else the rows hold is not a form.
                let holds_more = seg.rows.clone().skip(1).any(|r| sheet.cells(r).next().is_some());
                if holds_more {
                    issues.push(StructureIssue::UnrecognisedTable { at: sheet.address(seg.rows.start, 0) });
                }
                continue;
            };
            areas.push(Area { kind, parts: vec![(&sheets[seg.sheet], seg.rows)], paragraphs: Vec::new() });
            area_of_grid[index] = Some(areas.len() - 1);
        }
    }
    attach_paragraphs(document, lx, &mut areas);
    areas
}

/// The kind of the form whose title stands in the paragraphs right before each Word table (by grid index).
fn titles_before_tables(document: &Document, lx: &Labels) -> rustc_hash::FxHashMap<usize, FormKind> {
    let mut titles = rustc_hash::FxHashMap::default();
    for (_, body) in &document.bodies {
        for (position, block) in body.iter().enumerate() {
            let Block::Table(grid) = *block else { continue };
            let kind = body[..position]
                .iter()
                .rev()
                .take_while(|b| matches!(b, Block::Paragraph(_)))
                .take(3)
                .filter_map(|b| paragraph(document, b))
                .find_map(|p| title_kind(lx, &normalize(&p.text)));
            if let Some(kind) = kind {
                titles.insert(grid, kind);
            }
        }
    }
    titles
}

/// A grid with an indicator table and nothing to say whose: a department's when its first levels are a
/// department framework's (`部门决策(25分)`), else a project's.
fn untitled_form(lx: &Labels, sheet: &Sheet) -> Option<FormKind> {
    let header = (0..sheet.height()).find(|&r| evaluation::is_indicator_header(lx, sheet, r))?;
    let department = (header..sheet.height()).any(|r| sheet.cells(r).any(|(_, n)| lx.department_framework.is(n)));
    Some(if department { FormKind::Department } else { FormKind::Project })
}

fn segment(lx: &Labels, index: usize, sheet: &Sheet) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    for row in 0..sheet.height() {
        let Some(marker) = row_marker(lx, sheet, row) else {
            continue;
        };
        let fits = |seg: &Segment, kind: FormKind| seg.kind.is_none_or(|k| k == kind);
        // A form's first name field may be the other kind's: a department's form may name what it evaluates as a
        // project (Chongqing's `项目名称：…整体监控` under 部门整体绩效自评表), and a transfer payment's form its
        // filer as a unit (Sichuan's `单位名称` under 区域绩效目标自评表). Under a title, before any name field,
        // either is the titled form's own.
        let named_under_title = |seg: &Segment, kind: FormKind, id: u8| {
            let evaluations = |k: FormKind| matches!(k, FormKind::Project | FormKind::Department);
            id == 0 && seg.anchors.is_empty() && evaluations(kind) && seg.kind.is_some_and(evaluations)
        };
        let continues = match (marker, segments.last()) {
            (Marker::Attachment, _) | (_, None) => false,
            (Marker::Title(kind), Some(seg)) => fits(seg, kind) && seg.anchors.is_empty(),
            (Marker::Anchor(kind, id), Some(seg)) => {
                named_under_title(seg, kind, id)
                    || fits(seg, kind) && !seg.anchors.contains(&id) && seg.anchors.iter().all(|a| *a < id)
            }
        };
        if continues {
            if let Some(seg) = segments.last_mut() {
                match marker {
                    Marker::Anchor(kind, id) => {
                        // The title's kind stands: the anchor only names the form.
                        seg.kind = seg.kind.or(Some(kind));
                        seg.anchors.push(id);
                    }
                    Marker::Title(kind) => seg.kind = Some(kind),
                    Marker::Attachment => {}
                }
            }
            continue;
        }
        if let Some(seg) = segments.last_mut() {
            seg.rows.end = row;
        }
        let (kind, anchors) = match marker {
            Marker::Attachment => (None, Vec::new()),
            Marker::Title(kind) => (Some(kind), Vec::new()),
            Marker::Anchor(kind, id) => (Some(kind), vec![id]),
        };
        segments.push(Segment { kind, sheet: index, rows: row..sheet.height(), anchors });
    }
    segments
}

/// In Word documents a form's title (`附件3`, `2023年度项目支出绩效自评表`) stands in paragraphs before its
/// table, and its sign-off line (`填表人：…`) in a paragraph after it.
fn attach_paragraphs<'a>(document: &'a Document, lx: &Labels, areas: &mut [Area<'_, 'a>]) {
    for (_, body) in &document.bodies {
        for (position, block) in body.iter().enumerate() {
            let Block::Table(grid) = *block else { continue };
            let grid = &document.grids[grid];
            let owners: Vec<usize> = areas
                .iter()
                .enumerate()
                .filter(|(_, a)| a.parts.iter().any(|(s, _)| std::ptr::eq(s.grid, grid)))
                .map(|(i, _)| i)
                .collect();
            let (first_owner, last_owner) = (owners.first().copied(), owners.last().copied());
            let before = body[..position]
                .iter()
                .rev()
                .take_while(|b| matches!(b, Block::Paragraph(_)))
                .filter_map(|b| paragraph(document, b))
                .filter(|p| !p.text.trim().is_empty())
                .take_while(|p| !is_sign_off_or_note(lx, p))
                .take(3)
                .collect::<Vec<_>>();
            let after = body[position + 1..]
                .iter()
                .take_while(|b| matches!(b, Block::Paragraph(_)))
                .filter_map(|b| paragraph(document, b))
                .filter(|p| !p.text.trim().is_empty())
                .take_while(|p| !starts_something(lx, p))
                .take(4)
                .collect::<Vec<_>>();
            if let Some(i) = first_owner {
                areas[i].paragraphs.extend(before.into_iter().rev());
            }
            if let Some(i) = last_owner {
                areas[i].paragraphs.extend(after);
            }
        }
    }
}

fn paragraph<'a>(document: &'a Document, block: &Block) -> Option<&'a Paragraph> {
    match *block {
        Block::Paragraph(i) => document.paragraphs.get(i),
        Block::Table(_) => None,
    }
}

fn is_sign_off_or_note(lx: &Labels, paragraph: &Paragraph) -> bool {
    let norm = normalize(&paragraph.text);
    lx.sign_off.find_at(&norm, 0).is_some() || lx.note.is(&norm)
}

/// A paragraph that begins the next form or a report.
fn starts_something(lx: &Labels, paragraph: &Paragraph) -> bool {
    let norm = normalize(&paragraph.text);
    title_kind(lx, &norm).is_some() || report::report_marker(lx, &norm).is_some()
}

/// The family the filing's forms follow, told by the signature labels and titles each family's data names:
/// read from the top rows of every grid (where titles, header fields and column headers are) and the short
/// paragraphs (titles in Word).
fn detect_template(
    document: &Document,
    sheets: &[Sheet],
    templates: &[Template],
    lx: &Labels,
) -> Option<crate::template::Detected> {
    // Every form of a filing has its title, header fields and column headers near the top of its grid, and a
    // workbook of a hundred forms repeats them: the distinct short texts of the first rows are enough.
    const TOP_ROWS: u32 = 60;
    let mut seen = rustc_hash::FxHashSet::default();
    let mut texts: Vec<&str> = Vec::new();
    for sheet in sheets {
        for row in 0..sheet.height().min(TOP_ROWS) {
            for (_, norm) in sheet.cells(row) {
                if norm.chars().count() <= TITLE_CHARS && !norm.bytes().all(|b| b.is_ascii()) && seen.insert(norm) {
                    texts.push(norm);
                }
            }
        }
    }
    // Of the paragraphs, only titles: a report's own words (`资金投入情况分析`, `有效衔接`) say nothing of a template.
    let paragraphs: Vec<std::borrow::Cow<str>> = document
        .paragraphs
        .iter()
        .filter(|p| p.text.len() <= TITLE_CHARS * 3 && (lx.titles.holds(&p.text) || lx.report_word.holds(&p.text)))
        .map(|p| normalize(&p.text))
        .filter(|n| title_kind(lx, n).is_some() || report::report_title(lx, n).is_some())
        .collect();
    texts.extend(paragraphs.iter().map(|p| p.as_ref()));
    crate::template::detect(templates, texts.iter().copied())
}
