//! The readers against mature peers on the test files others wrote (`fixtures/peers/`): every cell as calamine
//! reads it, every Word table and paragraph as python-docx does (its reading saved beside each file), and no
//! difference outside the accepted classes.

mod differential;

use std::path::Path;

#[test]
fn the_peers_test_files_read_as_the_peers_read_them() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/peers");
    let mut files = Vec::new();
    differential::collect(&dir, &mut files);
    files.sort();
    assert!(files.len() >= 30, "{} files", files.len());
    let saved = |path: &Path| {
        let json = std::fs::read(format!("{}.python-docx.json", path.display())).ok()?;
        serde_json::from_slice(&json).ok()
    };
    let report = differential::compare(&files, 5, &saved);
    let unaccepted = report.unaccepted();
    assert!(unaccepted.is_empty(), "{}", report.markdown());
    let identical: usize = report.by_format.values().map(|t| t.identical).sum();
    assert!(identical * 10 >= files.len() * 7, "{}", report.markdown());
}
