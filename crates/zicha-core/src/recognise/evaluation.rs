//! The evaluation forms of every family — a department's (部门整体支出绩效自评表) and a project's
//! (项目支出绩效自评表, 绩效目标自评表, …): header fields, the fund block, goals, the indicator table and its total.
//! All share this shape; the families differ in their labels (the template data), in which columns they have
//! (no points at all, weights only in labels, 得分系数 × 指标权重, a flat list without levels), in one- or
//! two-row headers and in where the total is written (a 总分 row, or 自评总分 in the header).

use std::collections::BTreeMap;

use super::labels::{FundColumn, IndicatorColumn, Labels};
use super::view::Sheet;
use super::{Area, sign_off};
use crate::model::{
    Evaluation, FirstLevel, FormKind, FundBlock, FundList, FundPart, FundRow, Goals, Indicator, Layout, ListedAmount,
    Measures, Number, NumberCell, Sourced, StructureIssue, Text, TotalRow,
};
use crate::template::Role;
use crate::text::{normalize, parse_decimal, strip_weight, trailing_number, weight_in_label};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    Funds { breakdown: bool, rows: u32 },
    Goals,
    Indicators,
    Done,
}

pub(super) fn parse(area: &Area, lx: &Labels, issues: &mut Vec<StructureIssue>) -> Evaluation {
    let mut form = Evaluation {
        kind: area.kind,
        at: area.first_address(),
        title: None,
        name: None,
        supervisor: None,
        implementer: None,
        central_supervisor: None,
        funds: None,
        listed_funds: Vec::new(),
        goals: None,
        first_levels: Vec::new(),
        indicators: Vec::new(),
        total: None,
        sign_off: sign_off::parse(area, lx),
        layout: Layout::default(),
        noted_weights: Vec::new(),
    };
    let mut state = State::Header;
    let mut fund_columns: BTreeMap<u32, FundColumn> = BTreeMap::new();
    let mut goal_columns: Option<(u32, u32)> = None;
    let mut indicator_columns: BTreeMap<u32, IndicatorColumn> = BTreeMap::new();
    let mut previous_first: Option<Text> = None;
    let mut previous_second: Option<Text> = None;
    let mut header_total: Option<(Text, NumberCell)> = None;
    // A fund list is open: the row before was its total or one of its sources.
    let mut listing = false;

    for (sheet, row) in area.rows() {
        if state == State::Done {
            // Past the total only the printed notes are read (they may set the weights).
            if sheet.may_hold(lx, row, &lx.note) {
                read_noted_weights(lx, sheet.cells(row).map(|(c, _)| sheet.text(row, c)), &mut form);
            }
            continue;
        }
        let may = |group: &crate::template::Group| sheet.may_hold(lx, row, group);
        // Outside the fund block (whose rows have several amounts), a total and its sources listed down a column;
        // the row is read for what else it holds too (the checklists list them inside an indicator's rows). A
        // source after `其中:` is not among a row's roles (they are told from a cell's start): under a total, each
        // row is looked at.
        let line = (!matches!(state, State::Funds { .. }) && (listing || may(&lx.fund_rows)))
            .then(|| listed_fund_line(lx, sheet, row))
            .flatten();
        listing = match line {
            Some((None, col, total)) => {
                let name = row
                    .checked_sub(1)
                    .map(|above| (above, col))
                    .filter(|&(above, col)| {
                        let norm = sheet.norm(above, col);
                        !norm.is_empty() && lx.fund_row(norm).is_none() && parse_decimal(norm).is_none()
                    })
                    .map(|(above, col)| sheet.text(above, col));
                form.listed_funds.push(FundList { name, total, sources: Vec::new() });
                true
            }
            Some((Some(_), _, source)) if listing => {
                form.listed_funds.last_mut().expect("a list is open").sources.push(source);
                true
            }
            _ => false,
        };
        if form.title.is_none()
            && may(&lx.titles)
            && let Some(col) = sheet.find(row, |n| super::title_kind(lx, n).is_some())
        {
            form.title = Some(sheet.text(row, col));
            continue;
        }
        if may(&lx.third)
            && let Some(header) = indicator_header(lx, sheet, row)
        {
            indicator_columns = header;
            let has = |k| indicator_columns.values().any(|c| *c == k);
            form.layout.weight_column = has(IndicatorColumn::Weight);
            form.layout.score_column = has(IndicatorColumn::Score) || has(IndicatorColumn::Coefficient);
            form.layout.actual_column = has(IndicatorColumn::Actual);
            form.layout.coefficient_column = has(IndicatorColumn::Coefficient);
            form.layout.levels = has(IndicatorColumn::First) || has(IndicatorColumn::Second);
            state = State::Indicators;
            continue;
        }
        if state == State::Indicators {
            // A second header row under the first (`符号 | | 单位` under a merged 预期指标值): it names the columns
            // the first left to a merge, and is no indicator.
            if form.indicators.is_empty()
                && may(&lx.indicator_columns)
                && refine_header(lx, sheet, row, &mut indicator_columns)
            {
                continue;
            }
            if may(&lx.total_row) && read_total(lx, sheet, row, &indicator_columns, &mut form) {
                state = State::Done;
            } else {
                read_indicator(
                    lx,
                    sheet,
                    row,
                    &indicator_columns,
                    &mut form,
                    &mut previous_first,
                    &mut previous_second,
                );
            }
            continue;
        }
        if may(&lx.fund_columns)
            && let Some(columns) = fund_header(lx, sheet, row)
        {
            form.layout.fund_points = columns.values().any(|k| matches!(k, FundColumn::Weight | FundColumn::Score));
            fund_columns = columns;
            let label = area_label_near(lx, sheet, row);
            form.funds = Some(FundBlock {
                label,
                total: None,
                sources: Vec::new(),
                by_income: Vec::new(),
                by_expense: Vec::new(),
            });
            state = State::Funds { breakdown: false, rows: 0 };
            continue;
        }
        if may(&lx.goals)
            && let Some(columns) = goal_header(lx, sheet, row)
        {
            goal_columns = Some(columns);
            state = State::Goals;
            continue;
        }
        let fields = may(&lx.header_fields);
        if state == State::Goals && (fields || may(&lx.fund_block)) {
            state = State::Header;
        }
        if fields {
            read_header_fields(lx, sheet, row, &mut form);
        }
        if header_total.is_none() && may(&lx.header_total) {
            header_total = read_header_total(lx, sheet, row);
        }
        match state {
            State::Funds { breakdown, rows } => {
                let breakdown = breakdown || may(&lx.breakdown) && sheet.find(row, |n| lx.breakdown.is(n)).is_some();
                if let Some(funds) = form.funds.as_mut() {
                    if breakdown {
                        read_breakdown(lx, sheet, row, funds);
                    } else {
                        read_fund_row(lx, sheet, row, &fund_columns, funds, rows == 0);
                    }
                }
                state = State::Funds { breakdown, rows: rows + 1 };
            }
            State::Goals => {
                if let Some((expected, achieved)) = goal_columns
                    && sheet.cells(row).next().is_some()
                {
                    let text = |col| Some(sheet.value_text(row, col));
                    match form.goals.as_mut() {
                        // A goal over several rows (目标1 / 目标2): read as one text, each row a line.
                        Some(goals) => {
                            for (slot, col) in [(&mut goals.expected, expected), (&mut goals.achieved, achieved)] {
                                let more = sheet.value_text(row, col);
                                if let Some(slot) = slot.as_mut()
                                    && more.at != slot.at
                                    && !more.value.trim().is_empty()
                                {
                                    slot.value.push('\n');
                                    slot.value.push_str(&more.value);
                                }
                            }
                        }
                        None => form.goals = Some(Goals { expected: text(expected), achieved: text(achieved) }),
                    }
                }
            }
            _ => {}
        }
    }
    read_noted_weights(
        lx,
        area.paragraphs.iter().map(|p| Sourced::new(p.text.as_str().into(), p.at.clone())),
        &mut form,
    );
    if form.title.is_none() {
        form.title = area
            .paragraphs
            .iter()
            .find(|p| super::title_kind(lx, &normalize(&p.text)).is_some())
            .map(|p| Sourced::new(p.text.as_str().into(), p.at.clone()));
    }
    // A 分值 column holding words in every row (a description under a shifted header, Hebei 2020's) holds no
    // weights: read as none rather than as a column of bad numbers.
    let number = |n: &Option<NumberCell>| n.as_ref().is_some_and(|n| n.value.value.is_some());
    if form.layout.weight_column && !form.indicators.is_empty() && !form.indicators.iter().any(|i| number(&i.weight)) {
        form.layout.weight_column = false;
        for indicator in &mut form.indicators {
            indicator.weight = None;
        }
    }
    // A department form that names its unit only as 主管部门 (Chongqing's).
    if form.kind == FormKind::Department && form.name.is_none() {
        form.name = form.supervisor.clone();
    }
    // The total written only in the header (自评总分(分), 自评得分).
    if form.total.is_none()
        && let Some((label, score)) = header_total
    {
        form.total = Some(TotalRow { label, weight: None, score: Some(score) });
    }
    form.listed_funds.retain(|list| !list.sources.is_empty());
    report_missing(&form, issues);
    form
}

