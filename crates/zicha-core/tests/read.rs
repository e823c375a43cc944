//! The readers on files made here, byte by byte: Word tables on a true grid, formulas without a cached
//! value, and files that are not filings at all.

#![allow(clippy::print_stdout, clippy::print_stderr)] // it reports what it measured (seen with --nocapture)

use std::io::Write;

use zicha_core::grid::{Block, CellRange, ReadNote};
use zicha_core::read::{InputFile, ReadErrorKind, read};

fn zip(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        writer.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006""#;

fn docx(body: &str) -> Vec<u8> {
    let document =
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}><w:body>{body}</w:body></w:document>"#);
    zip(&[("[Content_Types].xml", "<Types/>"), ("word/document.xml", &document)])
}

fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

fn tc(props: &str, content: &str) -> String {
    format!("<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>")
}

#[test]
fn word_tables_land_on_a_true_grid() {
    let table = [
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>",
        // Row 1: a label merged down two rows, a cell spanning two columns, one more.
        "<w:tr>",
        &tc(r#"<w:vMerge w:val="restart"/>"#, &p("绩效指标")),
        &tc(r#"<w:gridSpan w:val="2"/>"#, &(p("产出指标") + &p("(30分)"))),
        &tc("", &p("5")),
        "</w:tr>",
        // Row 2: the merge continues; a nested table inside a cell is flattened into its text.
        "<w:tr>",
        &tc("<w:vMerge/>", "<w:p/>"),
        &tc("", &format!("{}<w:tbl><w:tr>{}{}</w:tr></w:tbl>", p("外"), tc("", &p("内1")), tc("", &p("内2")))),
        &tc("", &p("x")),
        &tc("", &p("y")),
        "</w:tr>",
        // Row 3: starts one column in (gridBefore).
        r#"<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>"#,
        &tc(r#"<w:gridSpan w:val="3"/>"#, &p("总分")),
        "</w:tr></w:tbl>",
    ]
    .concat();
    let body = [
        p("附件2"),
        // Tab stops in paragraph properties are not text; a tab run is.
        r#"<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>甲</w:t></w:r><w:r><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>"#.to_string(),
        // A text box's fallback copy and deleted text are not the document's text.
        r#"<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:t>框</w:t></w:drawing></mc:Choice><mc:Fallback><w:pict><w:t>框</w:t></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>"#.to_string(),
        table,
        "<w:p/>".to_string(),
        p("填表人：张三 &amp; 李四"),
    ]
    .concat();
    let document = read(&[InputFile::new("t.docx", docx(&body))]).unwrap();
    let texts: Vec<&str> = document.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, ["附件2", "甲\t乙\n丙", "正文", "", "填表人：张三 & 李四"]);
    assert_eq!(document.paragraphs[4].at.to_string(), "[t.docx]段5");
    let grid = &document.grids[0];
    let text = |r, c| grid.cell(r, c).map_or("", |c| c.text.as_str());
    assert_eq!(text(0, 0), "绩效指标");
    assert_eq!(text(0, 1), "产出指标\n(30分)");
    assert_eq!(text(0, 3), "5");
    assert_eq!(text(1, 0), "");
    assert_eq!(text(1, 1), "外\n内1\t内2");
    assert_eq!(text(1, 3), "y");
    assert_eq!(text(2, 1), "总分");
    assert!(grid.merges.contains(&CellRange { first_row: 0, first_col: 0, last_row: 1, last_col: 0 }));
    assert!(grid.merges.contains(&CellRange { first_row: 0, first_col: 1, last_row: 0, last_col: 2 }));
    assert!(grid.merges.contains(&CellRange { first_row: 2, first_col: 1, last_row: 2, last_col: 3 }));
    assert_eq!(grid.address(2, 1).to_string(), "[t.docx]表1!B3");
    let body = &document.bodies[0].1;
    assert_eq!(body[3], Block::Table(0));
    assert_eq!(body.len(), 6);
}

/// A one-sheet workbook (sheet `附件2`) around a worksheet's XML.
fn xlsx(sheet: &str) -> Vec<u8> {
    zip(&[
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="附件2" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

#[test]
fn formulas_without_a_cached_value_are_reported() {
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1"><v>2</v></c><c r="B1"><f>A1*2</f><v>4</v></c><c r="C1"><f>A1+B1</f></c></row>
        </sheetData></worksheet>"#;
    let bytes = xlsx(sheet);
    let document = read(&[InputFile::new("f.xlsx", bytes)]).unwrap();
    let grid = &document.grids[0];
    assert_eq!(grid.cell(0, 1).unwrap().text, "4");
    assert_eq!(grid.formula(0, 1), Some("A1*2"));
    assert_eq!(document.notes.len(), 1, "{:?}", document.notes);
    let ReadNote::FormulaWithoutValue { at, formula } = &document.notes[0] else { panic!("{:?}", document.notes) };
    assert_eq!((at.to_string().as_str(), formula.as_str()), ("[f.xlsx]附件2!C1", "A1+B1"));
}

/// A shared formula's dependents, written either way, take the master's formula moved to their own place; the
/// one without a cached value is reported with its own references.
#[test]
fn shared_formulas_move_with_their_cells() {
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*$C$1+SUM(A$1:A1)</f><v>1</v></c></row>
        <row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/><v>4</v></c></row>
        <row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"></f></c></row>
        </sheetData></worksheet>"#;
    let document = read(&[InputFile::new("f.xlsx", xlsx(sheet))]).unwrap();
    let grid = &document.grids[0];
    assert_eq!(grid.formula(1, 1), Some("A2*$C$1+SUM(A$1:A2)"));
    assert_eq!(grid.formula(2, 1), Some("A3*$C$1+SUM(A$1:A3)"));
    let ReadNote::FormulaWithoutValue { at, formula } = &document.notes[0] else { panic!("{:?}", document.notes) };
    assert_eq!((at.to_string().as_str(), formula.as_str()), ("[f.xlsx]附件2!B3", "A3*$C$1+SUM(A$1:A3)"));
}

/// Inline strings in CDATA, and characters beyond the BMP escaped as surrogate pairs (`_xD801__xDC05_`).
#[test]
fn text_in_cdata_and_escaped_surrogates_is_kept() {
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[项目名称 & 金额]]></t></is></c>
        <c r="B1" t="inlineStr"><is><t>𠀀=_xD840__xDC00_</t></is></c></row>
        </sheetData></worksheet>"#;
    let document = read(&[InputFile::new("t.xlsx", xlsx(sheet))]).unwrap();
    let grid = &document.grids[0];
    assert_eq!(grid.cell(0, 0).unwrap().text, "项目名称 & 金额");
    assert_eq!(grid.cell(0, 1).unwrap().text, "𠀀=𠀀");
}

#[test]
fn empty_cells_hold_nothing_and_keep_their_place() {
    // Styled empty cells (most of a real sheet), an empty boolean, and cells without `r` after them.
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
        <row r="1"><c r="A1" s="3"/><c r="B1" t="b" s="1"/><c><v>7</v></c><c r="E1" s="2"/><c t="inlineStr"><is><t>末</t></is></c></row>
        <row><c s="3"/><c><v>8</v></c></row>
        </sheetData></worksheet>"#;
    let document = read(&[InputFile::new("f.xlsx", xlsx(sheet))]).unwrap();
    let grid = &document.grids[0];
    let text = |r, c| grid.cell(r, c).map_or("", |c| c.text.as_str());
    assert_eq!([text(0, 0), text(0, 1), text(0, 2), text(0, 4), text(0, 5)], ["", "", "7", "", "末"]);
    assert_eq!([text(1, 0), text(1, 1)], ["", "8"]);
    assert!(grid.cell(0, 1).is_none_or(|c| c.is_blank()), "an empty boolean cell is blank, not FALSE");
}

#[test]
fn what_is_not_a_filing_is_told_by_content() {
    let kind = |bytes: Vec<u8>| read(&[InputFile::new("x.xlsx", bytes)]).unwrap_err().kind;
    assert!(matches!(kind(b"%PDF-1.7 ...".to_vec()), ReadErrorKind::NotOffice(w) if w == "PDF"));
    assert!(matches!(kind(Vec::new()), ReadErrorKind::NotOffice(w) if w == "空文件"));
    assert!(matches!(kind("预算部门名称,某某局".as_bytes().to_vec()), ReadErrorKind::NotOffice(w) if w == "纯文本"));
    assert!(matches!(kind(vec![0x00, 0xFF, 0x13, 0x37]), ReadErrorKind::NotOffice(_)));
    assert!(matches!(kind(zip(&[("readme.txt", "hi")])), ReadErrorKind::UnsupportedOffice(_)));
    assert!(matches!(kind(b"PK\x03\x04 truncated".to_vec()), ReadErrorKind::Corrupt(_)));
    let message = read(&[InputFile::new("草稿.xlsx", b"%PDF".to_vec())]).unwrap_err().to_string();
    assert!(message.starts_with("草稿.xlsx: 不是表格或 Word 文件（PDF）"), "{message}");
}

#[test]
fn several_files_make_one_document_with_file_names_in_addresses() {
    let a = docx(&format!("{}<w:tbl><w:tr>{}</w:tr></w:tbl>", p("附件4"), tc("", &p("x"))));
    let b = docx(&p("附件5"));
    let document = read(&[InputFile::new("a.docx", a), InputFile::new("b.docx", b)]).unwrap();
    assert_eq!(document.files, ["a.docx", "b.docx"]);
    assert_eq!(document.paragraphs[1].at.to_string(), "[b.docx]段1");
    assert_eq!(document.grids[0].address(0, 0).to_string(), "[a.docx]表1!A1");
    assert_eq!(document.bodies.len(), 2);
}

fn fixture(name: &str) -> InputFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name);
    InputFile::new(name, std::fs::read(path).unwrap())
}

/// The same workbook as written by rust_xlsxwriter and rewritten by LibreOffice as xls and ods: each reader
/// (calamine's xlsx and xls merges, our own ODS pass) must find the same merged ranges and the same labels.
#[test]
fn merges_and_labels_agree_across_formats() {
    let read_one = |name: &str| read(&[fixture(name)]).unwrap().grids.remove(0);
    let xlsx = read_one("seed-all-forms-one-sheet.xlsx");
    let sorted = |mut merges: Vec<CellRange>| {
        merges.sort_by_key(|m| (m.first_row, m.first_col));
        merges
    };
    let expected = sorted(xlsx.merges.clone());
    assert!(expected.len() > 100, "the seed layout merges labels: {}", expected.len());
    for name in ["seed-libreoffice.xls", "seed-libreoffice.ods"] {
        let other = read_one(name);
        assert_eq!(sorted(other.merges.clone()), expected, "{name}");
        // Every cell as shown: labels, and numbers under their formats (`91.67%` in the xls too, where calamine
        // gives the bare 0.9167 and the format comes from our own walk over its records).
        for (r, row) in xlsx.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let theirs = other.cell(r as u32, c as u32).map_or("", |x| x.text.as_str());
                assert_eq!(theirs, cell.text, "{name} {}", other.address(r as u32, c as u32));
            }
        }
    }
}

