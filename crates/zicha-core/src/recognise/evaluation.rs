//! 附件2 部门整体支出绩效自评表 and 附件3 项目支出绩效自评表: header fields, the fund block, goals, the indicator
//! table and its 总分 row. Both forms share this shape; only their header fields differ.

use std::collections::BTreeMap;

use super::labels::{self, FundColumn, IndicatorColumn};
use super::view::Sheet;
use super::{Area, sign_off};
use crate::model::{
    Evaluation, FirstLevel, FormKind, FundBlock, FundPart, FundRow, Goals, Indicator, Measures, NumberCell, Sourced,
    StructureIssue, Text, TotalRow,
};
use crate::text::{Has, normalize, parse_decimal, strip_weight, trailing_number, weight_in_label};

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Header,
    Funds { breakdown: bool },
    Goals,
    Indicators,
    Done,
}

pub fn parse(area: &Area, issues: &mut Vec<StructureIssue>) -> Evaluation {
    let mut form = Evaluation {
        kind: area.kind,
        at: area.first_address(),
        title: None,
        name: None,
        supervisor: None,
        implementer: None,
        funds: None,
        goals: None,
        first_levels: Vec::new(),
        indicators: Vec::new(),
        total: None,
        sign_off: sign_off::parse(area),
    };
    let mut state = State::Header;
    let mut fund_columns: BTreeMap<u32, FundColumn> = BTreeMap::new();
    let mut goal_columns: Option<(u32, u32)> = None;
    let mut indicator_columns: BTreeMap<u32, IndicatorColumn> = BTreeMap::new();
    let mut previous_first: Option<Text> = None;
    let mut previous_second: Option<Text> = None;

    for (sheet, row) in area.rows() {
        if state == State::Done {
            break;
        }
        if form.title.is_none()
            && let Some(col) = sheet.find(row, |n| n.has("自评表"))
        {
            form.title = Some(sheet.text(row, col));
            continue;
        }
        // The indicator header names a third-level column (`三级指标…`, see `labels::indicator_column`); only
        // such a row is worth classifying cell by cell.
        if sheet.cells(row).any(|(_, n)| n.starts_with("三级指标")) {
            let header: BTreeMap<u32, IndicatorColumn> =
                sheet.cells(row).filter_map(|(c, n)| labels::indicator_column(n).map(|k| (c, k))).collect();
            if header.values().any(|k| matches!(k, IndicatorColumn::First | IndicatorColumn::Second)) {
                indicator_columns = header;
                state = State::Indicators;
                continue;
            }
        }
        if state == State::Indicators {
            if read_total(sheet, row, &indicator_columns, &mut form) {
                state = State::Done;
            } else {
                read_indicator(sheet, row, &indicator_columns, &mut form, &mut previous_first, &mut previous_second);
            }
            continue;
        }
        if let Some(columns) = fund_header(sheet, row) {
            fund_columns = columns;
            let label = area_label_near(sheet, row);
            form.funds = Some(FundBlock {
                label,
                total: None,
                sources: Vec::new(),
                by_income: Vec::new(),
                by_expense: Vec::new(),
            });
            state = State::Funds { breakdown: false };
            continue;
        }
        if let (Some(expected), Some(achieved)) =
            (sheet.find(row, |n| n.starts_with("预期目标")), sheet.find(row, |n| n.starts_with("实际完成")))
        {
            goal_columns = Some((expected, achieved));
            state = State::Goals;
            continue;
        }
        read_header_fields(sheet, row, &mut form);
        match state {
            State::Funds { breakdown } => {
                let breakdown = breakdown
                    || sheet.find(row, |n| n.starts_with("按收入性质") || n.starts_with("按支出性质")).is_some();
                if let Some(funds) = form.funds.as_mut() {
                    if breakdown {
                        read_breakdown(sheet, row, funds);
                    } else {
                        read_fund_row(sheet, row, &fund_columns, funds);
                    }
                }
                state = State::Funds { breakdown };
            }
            State::Goals => {
                if let Some((expected, achieved)) = goal_columns
                    && sheet.cells(row).next().is_some()
                {
                    let text = |col| Some(sheet.value_text(row, col));
                    form.goals = Some(Goals { expected: text(expected), achieved: text(achieved) });
                    state = State::Header;
                }
            }
            _ => {}
        }
    }
    if form.title.is_none() {
        form.title = area
            .paragraphs
            .iter()
            .find(|p| normalize(&p.text).has("自评表"))
            .map(|p| Sourced::new(p.text.as_str().into(), p.at.clone()));
    }
    report_missing(&form, issues);
    form
}

