//! `zicha-fixtures [DIR]`: rebuilds the generated fixtures in DIR (default `fixtures`) from the seed text in
//! `DIR/seed/seed.txt`, each with a `.expect.json` manifest of where every value must be recognised.
//! `scripts/fixtures.sh` runs this and then has LibreOffice write the xls, ods, xlsm and docx copies.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a command line prints: it is its output

use std::path::{Path, PathBuf};

use zicha_fixtures::docx;
use zicha_fixtures::layout::{self, Style, Table};
use zicha_fixtures::manifest::{Expectation, Manifest};
use zicha_fixtures::real;
use zicha_fixtures::seed::{self, Seed};
use zicha_fixtures::xlsx::{self, SheetPlan};

/// The forms of the seed: 附件1, 附件2, and the three 附件3 in seed order.
#[derive(Clone, Copy)]
enum Form {
    Basic,
    Department,
    Project(usize),
}

const ALL_FORMS: [&str; 5] = ["basic_data", "department", "projects", "department_report", "project_reports"];
const TABLE_FORMS: [&str; 3] = ["basic_data", "department", "projects"];

struct Builder<'s> {
    seed: &'s Seed,
    prose: layout::Prose,
    dir: PathBuf,
}

impl Builder<'_> {
    /// A form laid out in a style; `position` is its place among the projects as the checker will meet them.
    fn table(&self, form: Form, style: &Style, position: usize) -> Table {
        let around = |i: usize| (self.prose.before_tables[i].clone(), self.prose.after_tables[i].clone());
        match form {
            Form::Basic => {
                let (b, a) = around(0);
                layout::basic_table(&self.seed.basic, style, b, a)
            }
            Form::Department => {
                let (b, a) = around(1);
                layout::evaluation_table(&self.seed.department, style, "department", true, b, a)
            }
            Form::Project(i) => {
                let (b, a) = around(2 + i);
                let prefix = format!("projects.{position}");
                layout::evaluation_table(&self.seed.projects[i], style, &prefix, false, b, a)
            }
        }
    }

    /// Tables in the given order, numbering projects as they come.
    fn tables(&self, forms: &[Form], style: &Style) -> Vec<Table> {
        let mut projects = 0;
        forms
            .iter()
            .map(|&form| {
                let position = projects;
                if matches!(form, Form::Project(_)) {
                    projects += 1;
                }
                self.table(form, style, position)
            })
            .collect()
    }

    /// The report paragraphs, with the cover fields each must be recognised as.
    fn report_items(&self) -> Vec<docx::Item<'static>> {
        let mut project_reports = 0;
        let mut current = String::new();
        self.prose
            .reports
            .iter()
            .map(|text| {
                let norm: String = text.chars().filter(|c| !c.is_whitespace()).collect();
                if norm == "附件4" {
                    current = "department_report".into();
                } else if norm == "附件5" {
                    current = format!("project_reports.{project_reports}");
                    project_reports += 1;
                }
                let expect = (norm.starts_with("部门(单位)名称")).then(|| {
                    let value = text.split('：').nth(1).unwrap_or_default().trim().to_string();
                    (format!("{current}.unit"), value)
                });
                docx::Item::Paragraph { text: text.clone(), expect }
            })
            .collect()
    }

    fn save(&self, name: &str, bytes: &[u8]) {
        let path = self.dir.join(name);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("fixture folder");
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }

    fn manifest(&self, name: &str, files: &[&str], made_by: &str, forms: &[&str], values: Vec<Expectation>) {
        let manifest = Manifest {
            files: files.iter().map(|f| f.to_string()).collect(),
            made_by: made_by.to_string(),
            forms: forms.iter().map(|f| f.to_string()).collect(),
            values,
        };
        let json = serde_json::to_string_pretty(&manifest).expect("manifest json");
        self.save(&format!("{name}.expect.json"), json.as_bytes());
    }
}

fn sheet<'t>(name: &str, tables: &[&'t Table]) -> SheetPlan<'t> {
    SheetPlan { name: name.to_string(), tables: tables.to_vec() }
}

fn central_style() -> Style {
    Style {
        labels: vec![
            ("预算部门名称", "预算单位名称"),
            ("年度预算申请(万元)", "资金情况(万元)"),
            ("项目资金(万元)", "预算资金（万元）"),
            ("全年预算数", "调整后预算数"),
            ("全年执行数", "预算执行数"),
            ("分值", "权重"),
            ("执行率", "预算执行率(B/A)"),
            ("得分", "自评得分"),
            ("年度资金总额", "年度财政资金总额"),
            ("其中：当年财政拨款", "其中：本年财政拨款"),
            ("年度指标值", "年初目标值(A)"),
            ("实际完成值", "实际完成值(B)"),
            ("偏差原因分析及改进措施", "未完成原因和改进措施"),
            ("总分", "自评总分"),
            ("产出指标(30分)", "产出指标 (30 分)"),
            ("效益指标(30分)", "效益指标 (30 分)"),
            ("财政供养人员情况(人)", "财政供养人员情况(人"),
            ("2023年实际在职人数", "2023 年实际在职人数"),
            ("部门基本支出预算调整", "部门整体支出预算调整"),
            ("批复规模(m²)", "批复规模(㎡)"),
        ],
        fund_order: [0, 1, 2, 4, 3, 5],
        indicator_order: [0, 1, 4, 2, 3],
        breakdown_split: true,
        ..Style::seed()
    }
}