/// The seed's parts rewritten into another zip: each entry renamed by `rename`, each part's text edited by
/// `edit` (which sees the new name).
fn repackaged(name: &str, rename: impl Fn(&str) -> String, edit: impl Fn(&str, String) -> String) -> Vec<u8> {
    use std::io::Read;
    let bytes = fixture(name).bytes;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&bytes[..])).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let new_name = rename(&entry.name().unwrap_or_default());
        let mut content = String::new();
        entry.read_to_string(&mut content).unwrap();
        writer.start_file(new_name.as_str(), zip::write::SimpleFileOptions::default()).unwrap();
        writer.write_all(edit(&new_name, content).as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn findings_of(name: &str, bytes: Vec<u8>) -> Vec<String> {
    let checked = zicha_core::run(&[InputFile::new(name, bytes)], &zicha_core::profile::Profile::hunan()).unwrap();
    let mut found: Vec<String> =
        checked.report.findings.iter().map(|f| format!("{} {}", f.code, f.message.zh)).collect();
    found.sort();
    found
}

/// Part names compare as the standard says (ASCII case-insensitive; some exporters write backslashes), and the
/// main part is the one `_rels/.rels` names: the seed packaged each of these ways gives the plain file's findings.
#[test]
fn packages_written_to_the_standard_other_ways_read_the_same() {
    for name in ["seed-all-forms-one-sheet.xlsx", "seed-word.docx"] {
        let plain = findings_of(name, fixture(name).bytes);
        assert!(plain.len() > 5, "{name}: {plain:?}");
        let upper = repackaged(name, |n| n.replace("sharedStrings", "SharedStrings").replace("xl/", "XL/"), |_, c| c);
        assert_eq!(findings_of(name, upper), plain, "{name}: names in another case");
        let backslashes = repackaged(name, |n| n.replace('/', "\\"), |_, c| c);
        assert_eq!(findings_of(name, backslashes), plain, "{name}: backslashes");
    }
    // The main part moved (`word/document2.xml`, `xl/book.xml`) and found through the package relationships.
    let moved = |name: &str, from: &'static str, to: &'static str| {
        let file = |s: &'static str| s.rsplit('/').next().unwrap();
        let (from_file, to_file) = (file(from), file(to));
        let (from_rels, to_rels) = (format!("_rels/{from_file}.rels"), format!("_rels/{to_file}.rels"));
        repackaged(
            name,
            |n| n.replace(from, to).replace(&from_rels, &to_rels),
            |n, c| {
                if n.ends_with(".rels") || n.ends_with("[Content_Types].xml") {
                    c.replace(from_file, to_file)
                } else {
                    c
                }
            },
        )
    };
    let docx = moved("seed-word.docx", "word/document.xml", "word/document2.xml");
    assert_eq!(findings_of("seed-word.docx", docx), findings_of("seed-word.docx", fixture("seed-word.docx").bytes));
    let xlsx = moved("seed-all-forms-one-sheet.xlsx", "xl/workbook.xml", "xl/book.xml");
    let name = "seed-all-forms-one-sheet.xlsx";
    assert_eq!(findings_of(name, xlsx), findings_of(name, fixture(name).bytes));
}

/// Strict Open XML (ISO/IEC 29500 strict, Excel's "Strict Open XML 电子表格"): the same parts under the
/// purl.oclc.org namespaces and relationship types read as the transitional ones do.
#[test]
fn strict_open_xml_reads_as_transitional() {
    let edited = std::cell::Cell::new(0);
    let strict = |_: &str, content: String| {
        let before = content.len();
        let content = content
            .replace(
                "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                "http://purl.oclc.org/ooxml/spreadsheetml/main",
            )
            .replace(
                "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                "http://purl.oclc.org/ooxml/wordprocessingml/main",
            )
            .replace(
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "http://purl.oclc.org/ooxml/officeDocument/relationships",
            );
        edited.set(edited.get() + usize::from(content.len() != before));
        content
    };
    for name in ["seed-all-forms-one-sheet.xlsx", "seed-word.docx"] {
        edited.set(0);
        let bytes = repackaged(name, |n| n.to_string(), strict);
        assert!(edited.get() >= 2, "{name}: only {} parts in strict namespaces", edited.get());
        assert_eq!(findings_of(name, bytes), findings_of(name, fixture(name).bytes), "{name}");
    }
}

/// An empty paragraph in a Word cell, written self-closing (`<w:p/>`), is a blank line as Word shows it.
#[test]
fn empty_paragraphs_in_word_cells_are_blank_lines() {
    let cell = tc("", &format!("{}<w:p/>{}", p("年初"), p("预算数")));
    let document = read(&[InputFile::new("c.docx", docx(&format!("<w:tbl><w:tr>{cell}</w:tr></w:tbl>")))]).unwrap();
    assert_eq!(document.grids[0].cell(0, 0).unwrap().text, "年初\n\n预算数");
}

/// Valid files once refused or misread (`fixtures/bad/`): an ODS without its `mimetype` reads as the seed's ODS
/// does; text deleted under change tracking is not content.
#[test]
fn valid_files_written_other_ways_read_as_they_are() {
    let bad = |name: &str| {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/bad").join(name);
        InputFile::new(name, std::fs::read(path).unwrap())
    };
    let without = read(&[bad("ods-without-mimetype.ods")]).unwrap();
    let with = read(&[fixture("seed-libreoffice.ods")]).unwrap();
    assert_eq!(without.grids.len(), with.grids.len());
    assert_eq!(without.grids[0].rows, with.grids[0].rows);
    let tracked = read(&[bad("tracked-deletion.docx")]).unwrap();
    let text: Vec<&str> = tracked.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(text, ["预算部门名称"]);
}

/// A Word document's model as text: each table's cells (row, column, text) and merged ranges, and the
/// paragraphs in body order.
fn word_model(name: &str) -> Vec<String> {
    model_of(read(&[fixture(name)]).unwrap())
}

fn model_of(document: zicha_core::grid::Document) -> Vec<String> {
    let mut lines = Vec::new();
    for block in &document.bodies[0].1 {
        match block {
            zicha_core::grid::Block::Paragraph(p) => lines.push(format!("¶ {}", document.paragraphs[*p].text)),
            zicha_core::grid::Block::Table(t) => {
                let grid = &document.grids[*t];
                // Columns as the cells' edges make them: a docx's grid may split a column no cell edge
                // splits (two grid columns under every cell), a .doc has only the cells' edges.
                let mut edges: Vec<u32> = grid.merges.iter().flat_map(|m| [m.first_col, m.last_col + 1]).collect();
                for row in &grid.rows {
                    edges.extend((0..row.len() as u32).filter(|&c| !row[c as usize].text.is_empty()));
                }
                edges.sort_unstable();
                edges.dedup();
                let column = |c: u32| edges.partition_point(|&e| e < c);
                for (r, row) in grid.rows.iter().enumerate() {
                    for (c, cell) in row.iter().enumerate().filter(|(_, cell)| !cell.text.is_empty()) {
                        lines.push(format!("{r},{} {}", column(c as u32), cell.text));
                    }
                }
                let mut merges: Vec<_> = grid
                    .merges
                    .iter()
                    .map(|m| (m.first_row, column(m.first_col), m.last_row, column(m.last_col + 1) - 1))
                    .collect();
                merges.sort();
                lines.push(format!("merges {merges:?}"));
            }
        }
    }
    lines
}

/// The seed as Word 97–2003 binary (LibreOffice's "MS Word 97" filter) reads into the model its docx twin
/// gives: the same paragraphs in order, the same cells on the same grid, the same merged ranges.
#[cfg(feature = "xls")]
#[test]
fn word_97_documents_read_as_their_docx_twins() {
    let (doc, docx) = (word_model("seed-libreoffice.doc"), word_model("seed-word.docx"));
    if let Ok(dir) = std::env::var("ZICHA_DUMP") {
        std::fs::write(format!("{dir}/doc.txt"), doc.join("\n")).unwrap();
        std::fs::write(format!("{dir}/docx.txt"), docx.join("\n")).unwrap();
    }
    assert!(docx.len() > 300, "{}", docx.len());
    let differ: Vec<String> = doc
        .iter()
        .zip(&docx)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .take(10)
        .map(|(i, (a, b))| format!("line {i}:\n  doc  {a}\n  docx {b}"))
        .collect();
    assert!(
        differ.is_empty() && doc.len() == docx.len(),
        "{} vs {} lines\n{}",
        doc.len(),
        docx.len(),
        differ.join("\n")
    );
}

/// The seed's workbook as Excel 2003 XML (LibreOffice's export filter, saved as .xls): every sheet with the same
/// name, the same merged ranges and the same text in every cell as the xlsx it was written from.
#[cfg(feature = "xls")]
#[test]
fn excel_2003_xml_workbooks_read_as_their_xlsx_twins() {
    let (xml, xlsx) = (
        read(&[fixture("seed-libreoffice-2003xml.xls")]).unwrap(),
        read(&[fixture("seed-one-sheet-per-form.xlsx")]).unwrap(),
    );
    assert_eq!(xml.grids.len(), xlsx.grids.len());
    for (theirs, ours) in xml.grids.iter().zip(&xlsx.grids) {
        assert_eq!(theirs.source.kind(), ours.source.kind());
        let sorted = |grid: &zicha_core::grid::Grid| {
            let mut merges: Vec<_> =
                grid.merges.iter().map(|m| (m.first_row, m.first_col, m.last_row, m.last_col)).collect();
            merges.sort();
            merges
        };
        assert_eq!(sorted(theirs), sorted(ours), "{:?}", ours.source.kind());
        let rows = ours.rows.len().max(theirs.rows.len());
        for r in 0..rows as u32 {
            for c in 0..64 {
                // Runs of spaces as one: LibreOffice's export stylesheet writes `<text:s text:c="5"/>` (five
                // spaces) as six, and the file holds six.
                let text = |g: &zicha_core::grid::Grid| {
                    g.cell(r, c).map_or(String::new(), |x| x.text.split_whitespace().collect::<Vec<_>>().join(" "))
                };
                assert_eq!(text(theirs), text(ours), "{}", ours.address(r, c));
            }
        }
    }
}

/// Word 97–2003 documents against LibreOffice's reading of them: for each `X.doc` in `$ZICHA_DOC_DIR` with an
/// `X.html` beside it (`soffice --convert-to "html:HTML (StarWriter)"`), the model lines that differ.
/// `ZICHA_DOC_DIR=… cargo test -p zicha-core --test read -- --ignored --nocapture`
#[cfg(feature = "xls")]
#[test]
#[ignore]
fn word_97_documents_against_libreoffice() {
    let Ok(dir) = std::env::var("ZICHA_DOC_DIR") else { return };
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().flatten().map(|e| e.path()).collect();
    names.sort();
    for doc in names.iter().filter(|p| p.extension().is_some_and(|e| e == "doc")) {
        let html = doc.with_extension("html");
        let Ok(page) = std::fs::read(&html) else { continue };
        let ours = model_of(read(&[InputFile::new("x", std::fs::read(doc).unwrap())]).unwrap());
        let theirs = model_of(read(&[InputFile::new("x", page)]).unwrap());
        let squash = |lines: &[String]| -> Vec<String> {
            lines.iter().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| l != "¶").collect()
        };
        let (ours, theirs) = (squash(&ours), squash(&theirs));
        let differ = ours.iter().filter(|l| !theirs.contains(l)).count();
        let missing = theirs.iter().filter(|l| !ours.contains(l)).count();
        println!(
            "{}: {} lines, {differ} not in LibreOffice's, {missing} of LibreOffice's {} missing",
            doc.display(),
            ours.len(),
            theirs.len()
        );
        for line in ours.iter().filter(|l| !theirs.contains(l)).take(3) {
            println!("   ours   {line}");
        }
        for line in theirs.iter().filter(|l| !ours.contains(l)).take(3) {
            println!("   theirs {line}");
        }
    }
}

/// A real .doc written by WPS Office (`fixtures/wps/`): WPS marks every save as a fast save, and the piece table
/// still puts its text in order; it is found as the project self-evaluation report outline it is.
#[cfg(feature = "xls")]
#[test]
fn a_real_wps_document_reads() {
    let file = fixture("wps/shenzhen-weilai-chanye-tigang.doc");
    let document = read(std::slice::from_ref(&file)).unwrap();
    let texts: Vec<&str> = document.paragraphs.iter().map(|p| p.text.trim()).filter(|t| !t.is_empty()).collect();
    assert!(texts.contains(&"深圳市未来产业资金“XXX”项目绩效自评报告提纲"), "{texts:?}");
    assert!(texts.contains(&"六、项目绩效目标达成情况"), "{texts:?}");
    let checked = zicha_core::run(&[file], &zicha_core::profile::Profile::hunan()).unwrap();
    assert_eq!(checked.filing.project_reports.len(), 1);
}
