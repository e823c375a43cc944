//! Fixtures built from the seed filing: the layouts and writers behind `zicha-fixtures` (the fixture files) and
//! `synthetic_workbook` (filings of any size, for benchmarks).

pub mod docx;
pub mod grid;
pub mod layout;
pub mod manifest;
pub mod real;
pub mod seed;
pub mod xlsx;

const SEED: &str = include_str!("../../../fixtures/seed/seed.txt");

/// A workbook holding the seed's 附件1 and 附件2 and `projects` 附件3 tables (the seed's three in turn, renamed
/// and numbered), ten to a sheet: a filing whose size grows with its project count.
pub fn synthetic_workbook(projects: usize) -> Vec<u8> {
    let seed = seed::parse(SEED);
    let prose = layout::prose(&seed);
    let style = layout::Style::seed();
    let basic = layout::basic_table(&seed.basic, &style, prose.before_tables[0].clone(), prose.after_tables[0].clone());
    let department = layout::evaluation_table(
        &seed.department,
        &style,
        "department",
        true,
        prose.before_tables[1].clone(),
        Vec::new(),
    );
    let tables: Vec<layout::Table> = (0..projects)
        .map(|i| {
            let mut project = seed.projects[i % 3].clone();
            project.fields[0].1 = format!("{}（第{}项）", project.fields[0].1, i + 1);
            layout::evaluation_table(&project, &style, &format!("projects.{i}"), false, Vec::new(), Vec::new())
        })
        .collect();
    let mut sheets = vec![
        xlsx::SheetPlan { name: "附件1".into(), tables: vec![&basic] },
        xlsx::SheetPlan { name: "附件2".into(), tables: vec![&department] },
    ];
    for (n, chunk) in tables.chunks(10).enumerate() {
        sheets.push(xlsx::SheetPlan { name: format!("附件3-{}", n + 1), tables: chunk.iter().collect() });
    }
    xlsx::write("synthetic.xlsx", &sheets, true, &mut Vec::new())
}
