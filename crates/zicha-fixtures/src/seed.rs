//! The seed filing's text export (`fixtures/seed/seed.txt`) → typed data. The export writes each Word table
//! row as lines whose cells begin with a tab; a line without a tab continues the cell above it, and a blank
//! line ends the row. Extraction is positional: the seed is one fixed document.

/// Paragraphs and tables in document order, as the export holds them.
pub enum Block {
    Paragraph(String),
    Table(Vec<Vec<String>>),
}

pub fn parse_blocks(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut blank_run = 0;
    for line in text.lines() {
        if let Some(cell) = line.strip_prefix('\t') {
            // A row of one cell followed by more cells after blank lines is one row whose first cell has
            // blank lines inside (`绩效指标` in 附件2).
            if blank_run > 0 && !row.is_empty() && !(row.len() == 1 && cell_is_label_only(&row[0])) {
                rows.push(std::mem::take(&mut row));
            }
            row.push(cell.to_string());
            blank_run = 0;
        } else if line.trim().is_empty() {
            blank_run += 1;
            if row.is_empty() && rows.is_empty() {
                blocks.push(Block::Paragraph(String::new()));
            }
        } else if blank_run == 0 && !row.is_empty() {
            let last = row.last_mut().expect("row has a cell");
            last.push('\n');
            last.push_str(line);
        } else {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
            if !rows.is_empty() {
                blocks.push(Block::Table(std::mem::take(&mut rows)));
            }
            for _ in 1..blank_run {
                blocks.push(Block::Paragraph(String::new()));
            }
            blocks.push(Block::Paragraph(line.to_string()));
            blank_run = 0;
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    if !rows.is_empty() {
        blocks.push(Block::Table(rows));
    }
    blocks
}

fn cell_is_label_only(cell: &str) -> bool {
    cell.trim() == "绩效指标"
}

/// Cell text as the filer typed it: the export's line breaks inside a cell are kept, edges trimmed of blank
/// lines only (a leading line break is the export's, not the filer's).
pub fn clean(cell: &str) -> String {
    cell.trim_matches('\n').to_string()
}

pub struct BasicData {
    pub staffing_labels: [String; 4],
    pub staffing: [String; 3],
    pub spending_labels: [String; 4],
    pub lines: Vec<(String, [String; 3])>,
    pub buildings_labels: Vec<String>,
    pub frugality: [String; 2],
}

#[derive(Clone)]
pub struct Indicator {
    pub first: Option<String>,
    pub second: Option<String>,
    pub name: String,
    pub target: String,
    pub actual: String,
    pub weight: String,
    pub score: String,
    pub deviation: String,
}

#[derive(Clone)]
pub struct Evaluation {
    /// (label, value) header fields: 预算部门名称, or 项目支出名称 / 主管部门 / 实施单位.
    pub fields: Vec<(String, String)>,
    pub fund_label: String,
    pub fund_header: Vec<String>,
    /// 年度资金总额 and, for projects, the source rows: label + six values.
    pub fund_rows: Vec<(String, Vec<String>)>,
    /// 附件2's breakdown rows: (income cell, expense cell).
    pub breakdown: Vec<(String, String)>,
    pub goal_labels: [String; 3],
    pub goals: [String; 2],
    pub indicator_header: Vec<String>,
    pub indicators: Vec<Indicator>,
    pub total_label: String,
    pub total_weight: String,
    pub total_score: String,
}

pub struct Seed {
    pub basic: BasicData,
    pub department: Evaluation,
    pub projects: Vec<Evaluation>,
    /// Paragraphs in document order with the index of the table each run precedes (`None` after the last).
    pub blocks: Vec<Block>,
}

pub fn parse(text: &str) -> Seed {
    let blocks = parse_blocks(text);
    let tables: Vec<&Vec<Vec<String>>> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => Some(t),
            Block::Paragraph(_) => None,
        })
        .collect();
    assert_eq!(tables.len(), 5, "the seed holds 附件1, 附件2 and three 附件3 tables");
    Seed {
        basic: basic_data(tables[0]),
        department: evaluation(tables[1], true),
        projects: tables[2..].iter().map(|t| evaluation(t, false)).collect(),
        blocks,
    }
}

fn c(rows: &[Vec<String>], r: usize, i: usize) -> String {
    clean(rows[r].get(i).map_or("", String::as_str))
}

fn basic_data(rows: &[Vec<String>]) -> BasicData {
    let buildings_row = rows.iter().position(|r| r[0].contains("楼堂馆所")).expect("楼堂馆所 row");
    BasicData {
        staffing_labels: [c(rows, 0, 0), c(rows, 0, 1), c(rows, 0, 2), c(rows, 0, 3)],
        staffing: [c(rows, 1, 1), c(rows, 1, 2), c(rows, 1, 3)],
        spending_labels: [c(rows, 2, 0), c(rows, 2, 1), c(rows, 2, 2), c(rows, 2, 3)],
        lines: (3..buildings_row).map(|r| (c(rows, r, 0), [c(rows, r, 1), c(rows, r, 2), c(rows, r, 3)])).collect(),
        buildings_labels: rows[buildings_row].iter().map(|s| clean(s)).collect(),
        frugality: [c(rows, buildings_row + 2, 0), c(rows, buildings_row + 2, 1)],
    }
}

fn evaluation(rows: &[Vec<String>], department: bool) -> Evaluation {
    let mut fields = vec![(c(rows, 0, 0), c(rows, 0, 1))];
    let mut r = 1;
    if !department {
        fields.push((c(rows, 1, 0), c(rows, 1, 1)));
        fields.push((c(rows, 1, 2), c(rows, 1, 3)));
        r = 2;
    }
    let fund_label = c(rows, r, 0);
    let fund_header = (2..8).map(|i| c(rows, r, i)).collect();
    r += 1;
    let goals_row = rows.iter().position(|row| row.get(1).is_some_and(|s| s.contains("预期目标"))).expect("goals");
    let mut fund_rows = Vec::new();
    let mut breakdown = Vec::new();
    while r < goals_row {
        if rows[r].len() >= 8 {
            fund_rows.push((c(rows, r, 1), (2..8).map(|i| c(rows, r, i)).collect()));
        } else {
            breakdown.push((c(rows, r, 1), c(rows, r, 2)));
        }
        r += 1;
    }
    let header_row = goals_row + 2;
    let total_row = rows.len() - 1;
    let indicators = (header_row + 1..total_row)
        .map(|r| {
            let opt = |s: String| (!s.is_empty()).then_some(s);
            Indicator {
                first: opt(c(rows, r, 1)),
                second: opt(c(rows, r, 2)),
                name: c(rows, r, 3),
                target: c(rows, r, 4),
                actual: c(rows, r, 5),
                weight: c(rows, r, 6),
                score: c(rows, r, 7),
                deviation: c(rows, r, 8),
            }
        })
        .collect();
    // 附件3 总分 rows hold `100 | 98`; 附件2's holds only `98` (its weight total left blank).
    let (total_weight, total_score) = if department {
        (String::new(), c(rows, total_row, 1))
    } else {
        (c(rows, total_row, 1), c(rows, total_row, 2))
    };
    Evaluation {
        fields,
        fund_label,
        fund_header,
        fund_rows,
        breakdown,
        goal_labels: [c(rows, goals_row, 0), c(rows, goals_row, 1), c(rows, goals_row, 2)],
        goals: [c(rows, goals_row + 1, 1), c(rows, goals_row + 1, 2)],
        indicator_header: (1..9).map(|i| c(rows, header_row, i)).collect(),
        indicators,
        total_label: c(rows, total_row, 0),
        total_weight,
        total_score,
    }
}
