//! The review copy of the seed reads back: zicha itself recognises the filing's forms in it, and its 问题清单
//! holds every finding.

use zicha_core::InputFile;
use zicha_core::profile::Profile;

#[test]
fn the_review_copy_reads_back() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures/seed-word.docx");
    let seed = InputFile::new("seed-word.docx", std::fs::read(path).unwrap());
    let checked = zicha_core::run(&[seed], &Profile::hunan()).unwrap();
    let bytes = zicha_export::review_copy(&(&checked).into()).unwrap();
    let copy = zicha_core::read::read(&[InputFile::new("审阅副本.xlsx", bytes.clone())]).unwrap();
    let list = &copy.grids[0];
    assert!(list.cell(0, 0).unwrap().text.contains("审阅副本"));
    let rows = list.rows.iter().skip(5).filter(|r| r.iter().any(|c| !c.is_blank())).count();
    assert_eq!(rows, checked.report.findings.len());
    // The tables are there again, values and merges, and recognisable.
    let filing = zicha_core::inspect(&[InputFile::new("审阅副本.xlsx", bytes)]).unwrap();
    assert!(filing.department.is_some() && filing.basic_data.is_some());
    assert_eq!(filing.projects.len(), 3);
    assert_eq!(filing.department.unwrap().total.unwrap().score.unwrap().value.value.unwrap().to_string(), "98");
}
