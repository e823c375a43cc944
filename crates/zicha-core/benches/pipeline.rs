//! `cargo bench -p zicha-core --bench pipeline`: the whole pipeline (read, recognise, check, score) on the seed in
//! every format and on synthetic filings of 1 to 1000 projects, each beside its floor: the same bytes only
//! unzipped and XML-tokenised, the cost no checker can avoid. Results go into BENCHMARKS.md.

use std::io::{Cursor, Read};
use std::path::Path;

use criterion::{BenchmarkId, Criterion, Throughput, black_box, criterion_group, criterion_main};
use quick_xml::Reader;
use quick_xml::events::Event;
use zicha_core::InputFile;
use zicha_core::profile::Profile;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(name)).unwrap()
}

/// Unzip every XML part and run a tokenizer over it: what any reader of these files must at least do.
fn floor(bytes: &[u8]) -> usize {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut events = 0;
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        if !entry.name().is_ok_and(|n| n.ends_with(".xml")) {
            continue;
        }
        let mut xml = Vec::with_capacity(entry.size() as usize);
        entry.read_to_end(&mut xml).unwrap();
        let mut reader = Reader::from_reader(&xml[..]);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Eof) | Err(_) => break,
                Ok(_) => events += 1,
            }
            buf.clear();
        }
    }
    events
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
