//! A target for profilers: checks one filing `R` times (default 5), without benchmark machinery around it, so a
//! callgrind profile shows only the pipeline. The filing is a file (`profile FILE R`) or a synthetic workbook
//! of `N` project tables (`profile N R`, default 100). `profile FILE R floor` runs the floor instead (unzip and
//! tokenise only), for instruction counts to compare.
//!
//! `cargo build --release --example profile -p zicha-core`, then
//! `valgrind --tool=callgrind target/release/examples/profile 100 5`.

#[path = "../benches/floor.rs"]
mod floor;

use zicha_core::InputFile;
use zicha_core::profile::Profile;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("100", String::as_str);
    let rounds = args.get(1).map_or(5, |r| r.parse().expect("a number of rounds"));
    let (name, bytes) = match what.parse::<usize>() {
        Ok(projects) => ("synthetic.xlsx".to_string(), zicha_fixtures::synthetic_workbook(projects)),
        Err(_) => (what.to_string(), std::fs::read(what).expect("a readable file")),
    };
    if args.get(2).is_some_and(|mode| mode == "floor") {
        let events: usize = (0..rounds).map(|_| floor::floor(&bytes)).sum();
        println!("{what}, {rounds} rounds of the floor, {events} XML events");
        return;
    }
    let profile = Profile::hunan();
    let mut findings = 0;
    for _ in 0..rounds {
        let input = [InputFile::new(name.clone(), bytes.clone())];
        findings += zicha_core::check(&input, &profile).expect("checked").findings.len();
    }
    println!("{what}, {rounds} rounds, {findings} findings");
}