/// A line of a fund list written down a column (`市级资金 | 343.00`): its kind (`None` for the total, as
/// [`Labels::fund_row`] says), its label's column, and its label with the one amount right of it; `None` for any
/// other row. No other cell of the row may be a number: a fund block's rows have several.
fn listed_fund_line(
    lx: &Labels,
    sheet: &Sheet,
    row: u32,
) -> Option<(Option<crate::model::FundSource>, u32, ListedAmount)> {
    let cells: Vec<(u32, &str)> = sheet.cells(row).collect();
    let at = cells.iter().position(|(_, norm)| lx.fund_row(norm).is_some())?;
    let (label_col, norm) = cells[at];
    let [(amount_col, amount)] = cells[at + 1..] else { return None };
    if parse_decimal(amount).is_none() || cells[..at].iter().any(|(_, n)| parse_decimal(n).is_some()) {
        return None;
    }
    let line = ListedAmount {
        label: sheet.text(row, label_col),
        key: lx.without_subitem(norm).trim_end_matches(':').into(),
        amount: sheet.number(row, amount_col),
    };
    Some((lx.fund_row(norm)?, label_col, line))
}

/// The weights a printed note sets: in a note (`注:`, `说明`), each `<name>N分` whose name is a first level the
/// form has (`产出指标50分`, `满意度指标(10分)`).
fn read_noted_weights(lx: &Labels, texts: impl Iterator<Item = Text>, form: &mut Evaluation) {
    for text in texts {
        let norm = normalize(&text.value);
        if !lx.note.is(&norm) || form.first_levels.is_empty() {
            continue;
        }
        for level in &form.first_levels {
            let name = normalize(&level.name);
            let Some(at) = norm.find(name.as_ref()) else { continue };
            let rest = norm[at + name.len()..].trim_start_matches('(');
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit() || *c == '.').collect();
            let after = &rest[digits.len()..];
            if let (Some(weight), true) = (parse_decimal(&digits), after.starts_with('分'))
                && !form.noted_weights.iter().any(|w| w.name == level.name)
            {
                let at = text.at.clone();
                form.noted_weights.push(crate::model::NotedWeight { name: level.name.clone(), weight, at });
            }
        }
    }
}

