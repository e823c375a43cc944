//! A target for profilers: checks one filing `R` times (default 5), without benchmark machinery around it, so a
//! callgrind profile shows only the pipeline. The filing is a file (`profile FILE R`) or a synthetic workbook
//! of `N` project tables (`profile N R`, default 100). `profile FILE R floor` runs the floor instead (unzip and
//! tokenise only), for instruction counts to compare; `profile FILE R read` only reads; `profile FILE R rules` times
//! each rule.
//!
//! `cargo build --release --example profile -p zicha-core`, then
//! `valgrind --tool=callgrind target/release/examples/profile 100 5`.

#![allow(clippy::print_stdout, clippy::print_stderr)] // a profiling program prints what it measured

#[path = "../benches/floor.rs"]
mod floor;

/// The command line's allocator, so that the times here are the command line's (see its main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use zicha_core::InputFile;
use zicha_core::profile::Profile;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let what = args.first().map_or("100", String::as_str);
    let rounds = args.get(1).map_or(5, |r| r.parse().expect("a number of rounds"));
    let (name, bytes) = match what.parse::<usize>() {
        Ok(projects) => (format!("synthetic-{projects}.xlsx"), zicha_fixtures::synthetic_workbook(projects)),
        Err(_) => (what.to_string(), std::fs::read(what).expect("a readable file")),
    };
    if args.get(2).is_some_and(|mode| mode == "floor") {
        let events: usize = (0..rounds).map(|_| floor::floor(&bytes)).sum();
        println!("{what}, {rounds} rounds of the floor, {events} XML events");
        return;
    }
    let profile = Profile::hunan();
    match args.get(2).map(String::as_str) {
        Some("phases") => return phases(&name, &bytes, &profile, rounds),
        Some("ratio") => return ratio(&name, &bytes, &profile, rounds),
        Some("rules") => return rule_times(&name, &bytes, &profile, rounds),
        Some("read") => {
            for _ in 0..rounds {
                std::hint::black_box(
                    zicha_core::read::read(&[InputFile::new(name.as_str(), bytes.clone())]).expect("read"),
                );
            }
            return println!("{what}, {rounds} rounds of reading only");
        }
        _ => {}
    }
    let mut findings = 0;
    for _ in 0..rounds {
        let input = [InputFile::new(name.clone(), bytes.clone())];
        findings += zicha_core::check(&input, &profile).expect("checked").findings.len();
    }
    println!("{what}, {rounds} rounds, {findings} findings");
}

/// Wall time of each phase, summed over the rounds, and as a multiple of the floor timed in turns with them:
/// where a check's time goes, as a clock sees it (callgrind counts instructions, which do not show what
/// allocation and cache misses cost).
fn phases(name: &str, bytes: &[u8], profile: &Profile, rounds: usize) {
    use std::time::{Duration, Instant};
    let mut spent = [Duration::ZERO; 6];
    let mut lap = |phase: usize, since: &mut Instant| {
        let now = Instant::now();
        spent[phase] += now - *since;
        *since = now;
    };
    for _ in 0..rounds {
        let input = [InputFile::new(name, bytes.to_vec())];
        let mut at = Instant::now();
        let document = zicha_core::read::read(&input).expect("read");
        lap(0, &mut at);
        let filing = zicha_core::recognise(&document);
        lap(1, &mut at);
        let report = zicha_core::check_filing(&filing, profile);
        lap(2, &mut at);
        drop(report);
        drop(filing);
        lap(3, &mut at);
        drop(document);
        lap(4, &mut at);
        std::hint::black_box(floor::floor(std::hint::black_box(bytes)));
        lap(5, &mut at);
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / rounds as f64;
    let floor = per(spent[5]);
    let names = ["read", "recognise", "check+score", "drop report+model", "drop grid"];
    for (name, d) in names.iter().zip(spent) {
        println!("{name:>18}: {:6.2} ms {:5.2}× the floor", per(d), per(d) / floor);
    }
    let total = per(spent[..5].iter().sum());
    println!("{:>18}: {total:6.2} ms {:5.2}× the floor ({floor:.2} ms)", "total", total / floor);
}

/// Wall time of each rule over `rounds` runs of it on the filing, the costliest first: which rules a filing's
/// check spends its rules' time in (the core has no clock; the timing is here).
fn rule_times(name: &str, bytes: &[u8], profile: &Profile, rounds: usize) {
    use std::time::{Duration, Instant};
    let document = zicha_core::read::read(&[InputFile::new(name, bytes.to_vec())]).expect("read");
    let filing = zicha_core::recognise(&document);
    let derived = zicha_core::check::Derived::of(&filing, profile);
    let context = zicha_core::check::Context::new(&filing, profile, &derived);
    let mut spent: Vec<(Duration, &str)> = zicha_core::check::rules::ALL
        .iter()
        .map(|rule| {
            let at = Instant::now();
            for _ in 0..rounds {
                std::hint::black_box(zicha_core::check::run_rule(&context, rule));
            }
            (at.elapsed() / rounds as u32, rule.code)
        })
        .collect();
    spent.sort_by(|a, b| b.cmp(a));
    let total: Duration = spent.iter().map(|(d, _)| *d).sum();
    println!("{name}: the rules take {:.1} µs per check ({rounds} runs of each)", total.as_secs_f64() * 1e6);
    for (d, code) in spent.iter().take(12) {
        println!("{code:>6}: {:7.1} µs {:4.1}%", d.as_secs_f64() * 1e6, 100.0 * d.as_secs_f64() / total.as_secs_f64());
    }
}

/// A check and the floor in turns, `rounds` times each, and the ratio of their medians: on a machine whose speed
/// drifts from minute to minute, the two are timed in the same minutes, so the ratio holds when the times do not.
fn ratio(name: &str, bytes: &[u8], profile: &Profile, rounds: usize) {
    use std::time::Instant;
    let mut check = Vec::with_capacity(rounds);
    let mut floor = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let at = Instant::now();
        let report = zicha_core::check(&[InputFile::new(name, bytes.to_vec())], profile).expect("checked");
        drop(std::hint::black_box(report));
        check.push(at.elapsed().as_secs_f64() * 1000.0);
        let at = Instant::now();
        std::hint::black_box(floor::floor(std::hint::black_box(bytes)));
        floor.push(at.elapsed().as_secs_f64() * 1000.0);
    }
    let median = |times: &mut Vec<f64>| {
        times.sort_by(f64::total_cmp);
        times[times.len() / 2]
    };
    let (check, floor) = (median(&mut check), median(&mut floor));
    println!(
        "{name}: check {check:.3} ms, floor {floor:.3} ms, ratio {:.2} (medians of {rounds}, in turns)",
        check / floor
    );
}
