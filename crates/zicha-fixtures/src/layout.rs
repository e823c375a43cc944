//! Lays the seed's typed forms out as tables in a [`Style`]: labels, column orders and cell types vary the way
//! real templates do. Every value placed is recorded with the model path it must be recognised as, so a
//! fixture carries its own expectations.

use crate::seed::{BasicData, Evaluation, Seed};

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Text,
    Number,
    Rate,
}

/// One cell of a laid-out table.
#[derive(Clone, Debug)]
pub enum Slot {
    Cell {
        text: String,
        span: u32,
        kind: Kind,
        path: Option<String>,
    },
    /// Continues the vertical merge of the cell above in this column (reads as blank).
    Continue {
        span: u32,
    },
}

fn text(s: impl Into<String>, span: u32) -> Slot {
    Slot::Cell { text: s.into(), span, kind: Kind::Text, path: None }
}

fn value(s: impl Into<String>, kind: Kind, path: Option<String>) -> Slot {
    let s = s.into();
    // Blank values are not expectations: the test checks what the filer wrote.
    let path = path.filter(|_| !s.trim().is_empty());
    Slot::Cell { text: s, span: 1, kind, path }
}

fn labelled(s: impl Into<String>, span: u32, path: String) -> Slot {
    Slot::Cell { text: s.into(), span, kind: Kind::Text, path: Some(path) }
}

pub struct Table {
    pub form: &'static str,
    pub width: u32,
    pub rows: Vec<Vec<Slot>>,
    /// Title lines before the table and note / sign-off lines after it.
    pub before: Vec<String>,
    pub after: Vec<String>,
}

/// How a template differs from the seed's.
#[derive(Clone)]
pub struct Style {
    /// Label substitutions (seed label without line breaks → this template's label).
    pub labels: Vec<(&'static str, &'static str)>,
    /// Order of the six fund columns, as indices into 年初 / 全年 / 执行 / 分值 / 执行率 / 得分.
    pub fund_order: [usize; 6],
    /// Order of the indicator value columns, as indices into 指标值 / 完成值 / 分值 / 得分 / 偏差.
    pub indicator_order: [usize; 5],
    /// The first-level weight in its own cell (`(30分)`) rather than inside the label.
    pub weight_own_cell: bool,
    /// Breakdown amounts in a cell of their own rather than inside the label.
    pub breakdown_split: bool,
    /// 附件2's lone 总分 number right after the label (as the seed's Word table has it), not under 得分.
    pub total_after_label: bool,
}

impl Style {
    pub fn seed() -> Style {
        Style {
            labels: Vec::new(),
            fund_order: [0, 1, 2, 3, 4, 5],
            indicator_order: [0, 1, 2, 3, 4],
            weight_own_cell: false,
            breakdown_split: false,
            total_after_label: false,
        }
    }

    fn label(&self, seed: &str) -> String {
        let key: String = seed.chars().filter(|c| !c.is_whitespace()).collect();
        self.labels.iter().find(|(from, _)| *from == key).map_or_else(|| seed.to_string(), |(_, to)| to.to_string())
    }
}

/// Model paths of 附件1's spending lines, in the seed's row order.
const BASIC_LINE_PATHS: &[&str] = &[
    "three_public",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "overseas_travel",
    "official_reception",
    "project_spending",
    "operational_work",
    "operation_maintenance",
    "special_funds",
    "special_projects.0",
    "special_projects.1",
    "special_projects.2",
    "public_funds",
    "public_funds_items.0",
    "public_funds_items.1",
    "public_funds_items.2",
    "procurement",
    "budget_adjustment",
];

pub fn basic_table(seed: &BasicData, style: &Style, before: Vec<String>, after: Vec<String>) -> Table {
    let p = |s: &str| Some(format!("basic_data.{s}"));
    let mut rows = Vec::new();
    let [l0, l1, l2, l3] = &seed.staffing_labels;
    rows.push(vec![
        text(style.label(l0), 1),
        text(style.label(l1), 2),
        text(style.label(l2), 2),
        text(style.label(l3), 2),
    ]);
    let [a, b, r] = &seed.staffing;
    let span2 = |s: Slot| match s {
        Slot::Cell { text, kind, path, .. } => Slot::Cell { text, span: 2, kind, path },
        other => other,
    };
    rows.push(vec![
        Slot::Continue { span: 1 },
        span2(value(a, Kind::Number, p("staffing.authorized"))),
        span2(value(b, Kind::Number, p("staffing.actual"))),
        span2(value(r, Kind::Rate, p("staffing.control_rate"))),
    ]);
    let [h0, h1, h2, h3] = &seed.spending_labels;
    rows.push(vec![
        text(style.label(h0), 1),
        span2(labelled(style.label(h1), 1, "basic_data.columns.previous_final".into())),
        span2(labelled(style.label(h2), 1, "basic_data.columns.budget".into())),
        span2(labelled(style.label(h3), 1, "basic_data.columns.final_account".into())),
    ]);
    assert_eq!(seed.lines.len(), BASIC_LINE_PATHS.len(), "附件1 lines of the seed");
    for ((label, values), path) in seed.lines.iter().zip(BASIC_LINE_PATHS) {
        let mut row = vec![labelled(style.label(label), 1, format!("basic_data.{path}.label"))];
        for (v, field) in values.iter().zip(["previous_final", "budget", "final_account"]) {
            row.push(span2(value(v, Kind::Number, p(&format!("{path}.{field}")))));
        }
        rows.push(row);
    }
    rows.push(seed.buildings_labels.iter().map(|l| text(style.label(l), 1)).collect());
    let mut empty = vec![Slot::Continue { span: 1 }];
    empty.extend((0..6).map(|_| text("", 1)));
    rows.push(empty);
    rows.push(vec![
        text(&seed.frugality[0], 1),
        labelled(&seed.frugality[1], 6, "basic_data.frugality_measures".into()),
    ]);
    Table { form: "附件1", width: 7, rows, before, after }
}

