//! zicha-core: the pure core of zicha, the checker for 绩效自评 filings.
//!
//! The pipeline, one module per phase:
//!
//! 1. [`read`]: bytes of one or several files → a [`grid::Document`] (grids of cells with addresses, merged
//!    ranges, and Word paragraphs in order);
//! 2. [`recognise`]: document → the typed [`model::Filing`], every value with its source address;
//! 3. check, score and report (to come).
//!
//! The core does no I/O and reads no clock or randomness: the same bytes give the same result natively and in
//! WebAssembly. Only "these bytes are not a file we can read" is an error; everything else is a finding.

pub mod check;
pub mod grid;
pub mod measure;
pub mod model;
pub mod narrative;
pub mod profile;
pub mod read;
pub mod recognise;
pub mod report;
pub mod score;
pub mod template;
pub mod text;

#[cfg(test)]
mod testing;

pub use read::{InputFile, ReadError};

/// Reads and recognises the files of one filing.
pub fn inspect(files: &[InputFile]) -> Result<model::Filing, ReadError> {
    let document = read::read(files)?;
    Ok(recognise::recognise(&document))
}

/// Reads, recognises, checks and scores one filing under a profile.
pub fn check(files: &[InputFile], profile: &profile::Profile) -> Result<report::CheckReport, ReadError> {
    let filing = inspect(files)?;
    Ok(check_filing(&filing, profile))
}

/// Checks and scores a recognised filing.
pub fn check_filing(filing: &model::Filing, profile: &profile::Profile) -> report::CheckReport {
    let scores = score::score(filing, profile);
    let facts = narrative::facts(filing);
    let project_matches = filing.project_matches();
    let context = check::Context::new(filing, profile, &scores, &facts, &project_matches);
    let findings = check::run(&context);
    let unit = filing
        .department
        .as_ref()
        .and_then(|d| d.name.as_ref())
        .or_else(|| filing.projects.iter().find_map(|p| p.supervisor.as_ref()))
        .map(|n| n.value.trim().to_string())
        .filter(|n| !n.is_empty());
    report::CheckReport {
        files: filing.files.clone(),
        profile: profile.into(),
        unit,
        counts: report::Counts::of(&findings),
        scores,
        findings,
    }
}

/// Everything one check produces: the document read, the model recognised, and the report.
pub struct Checked {
    pub document: grid::Document,
    pub filing: model::Filing,
    pub report: report::CheckReport,
}

/// Reads, recognises, checks and scores one filing, keeping every phase's result (the web app shows the grids).
pub fn run(files: &[InputFile], profile: &profile::Profile) -> Result<Checked, ReadError> {
    let document = read::read(files)?;
    let filing = recognise::recognise(&document);
    let report = check_filing(&filing, profile);
    Ok(Checked { document, filing, report })
}
