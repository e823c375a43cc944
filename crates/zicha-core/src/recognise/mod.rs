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
use crate::text::{Has, normalize};
use view::Sheet;
pub use view::parse_rate;

/// The rows of one form: parts of one or more grids, plus the Word paragraphs around its table (its title
/// before, its sign-off line after).
pub struct Area<'s, 'a> {
    pub kind: FormKind,
    pub parts: Vec<(&'s Sheet<'a>, Range<u32>)>,
    pub paragraphs: Vec<&'a Paragraph>,
}

impl<'s, 'a> Area<'s, 'a> {
    /// Every row of the form in order, with the sheet it is on.
    pub fn rows(&self) -> impl Iterator<Item = (&'s Sheet<'a>, u32)> + '_ {
        self.parts.iter().flat_map(|(sheet, rows)| rows.clone().map(move |r| (*sheet, r)))
    }

    pub fn first_address(&self) -> crate::grid::Address {
        match self.parts.first() {
            Some((sheet, rows)) => sheet.address(rows.start, 0),
            None => self.paragraphs[0].at.clone(),
        }
    }
}

pub fn recognise(document: &Document) -> Filing {
    let sheets: Vec<Sheet> = document.grids.iter().map(Sheet::new).collect();
    let mut filing = Filing { files: document.files.clone(), ..Filing::default() };
    filing.issues.extend(document.notes.iter().cloned().map(StructureIssue::Read));

    let areas = locate_forms(document, &sheets, &mut filing.issues);
    for area in &areas {
        match area.kind {
            FormKind::BasicData => {
                let data = basic_data::parse(area, &mut filing.issues);
                keep_first(&mut filing.basic_data, data, |d| &d.at, FormKind::BasicData, &mut filing.issues);
            }
            FormKind::Department => {
                let form = evaluation::parse(area, &mut filing.issues);
                keep_first(&mut filing.department, form, |d| &d.at, FormKind::Department, &mut filing.issues);
            }
            FormKind::Project => filing.projects.push(evaluation::parse(area, &mut filing.issues)),
            FormKind::DepartmentReport | FormKind::ProjectReport => {}
        }
    }
    for report in report::locate_and_parse(document) {
        match report.kind {
            FormKind::DepartmentReport => {
                let kind = report.kind;
                keep_first(&mut filing.department_report, report, |r| &r.at, kind, &mut filing.issues);
            }
            _ => filing.project_reports.push(report),
        }
    }
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
    /// A title line (`附件3`, `2023年度项目支出绩效自评表`): a form of this kind begins here or just below.
    Title(FormKind),
    /// A label that each form of this kind has once (`项目支出名称`); the number tells which one.
    Anchor(FormKind, u8),
}

fn title_marker(norm: &str) -> Option<FormKind> {
    // Every title starts with 附件 or names a table (…表): the rest, nearly every cell, is passed over at once.
    if norm.len() > 40 * 3 || !(norm.starts_with("附件") || norm.has("表")) || norm.chars().count() > 40 {
        return None;
    }
    // `附件3` alone (or `附件3：`), or `附件3 2023年度项目支出绩效自评表`; not a sentence that starts with 附件3.
    let numbered = |n: char| {
        let Some(rest) = norm.strip_prefix("附件") else { return false };
        rest.starts_with(n) && (rest.chars().count() <= 2 || rest.has("表")) && !norm.has("报告")
    };
    if numbered('1') || norm.has("基础数据表") {
        Some(FormKind::BasicData)
    } else if numbered('2') || norm.has("部门整体支出绩效自评表") {
        Some(FormKind::Department)
    } else if numbered('3') || norm.has("项目支出绩效自评表") {
        Some(FormKind::Project)
    } else {
        None
    }
}

fn anchor_marker(norm: &str) -> Option<Marker> {
    if norm.starts_with("财政供养人员情况") {
        Some(Marker::Anchor(FormKind::BasicData, 0))
    } else if norm.starts_with("经费控制情况") {
        Some(Marker::Anchor(FormKind::BasicData, 1))
    } else if labels::is_label(norm, labels::DEPARTMENT_NAME) {
        Some(Marker::Anchor(FormKind::Department, 0))
    } else if labels::is_label(norm, labels::PROJECT_NAME) {
        Some(Marker::Anchor(FormKind::Project, 0))
    } else {
        None
    }
}