pub fn evaluation_table(
    seed: &Evaluation,
    style: &Style,
    prefix: &str,
    department: bool,
    before: Vec<String>,
    after: Vec<String>,
) -> Table {
    let width = if style.weight_own_cell { 10 } else { 9 };
    let p = |s: &str| Some(format!("{prefix}.{s}"));
    let mut rows = Vec::new();
    let field_paths = ["name", "supervisor", "implementer"];
    if department {
        let (label, v) = &seed.fields[0];
        rows.push(vec![text(style.label(label), 1), labelled(v, width - 1, format!("{prefix}.name"))]);
    } else {
        rows.push(vec![
            text(style.label(&seed.fields[0].0), 1),
            labelled(&seed.fields[0].1, width - 1, format!("{prefix}.name")),
        ]);
        let wide = width - 5;
        rows.push(vec![
            text(style.label(&seed.fields[1].0), 1),
            labelled(&seed.fields[1].1, wide, format!("{prefix}.{}", field_paths[1])),
            text(style.label(&seed.fields[2].0), 1),
            labelled(&seed.fields[2].1, 3, format!("{prefix}.{}", field_paths[2])),
        ]);
    }
    // Fund block: label column, row-label column (2 wide), six values.
    let label_span = width - 7;
    let mut header = vec![text(style.label(&seed.fund_label), 1), text("", label_span)];
    header.extend(style.fund_order.iter().map(|&i| text(style.label(&seed.fund_header[i]), 1)));
    rows.push(header);
    let fields = ["initial_budget", "full_year_budget", "executed", "weight", "rate", "score"];
    for (n, (label, values)) in seed.fund_rows.iter().enumerate() {
        let row_path = if n == 0 { "funds.total".to_string() } else { format!("funds.sources.{}", n - 1) };
        let mut row = vec![
            Slot::Continue { span: 1 },
            labelled(style.label(label), label_span, format!("{prefix}.{row_path}.label")),
        ];
        for &i in &style.fund_order {
            let kind = if i == 4 { Kind::Rate } else { Kind::Number };
            row.push(value(&values[i], kind, p(&format!("{row_path}.{}", fields[i]))));
        }
        rows.push(row);
    }
    let half = (width - 1) / 2;
    let (mut income, mut expense) = (0, 0);
    for (left, right) in &seed.breakdown {
        let mut row = vec![Slot::Continue { span: 1 }];
        for (cell, side, count) in [(left, "by_income", &mut income), (right, "by_expense", &mut expense)] {
            let span = if side == "by_income" { half } else { width - 1 - half };
            let has_part = !cell.is_empty() && !cell.starts_with("按");
            let path = has_part.then(|| format!("{prefix}.funds.{side}.{}.amount", *count));
            if has_part {
                *count += 1;
            }
            let (label, amount) = split_amount(cell);
            if style.breakdown_split && has_part {
                row.push(text(style.label(&label), span - 1));
                row.push(value(amount, Kind::Number, path));
            } else {
                row.push(Slot::Cell {
                    text: cell.clone(),
                    span,
                    kind: Kind::Number,
                    path: path.filter(|_| !amount.is_empty()),
                });
            }
        }
        rows.push(row);
    }
    rows.push(vec![
        text(style.label(&seed.goal_labels[0]), 1),
        text(style.label(&seed.goal_labels[1]), half),
        text(style.label(&seed.goal_labels[2]), width - 1 - half),
    ]);
    rows.push(vec![
        Slot::Continue { span: 1 },
        labelled(&seed.goals[0], half, format!("{prefix}.goals.expected")),
        labelled(&seed.goals[1], width - 1 - half, format!("{prefix}.goals.achieved")),
    ]);
    // Indicator table.
    let h = &seed.indicator_header;
    let mut header = vec![text("绩效指标", 1), text(style.label(&h[0]), if style.weight_own_cell { 2 } else { 1 })];
    header.extend([text(style.label(&h[1]), 1), text(style.label(&h[2]), 1)]);
    header.extend(style.indicator_order.iter().map(|&i| text(style.label(&h[3 + i]), 1)));
    rows.push(header);
    let mut first_levels = 0;
    for (n, indicator) in seed.indicators.iter().enumerate() {
        let ip = |s: &str| p(&format!("indicators.{n}.{s}"));
        let mut row = vec![Slot::Continue { span: 1 }];
        match &indicator.first {
            Some(first) => {
                let level = first_levels;
                first_levels += 1;
                if style.weight_own_cell {
                    let (name, weight) = split_weight(first);
                    row.push(text(style.label(&name), 1));
                    row.push(value(weight, Kind::Number, p(&format!("first_levels.{level}.weight"))));
                } else {
                    let label = style.label(first);
                    row.push(value(label, Kind::Number, p(&format!("first_levels.{level}.weight"))));
                }
            }
            None => {
                row.push(Slot::Continue { span: 1 });
                if style.weight_own_cell {
                    row.push(Slot::Continue { span: 1 });
                }
            }
        }
        row.push(match &indicator.second {
            Some(second) => labelled(second, 1, format!("{prefix}.indicators.{n}.second_level")),
            None => Slot::Continue { span: 1 },
        });
        row.push(labelled(&indicator.name, 1, format!("{prefix}.indicators.{n}.name")));
        let values = [
            (indicator.target.as_str(), Kind::Text, "target"),
            (indicator.actual.as_str(), Kind::Text, "actual"),
            (indicator.weight.as_str(), Kind::Number, "weight"),
            (indicator.score.as_str(), Kind::Number, "score"),
            (indicator.deviation.as_str(), Kind::Text, "deviation"),
        ];
        for &i in &style.indicator_order {
            let (v, kind, field) = values[i];
            row.push(value(v, kind, ip(field)));
        }
        rows.push(row);
    }
    // 总分: label over the text columns, then weight total and score total under their columns.
    let weight_pos = 4 + style.indicator_order.iter().position(|&i| i == 2).unwrap_or(2) as u32;
    let score_pos = 4 + style.indicator_order.iter().position(|&i| i == 3).unwrap_or(3) as u32;
    let extra = u32::from(style.weight_own_cell);
    let total_label = labelled(style.label(&seed.total_label), 0, format!("{prefix}.total.label"));
    let (weight_path, score_path) = (p("total.weight"), p("total.score"));
    let mut cells: Vec<(u32, Slot)> = Vec::new();
    if department && style.total_after_label {
        let first = weight_pos.min(score_pos) + extra;
        cells.push((first, value(&seed.total_score, Kind::Number, score_path)));
    } else {
        cells.push((weight_pos + extra, value(&seed.total_weight, Kind::Number, weight_path)));
        cells.push((score_pos + extra, value(&seed.total_score, Kind::Number, score_path)));
    }
    cells.sort_by_key(|(c, _)| *c);
    let label_span = cells[0].0;
    let mut row = vec![match total_label {
        Slot::Cell { text, kind, path, .. } => Slot::Cell { text, span: label_span, kind, path },
        other => other,
    }];
    let mut col = label_span;
    for (at, slot) in cells {
        while col < at {
            row.push(text("", 1));
            col += 1;
        }
        row.push(slot);
        col += 1;
    }
    while col < width {
        row.push(text("", 1));
        col += 1;
    }
    rows.push(row);
    Table { form: if department { "附件2" } else { "附件3" }, width, rows, before, after }
}