fn report_missing(form: &Evaluation, issues: &mut Vec<StructureIssue>) {
    use crate::model::Part;
    let mut missing =
        |part: Part| issues.push(StructureIssue::MissingPart { form: form.kind, at: form.at.clone(), part });
    if form.name.is_none() {
        missing(if form.kind == FormKind::Department { Part::DepartmentName } else { Part::ProjectName });
    }
    if form.kind == FormKind::Project && form.supervisor.is_none() && form.implementer.is_none() {
        missing(Part::Supervisor);
    }
    match &form.funds {
        None => missing(Part::Funds),
        Some(funds) if funds.total.is_none() => missing(Part::FundTotal),
        Some(_) => {}
    }
    if form.goals.is_none() {
        missing(Part::Goals);
    }
    if form.indicators.is_empty() {
        missing(Part::Indicators);
    }
    // Forms without points have no total to find.
    if form.total.is_none() && form.layout.has_points() {
        missing(Part::Total);
    }
}

pub(super) fn is_indicator_header(lx: &Labels, sheet: &Sheet, row: u32) -> bool {
    indicator_header(lx, sheet, row).is_some()
}

/// The indicator header: a third-level (or 指标名称) column, and either level columns or at least two value
/// columns (a flat list). With two header rows (Yunnan's: 年度指标值 over 指标性质 / 指标值 / 度量单位, 分值 and
/// 得分 merged down over both), the columns this row leaves unnamed take the name of the cell above them.
fn indicator_header(lx: &Labels, sheet: &Sheet, row: u32) -> Option<BTreeMap<u32, IndicatorColumn>> {
    // Asked of every row: the one role every header has, before every role of every cell.
    if !sheet.cells(row).any(|(_, n)| lx.third.is(n)) {
        return None;
    }
    let mut header: BTreeMap<u32, IndicatorColumn> =
        sheet.cells(row).filter_map(|(c, n)| lx.indicator_column(n).map(|k| (c, k))).collect();
    if !header.values().any(|k| *k == IndicatorColumn::Third) {
        return None;
    }
    use IndicatorColumn::*;
    let levels = header.values().any(|k| matches!(k, First | Second));
    let values = header.values().filter(|k| matches!(k, Target | Actual | Weight | Score | Coefficient)).count();
    if !levels && values < 2 {
        return None;
    }
    // Several 分值 columns (one per level: 一级指标 | 分值 | 二级指标 | 分值 | 三级指标 | 分值 | 得分): the
    // indicator's own is the one after its third-level column; the first level's, between it and the second,
    // is read with the level.
    let third = header.iter().find(|(_, k)| **k == Third).map(|(c, _)| *c).unwrap_or(0);
    let weights: Vec<u32> = header.iter().filter(|(_, k)| **k == Weight).map(|(c, _)| *c).collect();
    if weights.len() > 1 {
        let own = weights.iter().copied().find(|c| *c > third).unwrap_or(weights[weights.len() - 1]);
        header.retain(|c, k| *k != Weight || *c == own);
    }
    if let Some(above) = row.checked_sub(1) {
        for col in 0..sheet.width() {
            if header.contains_key(&col) {
                continue;
            }
            let (r, c) = sheet.value_cell(row, col);
            let from = if r < row && c == col {
                Some((r, c))
            } else if sheet.cell(row, col).is_none_or(|cell| cell.is_blank()) && !sheet.is_covered(row, col) {
                Some((above, col))
            } else {
                None
            };
            if let Some((r, c)) = from
                && let Some(kind) = lx.indicator_column(sheet.norm(r, c))
                && !matches!(kind, First | Second | Third)
            {
                header.insert(col, kind);
            }
        }
    }
    Some(header)
}

