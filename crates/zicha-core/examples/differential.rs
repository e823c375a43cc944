//! The readers against mature peers, cell by cell, over any folders of files (`tests/differential/mod.rs`):
//!
//! ```text
//! pip install python-docx      # the Word peer
//! cargo run --release -p zicha-core --example differential -- DIR... [--examples N]
//! ```
//!
//! Prints the summary as Markdown (the one in `docs/readers.md`); where LibreOffice is installed, also every
//! sheet's displayed text against LibreOffice's.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a comparison program prints what it found

#[path = "../tests/differential/mod.rs"]
mod differential;

fn main() {
    let mut dirs = Vec::new();
    let mut examples = 3;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--examples" => examples = args.next().and_then(|n| n.parse().ok()).unwrap_or(3),
            _ => dirs.push(std::path::PathBuf::from(arg)),
        }
    }
    let mut files = Vec::new();
    for dir in &dirs {
        differential::collect(dir, &mut files);
    }
    files.sort();
    print!("{}", differential::compare(&files, examples, &differential::python_docx).markdown());
    // Displayed text against LibreOffice's, where it is installed.
    if let Some(shown) = differential::libreoffice_shown(&files) {
        println!("\n### Displayed text against LibreOffice (`soffice --convert-to csv`, as shown)\n");
        print!("{}", differential::compare_shown(&shown, examples).markdown());
    }
}