fn row_marker(sheet: &Sheet, row: u32) -> Option<Marker> {
    sheet.cells(row).find_map(|(_, norm)| anchor_marker(norm).or_else(|| title_marker(norm).map(Marker::Title)))
}

struct Segment {
    kind: FormKind,
    sheet: usize,
    rows: Range<u32>,
    anchors: Vec<u8>,
}

/// Splits every grid into form segments by their markers, then joins segments that continue in the next Word
/// table, and attaches the Word paragraphs around each table.
fn locate_forms<'s, 'a>(
    document: &'a Document,
    sheets: &'s [Sheet<'a>],
    issues: &mut Vec<StructureIssue>,
) -> Vec<Area<'s, 'a>> {
    let mut areas: Vec<Area> = Vec::new();
    // Which area the last segment of each grid went to, for tables that continue a form.
    let mut area_of_grid: Vec<Option<usize>> = vec![None; sheets.len()];
    for (index, sheet) in sheets.iter().enumerate() {
        let segments = segment(index, sheet);
        let first_start = segments.first().map_or(sheet.height(), |s| s.rows.start);
        let has_content_before = (0..first_start).any(|r| sheet.cells(r).next().is_some());
        let is_word_table = matches!(sheet.grid.source.kind(), crate::grid::GridKind::WordTable { .. });
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
            areas.push(Area { kind: seg.kind, parts: vec![(&sheets[seg.sheet], seg.rows)], paragraphs: Vec::new() });
            area_of_grid[index] = Some(areas.len() - 1);
        }
    }
    attach_paragraphs(document, &mut areas);
    areas
}

fn segment(index: usize, sheet: &Sheet) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    for row in 0..sheet.height() {
        let Some(marker) = row_marker(sheet, row) else {
            continue;
        };
        let current = segments.last_mut();
        let continues = match (marker, current.as_ref()) {
            (Marker::Title(kind), Some(seg)) => seg.kind == kind && seg.anchors.is_empty(),
            (Marker::Anchor(kind, id), Some(seg)) => {
                seg.kind == kind && !seg.anchors.contains(&id) && seg.anchors.iter().all(|a| *a < id)
            }
            (_, None) => false,
        };
        if continues {
            if let (Marker::Anchor(_, id), Some(seg)) = (marker, segments.last_mut()) {
                seg.anchors.push(id);
            }
            continue;
        }
        if let Some(seg) = segments.last_mut() {
            seg.rows.end = row;
        }
        let (kind, anchors) = match marker {
            Marker::Title(kind) => (kind, Vec::new()),
            Marker::Anchor(kind, id) => (kind, vec![id]),
        };
        segments.push(Segment { kind, sheet: index, rows: row..sheet.height(), anchors });
    }
    segments
}

/// In Word documents a form's title (`附件3`, `2023年度项目支出绩效自评表`) stands in paragraphs before its
/// table, and its sign-off line (`填表人：…`) in a paragraph after it.
fn attach_paragraphs<'a>(document: &'a Document, areas: &mut [Area<'_, 'a>]) {
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
                .take_while(|p| !is_sign_off_or_note(p))
                .take(3)
                .collect::<Vec<_>>();
            let after = body[position + 1..]
                .iter()
                .take_while(|b| matches!(b, Block::Paragraph(_)))
                .filter_map(|b| paragraph(document, b))
                .filter(|p| !p.text.trim().is_empty())
                .take_while(|p| !starts_something(p))
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

fn is_sign_off_or_note(paragraph: &Paragraph) -> bool {
    let norm = normalize(&paragraph.text);
    labels::SIGN_OFF_KEYS.found_in(&norm) || norm.starts_with("备注") || norm.starts_with("说明")
}

/// A paragraph that begins the next form or a report.
fn starts_something(paragraph: &Paragraph) -> bool {
    let norm = normalize(&paragraph.text);
    title_marker(&norm).is_some() || report::report_marker(&norm).is_some()
}
