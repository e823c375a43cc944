//! `cargo bench -p zicha-core --bench pipeline`: the whole pipeline (read, recognise, check, score) on the seed in
//! every format and on synthetic filings of 1 to 1000 projects, each beside its floor: the same bytes only
//! unzipped and XML-tokenised, the cost no checker can avoid. Results go into BENCHMARKS.md.

use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use zicha_core::InputFile;

mod floor;
use floor::floor;
use zicha_core::profile::Profile;

/// The command line's allocator, so that the times here are the command line's (see its main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)).unwrap()
}

fn check(name: &str, bytes: &[u8], profile: &Profile) -> usize {
    let report = zicha_core::check(&[InputFile::new(name, bytes.to_vec())], profile).unwrap();
    report.findings.len()
}

fn seed(c: &mut Criterion) {
    let profile = Profile::hunan();
    let mut group = c.benchmark_group("seed");
    group.sample_size(30);
    for name in ["seed-all-forms-one-sheet.xlsx", "seed-libreoffice.xls", "seed-libreoffice.ods", "seed-word.docx"] {
        let bytes = fixture(name);
        let format = name.rsplit('.').next().unwrap();
        group
            .bench_function(BenchmarkId::new("check", format), |b| b.iter(|| check(name, black_box(&bytes), &profile)));
        if format != "xls" {
            group.bench_function(BenchmarkId::new("floor", format), |b| b.iter(|| floor(black_box(&bytes))));
        }
    }
    group.finish();
}

fn synthetic(c: &mut Criterion) {
    let profile = Profile::hunan();
    let mut group = c.benchmark_group("synthetic");
    group.sample_size(10);
    for projects in [1usize, 10, 100, 1000] {
        let bytes = zicha_fixtures::synthetic_workbook(projects);
        group.throughput(Throughput::Elements(projects as u64));
        group.bench_function(BenchmarkId::new("check", projects), |b| {
            b.iter(|| check("s.xlsx", black_box(&bytes), &profile))
        });
        group.bench_function(BenchmarkId::new("floor", projects), |b| b.iter(|| floor(black_box(&bytes))));
    }
    group.finish();
}

criterion_group!(benches, seed, synthetic);
criterion_main!(benches);