/// Reads a header row under the indicator header, if `row` is one: every cell it has names a column, and
/// none holds a value. Its names replace the upper row's where the upper row's cell spans several columns.
fn refine_header(lx: &Labels, sheet: &Sheet, row: u32, columns: &mut BTreeMap<u32, IndicatorColumn>) -> bool {
    let cells: Vec<(u32, Option<IndicatorColumn>)> =
        sheet.cells(row).map(|(c, n)| (c, lx.indicator_column(n))).collect();
    if cells.is_empty() || cells.iter().any(|(_, k)| k.is_none()) {
        return false;
    }
    let Some(upper) = row.checked_sub(1) else { return false };
    for (col, kind) in cells {
        let Some(kind) = kind else { continue };
        // The upper row's cell over this column: a merge across several columns gives its place to the names
        // under it (预期指标值 over 符号 | 值 | 单位: the value is the column left unnamed).
        let (r, c) = sheet.value_cell(upper, col);
        let spanning = sheet.is_covered(upper, col) || (r == upper && c == col && sheet.spans_right(upper, col));
        if spanning || !columns.contains_key(&col) {
            columns.insert(col, kind);
        }
    }
    // A merged target over a sign and a unit: the column between them, unnamed below, is the value.
    let direction = columns.iter().find(|(_, k)| **k == IndicatorColumn::Direction).map(|(c, _)| *c);
    if let Some(d) = direction
        && !columns.values().any(|k| *k == IndicatorColumn::Target)
        && !columns.contains_key(&(d + 1))
    {
        columns.insert(d + 1, IndicatorColumn::Target);
    }
    true
}