fn word_variant_style() -> Style {
    Style {
        labels: vec![
            ("预算部门名称", "部门(单位)名称"),
            ("项目支出名称", "项目名称"),
            ("年度预算申请(万元)", "预算执行情况(10分)"),
            ("全年预算数", "全年(调整)预算数"),
            ("全年执行数", "执行数(B)"),
            ("执行率", "执行率(%)"),
            ("得分", "自评分"),
            ("年度资金总额", "总额"),
            ("其他资金", "单位资金"),
            ("年度指标值", "指标值"),
            ("实际完成值", "全年实际值"),
            ("偏差原因分析及改进措施", "扣分原因和其他说明"),
            ("总分", "合计"),
        ],
        fund_order: [1, 0, 2, 5, 4, 3],
        indicator_order: [0, 1, 3, 2, 4],
        weight_own_cell: true,
        ..Style::seed()
    }
}

fn main() {
    // `zicha-fixtures synthetic N FILE`: one synthetic filing of N projects (the benchmarks' series).
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, projects, out] = args.as_slice()
        && mode == "synthetic"
    {
        let projects = projects.parse().expect("a project count");
        std::fs::write(out, zicha_fixtures::synthetic_workbook(projects)).expect("write the workbook");
        return;
    }
    // `zicha-fixtures real DIR`: renders every `DIR/<id>/filing.txt` into its office file (an xls is written as
    // `<name>.xlsx` for LibreOffice to rewrite).
    if let [mode, dir] = args.as_slice()
        && mode == "real"
    {
        render_real(Path::new(dir));
        return;
    }
    let dir = args.first().map_or_else(|| PathBuf::from("fixtures"), PathBuf::from);
    let text = std::fs::read_to_string(dir.join("seed/seed.txt")).expect("fixtures/seed/seed.txt");
    let seed = seed::parse(&text);
    let builder = Builder { prose: layout::prose(&seed), seed: &seed, dir: dir.clone() };
    let seed_order = [Form::Basic, Form::Department, Form::Project(0), Form::Project(1), Form::Project(2)];

    // 1. One form per sheet, text cells as in the Word original.
    let mut values = Vec::new();
    let tables = builder.tables(&seed_order, &Style::seed());
    let name = "seed-one-sheet-per-form.xlsx";
    let sheets: Vec<SheetPlan> =
        ["附件1", "附件2", "附件3-1", "附件3-2", "附件3-3"].iter().zip(&tables).map(|(n, t)| sheet(n, &[t])).collect();
    builder.save(name, &xlsx::write(name, &sheets, false, &mut values));
    builder.manifest("seed-one-sheet-per-form", &[name], "zicha-fixtures", &TABLE_FORMS, values);

    // 2. All forms on one sheet, in another order, numbers as number cells, rates as percent formats.
    let mut values = Vec::new();
    let order = [Form::Project(2), Form::Department, Form::Basic, Form::Project(0), Form::Project(1)];
    let tables = builder.tables(&order, &Style::seed());
    let name = "seed-all-forms-one-sheet.xlsx";
    let refs: Vec<&Table> = tables.iter().collect();
    builder.save(name, &xlsx::write(name, &[sheet("绩效自评", &refs)], true, &mut values));
    builder.manifest("seed-all-forms-one-sheet", &[name], "zicha-fixtures", &TABLE_FORMS, values);
    for ext in ["xls", "ods"] {
        let to = format!("seed-libreoffice.{ext}");
        rewrite_copy(&dir, "seed-all-forms-one-sheet", &format!("seed-libreoffice-{ext}"), name, &to);
    }

    // 3. Everything in one Word document, as the seed was published.
    let word_style = Style { total_after_label: true, ..Style::seed() };
    let tables = builder.tables(&seed_order, &word_style);
    let mut items = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let paragraphs = &builder.prose.before_tables[i];
        items.extend(paragraphs.iter().map(|p| docx::Item::Paragraph { text: p.clone(), expect: None }));
        items.push(docx::Item::Table(table));
        let after = &builder.prose.after_tables[i];
        items.extend(after.iter().map(|p| docx::Item::Paragraph { text: p.clone(), expect: None }));
    }
    let report_items = builder.report_items();
    let mut values = Vec::new();
    let name = "seed-word.docx";
    // Tables only carry their own title lines in the workbook writers; in Word the prose is the document.
    let items_all: Vec<docx::Item> = items.into_iter().chain(report_items).collect();
    builder.save(name, &docx::write(name, &items_all, &mut values));
    builder.manifest("seed-word", &[name], "zicha-fixtures", &ALL_FORMS, values);

    // 4. Tables in a workbook, reports in a Word document: one filing, two files.
    let mut values = Vec::new();
    let tables = builder.tables(&seed_order, &Style::seed());
    let (tables_name, reports_name) = ("seed-split-tables.xlsx", "seed-split-reports.docx");
    let sheets: Vec<SheetPlan> =
        ["基础数据", "部门自评", "项目1", "项目2", "项目3"].iter().zip(&tables).map(|(n, t)| sheet(n, &[t])).collect();
    builder.save(tables_name, &xlsx::write(tables_name, &sheets, true, &mut values));
    builder.save(reports_name, &docx::write(reports_name, &builder.report_items(), &mut values));
    builder.manifest("seed-split", &[tables_name, reports_name], "zicha-fixtures", &ALL_FORMS, values);

    // 5. Another template: central-style labels, other column orders, two forms per sheet.
    let mut values = Vec::new();
    let tables = builder.tables(&seed_order, &central_style());
    let name = "variant-central-labels.xlsx";
    let sheets = [sheet("部门", &[&tables[0], &tables[1]]), sheet("项目", &[&tables[2], &tables[3], &tables[4]])];
    builder.save(name, &xlsx::write(name, &sheets, true, &mut values));
    builder.manifest("variant-central-labels", &[name], "zicha-fixtures", &TABLE_FORMS, values);
    rewrite_copy(&dir, "variant-central-labels", "variant-central-labels-xlsm", name, "variant-central-labels.xlsm");

    // 6. A Word template with other labels, weights in their own cells, score before weight.
    let mut values = Vec::new();
    let tables = builder.tables(&seed_order, &word_variant_style());
    let mut items: Vec<docx::Item> = Vec::new();
    for table in &tables {
        items.extend(table.before.iter().map(|p| docx::Item::Paragraph { text: p.clone(), expect: None }));
        items.push(docx::Item::Table(table));
        items.extend(table.after.iter().map(|p| docx::Item::Paragraph { text: p.clone(), expect: None }));
    }
    let name = "variant-word-labels.docx";
    builder.save(name, &docx::write(name, &items, &mut values));
    builder.manifest("variant-word-labels", &[name], "zicha-fixtures", &TABLE_FORMS, values);

    // 7. The Word original once more, as LibreOffice Writer rewrites it.
    rewrite_copy(&dir, "seed-word", "seed-libreoffice-docx", "seed-word.docx", "seed-libreoffice.docx");
    println!("fixtures written to {}", dir.display());
}

