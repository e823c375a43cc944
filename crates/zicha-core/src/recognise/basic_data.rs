//! 附件1 部门整体支出绩效评价基础数据表: staffing, 经费控制情况 and its lines, 楼堂馆所, 厉行节约, sign-off.

use std::collections::BTreeMap;

use super::labels::{Labels, Line};
use super::view::Sheet;
use super::{Area, sign_off};
use crate::model::{BasicData, Buildings, Part, SpendingColumns, SpendingLine, Staffing, StructureIssue, Text};
use crate::template::Role;
use crate::text::normalize;

/// The value columns of 经费控制情况.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    PreviousFinal,
    Budget,
    Final,
}

/// Where a row of 经费控制情况 sits: rows under 专项资金 are special projects, rows under 公用经费 its 其中 items.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Top,
    Special,
    PublicFunds,
    Done,
}

pub(super) fn parse(area: &Area, lx: &Labels, issues: &mut Vec<StructureIssue>) -> BasicData {
    let mut data = BasicData {
        at: area.first_address(),
        title: None,
        staffing: None,
        columns: None,
        three_public: None,
        vehicles: None,
        vehicle_purchase: None,
        vehicle_operation: None,
        overseas_travel: None,
        official_reception: None,
        project_spending: None,
        operational_work: None,
        operation_maintenance: None,
        special_funds: None,
        special_projects: Vec::new(),
        public_funds: None,
        public_funds_items: Vec::new(),
        procurement: None,
        budget_adjustment: None,
        buildings: None,
        frugality_measures: None,
        sign_off: sign_off::parse(area, lx),
    };
    let mut columns: Option<BTreeMap<u32, Column>> = None;
    let mut section = Section::Done;
    for (sheet, row) in area.rows() {
        if data.title.is_none()
            && let Some(col) = sheet.find(row, |n| lx.title_basic.is(n))
        {
            data.title = Some(sheet.text(row, col));
            continue;
        }
        if data.staffing.is_none()
            && let Some(col) = sheet.find(row, |n| lx.staffing.classify(n) == Some(Role::StaffAuthorized))
        {
            data.staffing = Some(read_staffing(lx, sheet, row, col));
            continue;
        }
        if let Some(found) = spending_header(lx, sheet, row) {
            data.columns = Some(SpendingColumns {
                previous_final: column_text(sheet, row, &found, Column::PreviousFinal),
                budget: column_text(sheet, row, &found, Column::Budget),
                final_account: column_text(sheet, row, &found, Column::Final),
            });
            columns = Some(found);
            section = Section::Top;
            continue;
        }
        if let Some(col) = sheet.find(row, |n| lx.buildings.classify(n) == Some(Role::Buildings)) {
            data.buildings = Some(read_buildings(lx, sheet, row, col));
            section = Section::Done;
            continue;
        }
        if let Some(col) = sheet.find(row, |n| lx.frugality.is(n)) {
            data.frugality_measures = sheet.right_of(row, col, |_| false).map(|(r, c)| sheet.text(r, c));
            section = Section::Done;
            continue;
        }
        if section == Section::Done {
            continue;
        }
        let Some(columns) = columns.as_ref() else {
            continue;
        };
        let first_value_col = columns.keys().next().copied().unwrap_or(u32::MAX);
        let Some(label_col) = sheet.cells(row).filter(|(c, _)| *c < first_value_col).map(|(c, _)| c).last() else {
            continue;
        };
        let norm = sheet.norm(row, label_col).to_string();
        if lx.buildings_end.is(&norm) {
            section = Section::Done;
            continue;
        }
        let line = read_line(sheet, row, label_col, columns);
        section = place_line(&mut data, lx.line(&norm), line, section);
    }
    if data.title.is_none() {
        data.title = area
            .paragraphs
            .iter()
            .find(|p| lx.title_basic.is(&normalize(&p.text)))
            .map(|p| crate::model::Sourced::new(p.text.as_str().into(), p.at.clone()));
    }
    let mut missing = |part: Part| {
        issues.push(StructureIssue::MissingPart { form: crate::model::FormKind::BasicData, at: data.at.clone(), part })
    };
    if data.staffing.is_none() {
        missing(Part::Staffing);
    }
    if data.columns.is_none() {
        missing(Part::Spending);
    }
    data
}

/// Files a line of 经费控制情况 under its meaning and returns the section that follows it.
fn place_line(data: &mut BasicData, meaning: Option<Line>, line: SpendingLine, section: Section) -> Section {
    let set = |slot: &mut Option<SpendingLine>, line: SpendingLine| {
        if slot.is_none() {
            *slot = Some(line);
        }
    };
    // Section keywords come first: a special project can be called anything, but not 公用经费.
    match meaning {
        Some(Line::PublicFunds) => {
            set(&mut data.public_funds, line);
            return Section::PublicFunds;
        }
        Some(Line::Procurement) => {
            set(&mut data.procurement, line);
            return Section::Top;
        }
        Some(Line::Adjustment) => {
            set(&mut data.budget_adjustment, line);
            return Section::Top;
        }
        _ => {}
    }
    match section {
        Section::Special => {
            data.special_projects.push(line);
            return Section::Special;
        }
        Section::PublicFunds => {
            data.public_funds_items.push(line);
            return Section::PublicFunds;
        }
        _ => {}
    }
    let slot = match meaning {
        Some(Line::ThreePublic) => &mut data.three_public,
        Some(Line::Vehicles) => &mut data.vehicles,
        Some(Line::VehiclePurchase) => &mut data.vehicle_purchase,
        Some(Line::VehicleOperation) => &mut data.vehicle_operation,
        Some(Line::Overseas) => &mut data.overseas_travel,
        Some(Line::Reception) => &mut data.official_reception,
        Some(Line::ProjectSpending) => &mut data.project_spending,
        Some(Line::OperationalWork) => &mut data.operational_work,
        Some(Line::OperationMaintenance) => &mut data.operation_maintenance,
        Some(Line::SpecialFunds) => {
            set(&mut data.special_funds, line);
            return Section::Special;
        }
        _ => return Section::Top,
    };
    set(slot, line);
    Section::Top
}