fn fund_header(lx: &Labels, sheet: &Sheet, row: u32) -> Option<BTreeMap<u32, FundColumn>> {
    let columns: BTreeMap<u32, FundColumn> = sheet
        .cells(row)
        // The block's own label (`年度预算数(万元)`) is not a column.
        .filter(|(_, n)| !lx.fund_block.is(n))
        .filter_map(|(c, n)| lx.fund_column(n).map(|k| (c, k)))
        .collect();
    let amounts = columns
        .values()
        .filter(|k| matches!(k, FundColumn::InitialBudget | FundColumn::FullYearBudget | FundColumn::Executed))
        .count();
    (amounts >= 2).then_some(columns)
}

fn goal_header(lx: &Labels, sheet: &Sheet, row: u32) -> Option<(u32, u32)> {
    // The block's own label can read as a goal too (`总体目标完成情况 | 总体目标 | 全年实际完成情况`): the columns
    // are the achievement's last cell and the last goal cell before it.
    let roles: Vec<(u32, Role)> = sheet.cells(row).filter_map(|(c, n)| lx.goals.classify(n).map(|r| (c, r))).collect();
    let achieved = roles.iter().rev().find(|(_, r)| *r == Role::GoalAchieved)?.0;
    let expected = roles.iter().rev().find(|(c, r)| *r == Role::GoalExpected && *c < achieved)?.0;
    Some((expected, achieved))
}

/// The block label (`项目资金(万元)`): on the header row, or in a cell merged down over it from above.
fn area_label_near(lx: &Labels, sheet: &Sheet, row: u32) -> Option<Text> {
    let is_block = |n: &str| lx.fund_block.is(n);
    if let Some(col) = sheet.find(row, is_block) {
        return Some(sheet.text(row, col));
    }
    (0..sheet.width())
        .map(|c| sheet.value_cell(row, c))
        .find(|&(r, c)| is_block(sheet.norm(r, c)))
        .map(|(r, c)| sheet.text(r, c))
        .or_else(|| row.checked_sub(1).and_then(|up| sheet.find(up, is_block).map(|c| sheet.text(up, c))))
}

fn read_header_fields(lx: &Labels, sheet: &Sheet, row: u32, form: &mut Evaluation) {
    let is_any_label = |n: &str| lx.header_fields.is(n) || lx.header_total.is(n);
    for (col, norm) in sheet.cells(row) {
        let slot = match lx.header_fields.classify(norm) {
            Some(Role::DepartmentName) if form.kind == FormKind::Department => &mut form.name,
            Some(Role::ProjectName) if form.kind == FormKind::Project => &mut form.name,
            // A project's form that names its filer as a unit (单位名称, on Sichuan's transfer forms).
            Some(Role::DepartmentName) if form.kind == FormKind::Project => &mut form.implementer,
            Some(Role::Supervisor) => &mut form.supervisor,
            Some(Role::Implementer) => &mut form.implementer,
            Some(Role::CentralSupervisor) => &mut form.central_supervisor,
            _ => continue,
        };
        if slot.is_some() {
            continue;
        }
        let value = match sheet.right_of(row, col, is_any_label) {
            Some((r, c)) => sheet.text(r, c),
            // A field for a seal (`主管部门(盖章)`) holds a stamp, not text: blank in any copy of the form.
            None if lx.stamp.is(norm) => continue,
            // The label is there and its value blank: an S002 finding, not a missing field.
            None => Sourced::new(Default::default(), sheet.address(row, col + 1)),
        };
        *slot = Some(value);
    }
}