/// Writes `to_manifest` as `from_manifest` with every address moved from file `from` to file `to`.
fn rewrite_copy(dir: &Path, from_manifest: &str, to_manifest: &str, from: &str, to: &str) {
    let source = std::fs::read_to_string(dir.join(format!("{from_manifest}.expect.json"))).expect("source manifest");
    let mut json: serde_json::Value = serde_json::from_str(&source).expect("manifest json");
    json["files"] = serde_json::json!([to]);
    json["made_by"] = serde_json::json!(format!("LibreOffice, from {from}"));
    for value in json["values"].as_array_mut().expect("values") {
        let at = value["at"].as_str().unwrap_or_default().replacen(&format!("[{from}]"), &format!("[{to}]"), 1);
        value["at"] = serde_json::json!(at);
    }
    let text = serde_json::to_string_pretty(&json).expect("json");
    std::fs::write(dir.join(format!("{to_manifest}.expect.json")), text).expect("write manifest");
}

/// Writes each case's office file into its folder and prints `folder<TAB>file`. A case kept as .xls is written as
/// an xlsx outside the corpus (`target/real-xls/`), for LibreOffice to rewrite into the folder.
fn render_real(dir: &Path) {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("filing.txt").is_file())
        .collect();
    cases.sort();
    for case in &cases {
        let text = std::fs::read_to_string(case.join("filing.txt")).expect("filing.txt");
        let transcription = real::parse(&text).unwrap_or_else(|e| panic!("{}/filing.txt: {e}", case.display()));
        let (bytes, path) = match transcription.format.as_str() {
            "docx" => (real::write_docx(&transcription), case.join(&transcription.file)),
            "xls" => {
                let stem = transcription.file.trim_end_matches(".xls");
                let out = Path::new("target/real-xls").join(case.file_name().expect("a case folder"));
                std::fs::create_dir_all(&out).expect("target/real-xls");
                (real::write_xlsx(&transcription), out.join(format!("{stem}.xlsx")))
            }
            _ => (real::write_xlsx(&transcription), case.join(&transcription.file)),
        };
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        println!("{}\t{}", case.display(), path.display());
    }
}