fn read_line(sheet: &Sheet, row: u32, label_col: u32, columns: &BTreeMap<u32, Column>) -> SpendingLine {
    let value = |kind| columns.iter().find(|(_, k)| **k == kind).map(|(c, _)| sheet.number(row, *c));
    SpendingLine {
        label: sheet.text(row, label_col),
        previous_final: value(Column::PreviousFinal),
        budget: value(Column::Budget),
        final_account: value(Column::Final),
    }
}

/// `2022年决算数 | 2023年预算数 | 2023年决算数`; without years, `上年决算数 | 本年预算数 | 本年决算数`.
fn spending_header(lx: &Labels, sheet: &Sheet, row: u32) -> Option<BTreeMap<u32, Column>> {
    let mut finals: Vec<(u32, i32)> = Vec::new();
    let mut budget = None;
    for (col, norm) in sheet.cells(row) {
        let role = lx.spending.classify(norm);
        let year = norm.find('年').and_then(|i| norm[..i].parse::<i32>().ok());
        let relative = lx.spend_previous.is(norm).then_some(-1);
        match role {
            Some(Role::SpendFinal) => finals.push((col, year.or(relative).unwrap_or(0))),
            Some(Role::SpendBudget) => budget = Some(col),
            _ => {}
        }
    }
    if finals.is_empty() || budget.is_none() {
        return None;
    }
    let mut columns = BTreeMap::new();
    finals.sort_by_key(|(col, year)| (*year, *col));
    if let Some(&(col, _)) = finals.last() {
        columns.insert(col, Column::Final);
    }
    if finals.len() > 1 {
        columns.insert(finals[0].0, Column::PreviousFinal);
    }
    columns.insert(budget?, Column::Budget);
    Some(columns)
}

fn column_text(sheet: &Sheet, row: u32, columns: &BTreeMap<u32, Column>, kind: Column) -> Option<Text> {
    columns.iter().find(|(_, k)| **k == kind).map(|(c, _)| sheet.text(row, *c))
}

/// The staffing header and its values: below each label, or right of it in a vertical layout.
fn read_staffing(lx: &Labels, sheet: &Sheet, row: u32, authorized_col: u32) -> Staffing {
    let is = |role: Role| move |n: &str| lx.staffing.classify(n) == Some(role);
    let actual_col = sheet.find(row, is(Role::StaffActual));
    let rate_col = sheet.find(row, is(Role::StaffRate));
    let horizontal = actual_col.is_some();
    if horizontal {
        let below = |col: u32| sheet.below(row, col, 2).unwrap_or((row + 1, col));
        Staffing {
            authorized: Some(below(authorized_col)).map(|(r, c)| sheet.number(r, c)),
            actual: actual_col.map(below).map(|(r, c)| sheet.number(r, c)),
            control_rate: rate_col.map(below).map(|(r, c)| sheet.rate(r, c)),
        }
    } else {
        // One label per row, its value to the right.
        let value_right = |r: u32, role: Role| {
            let col = sheet.find(r, is(role))?;
            Some(sheet.right_of(r, col, |_| false).unwrap_or((r, col + 1)))
        };
        let next = |role: Role| (row..row + 4).find_map(|r| value_right(r, role));
        Staffing {
            authorized: value_right(row, Role::StaffAuthorized).map(|(r, c)| sheet.number(r, c)),
            actual: next(Role::StaffActual).map(|(r, c)| sheet.number(r, c)),
            control_rate: next(Role::StaffRate).map(|(r, c)| sheet.rate(r, c)),
        }
    }
}

fn read_buildings(lx: &Labels, sheet: &Sheet, row: u32, approved_col: u32) -> Buildings {
    let col = |role: Role| sheet.find(row, |n| lx.buildings.classify(n) == Some(role));
    let below = |c: Option<u32>| c.map(|c| (row + 1, c));
    let number = |c: Option<u32>| below(c).map(|(r, c)| sheet.number(r, c));
    let rate = |c: Option<u32>| below(c).map(|(r, c)| sheet.rate(r, c));
    Buildings {
        approved_area: number(Some(approved_col)),
        actual_area: number(col(Role::BuildActualArea)),
        area_control_rate: rate(col(Role::BuildAreaRate)),
        budgeted_investment: number(col(Role::BuildBudgetInvestment)),
        actual_investment: number(col(Role::BuildActualInvestment)),
        investment_control_rate: rate(col(Role::BuildInvestmentRate)),
    }
}