/// `自评总分(分) | 92`: the self-score in the header, with its label.
fn read_header_total(lx: &Labels, sheet: &Sheet, row: u32) -> Option<(Text, NumberCell)> {
    let col = sheet.find(row, |n| lx.header_total.classify(n) == Some(Role::HeaderTotal))?;
    let (r, c) = sheet.right_of(row, col, |n| lx.header_fields.is(n) || lx.header_total.is(n))?;
    let number = sheet.number(r, c);
    number.value.value.is_some().then(|| (sheet.text(row, col), number))
}

/// The label of a fund row: the non-blank cells left of the first value column, read together.
fn row_label(sheet: &Sheet, row: u32, first_value_col: u32) -> Option<(u32, String)> {
    sheet.cells(row).filter(|(c, _)| *c < first_value_col).last().map(|(c, n)| (c, n.to_string()))
}

fn read_fund_row(
    lx: &Labels,
    sheet: &Sheet,
    row: u32,
    columns: &BTreeMap<u32, FundColumn>,
    funds: &mut FundBlock,
    first_row: bool,
) {
    let first_value_col = columns.keys().next().copied().unwrap_or(u32::MAX);
    let value = |kind: FundColumn| columns.iter().find(|(_, k)| **k == kind).map(|(c, _)| sheet.number(row, *c));
    let (label_col, source) = match row_label(sheet, row, first_value_col) {
        Some((col, norm)) => match lx.fund_row(&norm) {
            Some(source) => (col, source),
            None => return,
        },
        // A block of one row, straight under its header, with no row label (Chongqing's): the total.
        None if first_row && funds.total.is_none() => {
            let amounts = [FundColumn::FullYearBudget, FundColumn::Executed]
                .into_iter()
                .filter_map(value)
                .any(|n| n.value.value.is_some());
            if !amounts {
                return;
            }
            (first_value_col, None)
        }
        None => return,
    };
    let rate = columns.iter().find(|(_, k)| **k == FundColumn::Rate).map(|(c, _)| sheet.rate(row, *c));
    let label = if label_col == first_value_col {
        Sourced::new(Default::default(), sheet.address(row, label_col))
    } else {
        sheet.text(row, label_col)
    };
    let fund_row = FundRow {
        label,
        source,
        initial_budget: value(FundColumn::InitialBudget),
        full_year_budget: value(FundColumn::FullYearBudget),
        executed: value(FundColumn::Executed),
        weight: value(FundColumn::Weight),
        rate,
        score: value(FundColumn::Score),
    };
    if source.is_some() {
        funds.sources.push(fund_row);
    } else if funds.total.is_none() {
        funds.total = Some(fund_row);
    }
}

/// 按收入性质分 / 按支出性质分: parts side by side, each amount inside its label cell or in the cell right of it.
fn read_breakdown(lx: &Labels, sheet: &Sheet, row: u32, funds: &mut FundBlock) {
    let cells: Vec<(u32, String)> = sheet.cells(row).map(|(c, n)| (c, n.to_string())).collect();
    for (i, (col, norm)) in cells.iter().enumerate() {
        let Some(kind) = lx.fund_part(norm) else {
            continue;
        };
        let amount = if let Some(value) = trailing_number(norm) {
            let text = norm.rsplit_once(':').map(|(_, t)| t.into()).unwrap_or_default();
            Sourced::new(Number { value: Some(value), text }, sheet.address(row, *col))
        } else {
            match cells.get(i + 1) {
                Some((next, n)) if lx.fund_part(n).is_none() && parse_decimal(n).is_some() => sheet.number(row, *next),
                _ => Sourced::new(Number { value: None, text: Default::default() }, sheet.address(row, *col)),
            }
        };
        let part = FundPart { kind, label: sheet.text(row, *col), amount: Some(amount) };
        let list = match kind {
            crate::model::FundPartKind::BasicExpenditure | crate::model::FundPartKind::ProjectExpenditure => {
                &mut funds.by_expense
            }
            _ => &mut funds.by_income,
        };
        list.push(part);
    }
}

fn column_of(columns: &BTreeMap<u32, IndicatorColumn>, kind: IndicatorColumn) -> Option<u32> {
    columns.iter().find(|(_, k)| **k == kind).map(|(c, _)| *c)
}

