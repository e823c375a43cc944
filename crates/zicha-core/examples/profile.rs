//! A target for profilers: checks one synthetic filing of `N` project tables (default 100) `R` times (default 5),
//! without benchmark machinery around it, so a callgrind profile shows only the pipeline.
//!
//! `cargo build --release --example profile -p zicha-core`, then
//! `valgrind --tool=callgrind target/release/examples/profile 100 5`.

use zicha_core::InputFile;
use zicha_core::profile::Profile;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().expect("a number"));
    let projects = args.next().unwrap_or(100);
    let rounds = args.next().unwrap_or(5);
    let bytes = zicha_fixtures::synthetic_workbook(projects);
    let profile = Profile::hunan();
    let mut findings = 0;
    for _ in 0..rounds {
        let input = [InputFile::new("synthetic.xlsx", bytes.clone())];
        findings += zicha_core::check(&input, &profile).expect("checked").findings.len();
    }
    println!("{projects} projects, {rounds} rounds, {findings} findings");
}