/// `其中：一般公共预算：195.66` → (`其中：一般公共预算`, `195.66`).
fn split_amount(cell: &str) -> (String, String) {
    match cell.rfind('：') {
        Some(i) => (cell[..i].to_string(), cell[i + '：'.len_utf8()..].trim().to_string()),
        None => (cell.to_string(), String::new()),
    }
}

/// `产出指标\n(30分)` → (`产出指标`, `(30分)`).
fn split_weight(label: &str) -> (String, String) {
    let i = label.find(['(', '（']).unwrap_or(label.len());
    (label[..i].trim().to_string(), label[i..].trim().to_string())
}

/// The seed's paragraphs grouped around its tables: (paragraphs before table i, …), and the reports after.
pub struct Prose {
    pub before_tables: Vec<Vec<String>>,
    pub after_tables: Vec<Vec<String>>,
    pub reports: Vec<String>,
}

pub fn prose(seed: &Seed) -> Prose {
    use crate::seed::Block;
    let mut runs: Vec<Vec<String>> = vec![Vec::new()];
    for block in &seed.blocks {
        match block {
            Block::Paragraph(p) => runs.last_mut().expect("a run").push(p.clone()),
            Block::Table(_) => runs.push(Vec::new()),
        }
    }
    // Between two tables: the first's note and sign-off, then the second's 附件 line and title.
    let mut before_tables = vec![runs[0].clone()];
    let mut after_tables = Vec::new();
    for run in &runs[1..runs.len() - 1] {
        let split = run.iter().position(|p| p.trim().starts_with("附件")).unwrap_or(run.len());
        after_tables.push(run[..split].to_vec());
        before_tables.push(run[split..].to_vec());
    }
    let last = runs.last().expect("a run");
    let split = last.iter().position(|p| p.trim().starts_with("附件")).unwrap_or(last.len());
    after_tables.push(last[..split].to_vec());
    Prose { before_tables, after_tables, reports: last[split..].to_vec() }
}