fn read_indicator(
    lx: &Labels,
    sheet: &Sheet,
    row: u32,
    columns: &BTreeMap<u32, IndicatorColumn>,
    form: &mut Evaluation,
    previous_first: &mut Option<Text>,
    previous_second: &mut Option<Text>,
) {
    use IndicatorColumn::*;
    let text =
        |kind| column_of(columns, kind).map(|c| sheet.value_text(row, c)).filter(|t: &Text| !t.value.trim().is_empty());
    let number = |kind| column_of(columns, kind).map(|c| sheet.number(row, c));

    // The row for other matters before the total (Yunnan's `其他需要说明事项 | 无`) is no indicator.
    if sheet.may_hold(lx, row, &lx.other_matters)
        && sheet.cells(row).next().is_some_and(|(_, n)| lx.other_matters.is(n))
    {
        return;
    }
    // A repeated header row (a table continued on the next page) is not an indicator.
    if sheet.may_hold(lx, row, &lx.third) && sheet.cells(row).any(|(_, n)| lx.indicator_column(n) == Some(Third)) {
        return;
    }
    // A header's last row repeating one word under each level (`名称 | 名称 | 名称`, under 一级指标 | 二级指标 |
    // 三级指标): no indicator.
    let levels: Vec<&str> =
        [First, Second, Third].into_iter().filter_map(|k| column_of(columns, k)).map(|c| sheet.norm(row, c)).collect();
    if form.indicators.is_empty() && levels.len() >= 2 && levels.iter().all(|l| !l.is_empty() && *l == levels[0]) {
        return;
    }
    // First and second levels: merged over their rows, or written once and left blank below.
    if let Some(first) = text(First) {
        if previous_first.as_ref().is_none_or(|p| p.at != first.at) {
            let mut weight = weight_in_label(&first.value).map(|_| first.clone());
            // `(50分)` alone in the next cell before the second level.
            if weight.is_none() {
                let second_col = column_of(columns, Second).unwrap_or(u32::MAX);
                let first_col = column_of(columns, First).unwrap_or(0);
                weight = sheet
                    .cells(row)
                    .filter(|(c, _)| *c > first_col && *c < second_col)
                    .find(|(_, n)| weight_in_label(n).is_some() || parse_decimal(n).is_some())
                    .map(|(c, _)| sheet.text(row, c));
            }
            let weight = weight.map(|w| {
                let value = weight_in_label(&w.value).or_else(|| parse_decimal(&w.value));
                Sourced::new(Number { value, text: w.value.clone() }, w.at.clone())
            });
            form.first_levels.push(FirstLevel { name: strip_weight(&first.value), label: first.clone(), weight });
            *previous_second = None;
        }
        *previous_first = Some(first);
    }
    if let Some(second) = text(Second) {
        *previous_second = Some(second);
    }
    let name = text(Third);
    // Chongqing's 调整指标值 replaces the 年初指标值 where it is filled.
    let target = text(TargetAdjusted).or_else(|| text(Target));
    let actual = text(Actual);
    let direction = text(Direction);
    let unit = text(Unit);
    let mut weight = number(Weight);
    // Without a weight column, a weight written in the indicator's own name (`相关性(5分)`).
    if weight.is_none()
        && let Some(name) = &name
        && let Some(value) = weight_in_label(&name.value)
    {
        weight = Some(Sourced::new(Number { value: Some(value), text: name.value.clone() }, name.at.clone()));
    }
    let score = number(Score);
    let coefficient = column_of(columns, Coefficient).map(|c| sheet.rate(row, c));
    let filled = |n: &Option<NumberCell>| n.as_ref().is_some_and(|n| !n.value.text.trim().is_empty());
    if name.is_none() && target.is_none() && actual.is_none() && !filled(&weight) && !filled(&score) {
        return;
    }
    // A template row left as printed (`指标1：` with nothing filled in, `-` across): not an indicator.
    let placeholder = |t: &Option<Text>| t.as_ref().is_none_or(|t| lx.placeholder.is(&normalize(&t.value)));
    let number = |n: &Option<NumberCell>| n.as_ref().is_some_and(|n| n.value.value.is_some());
    if !number(&weight) && !number(&score) && placeholder(&name) && placeholder(&target) && placeholder(&actual) {
        return;
    }
    // A row under an indicator whose name is merged down over it (a checklist's several 自评内容 lines of one
    // indicator), with no weight or score of its own: the same indicator, not another one. Its first actual
    // value filled is the indicator's (the first line may be a heading: `资金合计(万元)`, then the amounts).
    if let Some(previous) = form.indicators.last_mut()
        && let (Some(name), Some(previous_name)) = (&name, &previous.name)
        && name.at == previous_name.at
    {
        let own = |n: &Option<NumberCell>, before: &Option<NumberCell>| {
            filled(n) && n.as_ref().map(|n| &n.at) != before.as_ref().map(|b| &b.at)
        };
        if !own(&weight, &previous.weight) && !own(&score, &previous.score) {
            if previous.actual.is_none() && actual.is_some() {
                previous.target = previous.target.take().or(target);
                previous.actual = actual;
                previous.measures =
                    measures_of(&previous.target, &previous.actual, &previous.direction, &previous.unit);
            }
            return;
        }
    }
    let measures = measures_of(&target, &actual, &direction, &unit);
    form.indicators.push(Indicator {
        row: sheet.address(row, 0),
        first_level: previous_first.as_ref().map(|_| form.first_levels.len() - 1),
        second_level: previous_second.clone(),
        name,
        direction,
        unit,
        weight,
        score,
        coefficient,
        deviation: column_of(columns, Deviation).map(|c| sheet.value_text(row, c)),
        measures,
        target,
        actual,
    });
}