fn report_missing(form: &Evaluation, issues: &mut Vec<StructureIssue>) {
    let mut missing = |part: &str| {
        issues.push(StructureIssue::MissingPart { form: form.kind, at: form.at.clone(), part: part.to_string() })
    };
    if form.name.is_none() {
        missing(if form.kind == FormKind::Department { "预算部门名称" } else { "项目支出名称" });
    }
    if form.kind == FormKind::Project {
        if form.supervisor.is_none() {
            missing("主管部门");
        }
        if form.implementer.is_none() {
            missing("实施单位");
        }
    }
    match &form.funds {
        None => missing("资金情况（年初预算数 / 全年预算数 / 全年执行数）"),
        Some(funds) if funds.total.is_none() => missing("年度资金总额"),
        Some(_) => {}
    }
    if form.goals.is_none() {
        missing("年度总体目标（预期目标 / 实际完成情况）");
    }
    if form.indicators.is_empty() {
        missing("绩效指标");
    }
    if form.total.is_none() {
        missing("总分");
    }
}

fn fund_header(sheet: &Sheet, row: u32) -> Option<BTreeMap<u32, FundColumn>> {
    let columns: BTreeMap<u32, FundColumn> =
        sheet.cells(row).filter_map(|(c, n)| labels::fund_column(n).map(|k| (c, k))).collect();
    let amounts = columns
        .values()
        .filter(|k| matches!(k, FundColumn::InitialBudget | FundColumn::FullYearBudget | FundColumn::Executed))
        .count();
    (amounts >= 2).then_some(columns)
}

/// The block label (`项目资金(万元)`): on the header row, or in a cell merged down over it from above.
fn area_label_near(sheet: &Sheet, row: u32) -> Option<Text> {
    let is_block = |n: &str| labels::starts_with_any(n, labels::FUND_BLOCK);
    if let Some(col) = sheet.find(row, is_block) {
        return Some(sheet.text(row, col));
    }
    (0..sheet.width())
        .map(|c| sheet.value_cell(row, c))
        .find(|&(r, c)| is_block(sheet.norm(r, c)))
        .map(|(r, c)| sheet.text(r, c))
        .or_else(|| row.checked_sub(1).and_then(|up| sheet.find(up, is_block).map(|c| sheet.text(up, c))))
}

fn read_header_fields(sheet: &Sheet, row: u32, form: &mut Evaluation) {
    let is_any_label = |n: &str| {
        [labels::DEPARTMENT_NAME, labels::PROJECT_NAME, labels::SUPERVISOR, labels::IMPLEMENTER]
            .iter()
            .any(|l| labels::is_label(n, l))
    };
    for (col, norm) in sheet.cells(row) {
        let slot = if labels::is_label(norm, labels::DEPARTMENT_NAME) && form.kind == FormKind::Department
            || labels::is_label(norm, labels::PROJECT_NAME) && form.kind == FormKind::Project
        {
            &mut form.name
        } else if labels::is_label(norm, labels::SUPERVISOR) {
            &mut form.supervisor
        } else if labels::is_label(norm, labels::IMPLEMENTER) {
            &mut form.implementer
        } else {
            continue;
        };
        if slot.is_some() {
            continue;
        }
        let value = match sheet.right_of(row, col, is_any_label) {
            Some((r, c)) => sheet.text(r, c),
            // The label is there and its value blank: an S002 finding, not a missing field.
            None => Sourced::new(Default::default(), sheet.address(row, col + 1)),
        };
        *slot = Some(value);
    }
}