/// An indicator's target and actual read as measures, with its sign and unit where columns of their own hold them.
fn measures_of(
    target: &Option<Text>,
    actual: &Option<Text>,
    direction: &Option<Text>,
    unit: &Option<Text>,
) -> Measures {
    if direction.is_some() || unit.is_some() {
        Measures::of_split(target.as_ref(), actual.as_ref(), direction.as_ref(), unit.as_ref())
    } else {
        Measures::of(target.as_ref(), actual.as_ref())
    }
}

/// The 总分 row. With two numbers they are the weight total and the score total; a single number is the score
/// total, since templates leave the weight total blank far more often than the score.
fn read_total(
    lx: &Labels,
    sheet: &Sheet,
    row: u32,
    columns: &BTreeMap<u32, IndicatorColumn>,
    form: &mut Evaluation,
) -> bool {
    let Some((label_col, norm)) = sheet.cells(row).next() else {
        return false;
    };
    if norm.chars().count() > 8 || !lx.total_row.is(norm) {
        return false;
    }
    let weight_col = column_of(columns, IndicatorColumn::Weight);
    let score_col = column_of(columns, IndicatorColumn::Score);
    // Only the filer's columns: a reviewer's (复核分) is never read as the total.
    let numbers: Vec<NumberCell> = sheet
        .cells(row)
        .filter(|(c, _)| *c > label_col && !is_reviewer_column(lx, sheet, *c, row))
        .map(|(c, _)| sheet.number(row, c))
        .filter(|n| n.value.value.is_some())
        .collect();
    let at_col = |n: &NumberCell, col: Option<u32>| n.at.row_col().map(|(_, c)| c) == col;
    let (weight, score) = match numbers.as_slice() {
        [] => (None, score_col.map(|c| sheet.number(row, c))),
        [only] => (None, Some(only.clone())),
        [a, b, ..] if at_col(b, weight_col) && at_col(a, score_col) => (Some(b.clone()), Some(a.clone())),
        [a, b, ..] => (Some(a.clone()), Some(b.clone())),
    };
    form.total = Some(TotalRow { label: sheet.text(row, label_col), weight, score });
    true
}

/// Whether a column of the indicator table is a reviewer's (its header, somewhere above, says 复核 / 审核).
fn is_reviewer_column(lx: &Labels, sheet: &Sheet, col: u32, below: u32) -> bool {
    (0..below).rev().take(60).any(|r| lx.header_total.classify(sheet.norm(r, col)) == Some(Role::Reviewer))
}