/// The label of a fund row: the non-blank cells left of the first value column, read together.
fn row_label(sheet: &Sheet, row: u32, first_value_col: u32) -> Option<(u32, String)> {
    sheet.cells(row).filter(|(c, _)| *c < first_value_col).last().map(|(c, n)| (c, n.to_string()))
}

fn read_fund_row(sheet: &Sheet, row: u32, columns: &BTreeMap<u32, FundColumn>, funds: &mut FundBlock) {
    let first_value_col = columns.keys().next().copied().unwrap_or(u32::MAX);
    let Some((label_col, norm)) = row_label(sheet, row, first_value_col) else {
        return;
    };
    let source = labels::fund_source(&norm);
    if !labels::is_fund_total(&norm) && source.is_none() {
        return;
    }
    let value = |kind: FundColumn| columns.iter().find(|(_, k)| **k == kind).map(|(c, _)| sheet.number(row, *c));
    let rate = columns.iter().find(|(_, k)| **k == FundColumn::Rate).map(|(c, _)| sheet.rate(row, *c));
    let fund_row = FundRow {
        label: sheet.text(row, label_col),
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
fn read_breakdown(sheet: &Sheet, row: u32, funds: &mut FundBlock) {
    let cells: Vec<(u32, String)> = sheet.cells(row).map(|(c, n)| (c, n.to_string())).collect();
    for (i, (col, norm)) in cells.iter().enumerate() {
        let Some(kind) = labels::fund_part(norm) else {
            continue;
        };
        let amount = if let Some(value) = trailing_number(norm) {
            let text = norm.rsplit_once(':').map(|(_, t)| t.into()).unwrap_or_default();
            Sourced::new(crate::model::Number { value: Some(value), text }, sheet.address(row, *col))
        } else {
            match cells.get(i + 1) {
                Some((next, n)) if labels::fund_part(n).is_none() && parse_decimal(n).is_some() => {
                    sheet.number(row, *next)
                }
                _ => Sourced::new(
                    crate::model::Number { value: None, text: Default::default() },
                    sheet.address(row, *col),
                ),
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
                    .find(|(_, n)| weight_in_label(n).is_some())
                    .map(|(c, _)| sheet.text(row, c));
            }
            let weight = weight.map(|w| {
                let value = weight_in_label(&w.value);
                Sourced::new(crate::model::Number { value, text: w.value.clone() }, w.at.clone())
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
    let target = text(Target);
    let actual = text(Actual);
    let weight = number(Weight);
    let score = number(Score);
    let filled = |n: &Option<NumberCell>| n.as_ref().is_some_and(|n| !n.value.text.trim().is_empty());
    if name.is_none() && target.is_none() && actual.is_none() && !filled(&weight) && !filled(&score) {
        return;
    }
    form.indicators.push(Indicator {
        row: sheet.address(row, 0),
        first_level: previous_first.as_ref().map(|_| form.first_levels.len() - 1),
        second_level: previous_second.clone(),
        name,
        direction: text(Direction),
        unit: text(Unit),
        weight,
        score,
        deviation: column_of(columns, Deviation).map(|c| sheet.value_text(row, c)),
        measures: Measures::of(target.as_ref(), actual.as_ref()),
        target,
        actual,
    });
}

/// The 总分 row. With two numbers they are the weight total and the score total; a single number is the score
/// total, since templates leave the weight total blank far more often than the score.
fn read_total(sheet: &Sheet, row: u32, columns: &BTreeMap<u32, IndicatorColumn>, form: &mut Evaluation) -> bool {
    let Some((label_col, norm)) = sheet.cells(row).next() else {
        return false;
    };
    let bare = norm.trim_end_matches(':');
    if !labels::TOTAL_SCORE.iter().any(|l| bare == *l || bare.starts_with(l) && bare.len() <= l.len() + 8) {
        return false;
    }
    let numbers: Vec<NumberCell> = sheet
        .cells(row)
        .filter(|(c, _)| *c > label_col)
        .map(|(c, _)| sheet.number(row, c))
        .filter(|n| n.value.value.is_some())
        .collect();
    let weight_col = column_of(columns, IndicatorColumn::Weight);
    let score_col = column_of(columns, IndicatorColumn::Score);
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
