//! zicha-core: the pure core of zicha, the checker for 绩效自评 filings.
//!
//! The pipeline, one module per phase:
//!
//! 1. [`read`]: bytes of one or several files → a [`grid::Document`] (grids of cells with addresses, merged
//!    ranges, and Word paragraphs in order);
//! 2. recognise ([`recognise`]): document → the typed [`model::Filing`], every value with its source address;
//! 3. [`score`]: every score recomputed beside the declared one, under a [`profile::Profile`];
//! 4. [`check`](mod@check): the rules, each a file of `check/rules/`, read the model and the scores and give findings;
//! 5. [`report`]: findings and score card as one [`report::CheckReport`], and its text and CSV renderings.
//!
//! [`check()`](fn@check) runs them all: `&[InputFile]` in, `CheckReport` out. [`run_with`] keeps every
//! phase's result for the web app, which shows the grids; [`batch`] groups a folder's files into filings and
//! writes the batch summary, for the command line and the browser alike.
//!
//! The core does no I/O and reads no clock or randomness: the same bytes give the same result natively and in
//! WebAssembly. Only "these bytes are not a file we can read" is an error; everything else is a finding.

#![warn(missing_docs)]

pub mod batch;
pub mod check;
pub mod grid;
pub mod model;
pub mod profile;
pub mod read;
pub mod report;
pub mod score;
pub mod template;

mod measure;
mod narrative;
mod prose;
mod recognise;
mod text;

#[cfg(test)]
mod testing;

pub use read::{InputFile, ReadError};
pub use recognise::recognise;
/// How a spreadsheet cell's `f64` becomes a decimal: for the readers' differential tests, not an API.
#[doc(hidden)]
pub use text::decimal_from_f64;

/// Reads and recognises the files of one filing.
pub fn inspect(files: &[InputFile]) -> Result<model::Filing, ReadError> {
    let document = read::read(files)?;
    Ok(recognise(&document))
}

/// Reads, recognises, checks and scores one filing under a profile.
pub fn check(files: &[InputFile], profile: &profile::Profile) -> Result<report::CheckReport, ReadError> {
    let filing = inspect(files)?;
    Ok(check_filing(&filing, profile))
}

/// Checks and scores a recognised filing.
pub fn check_filing(filing: &model::Filing, profile: &profile::Profile) -> report::CheckReport {
    let derived = check::Derived::of(filing, profile);
    let findings = check::run(&check::Context::new(filing, profile, &derived));
    report::CheckReport {
        files: filing.files.clone(),
        profile: profile.into(),
        template: filing.template.clone(),
        unit: filing.unit(),
        counts: report::Counts::of(&findings),
        scores: derived.scores,
        findings,
    }
}

/// Reads, recognises, checks and scores one filing under the profile detected from it ([`profile::detect`]).
pub fn check_detected(files: &[InputFile]) -> Result<report::CheckReport, ReadError> {
    Ok(run_detected(files)?.report)
}

/// Everything one check produces: the document read, the model recognised, and the report.
pub struct Checked {
    /// The grids and paragraphs read.
    pub document: grid::Document,
    /// The forms and reports recognised in them.
    pub filing: model::Filing,
    /// The findings and the score card.
    pub report: report::CheckReport,
}

/// Reads, recognises, checks and scores one filing, keeping every phase's result (the web app shows the grids).
pub fn run(files: &[InputFile], profile: &profile::Profile) -> Result<Checked, ReadError> {
    let document = read::read(files)?;
    let filing = recognise(&document);
    let report = check_filing(&filing, profile);
    Ok(Checked { document, filing, report })
}

/// [`run`] under the profile detected from the filing; the report says which and why.
pub fn run_detected(files: &[InputFile]) -> Result<Checked, ReadError> {
    run_with(files, &Options::default())
}

/// How to check a filing beyond the defaults: a bureau's own template families, and a profile chosen by the
/// user rather than detected from the filing.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Families added to the built-in ones (a bureau's `template.json`).
    pub templates: Vec<template::Template>,
    /// `None`: detected from the filing ([`profile::detect`]).
    pub profile: Option<profile::Profile>,
}

/// Reads, recognises, checks and scores one filing as the options say.
pub fn run_with(files: &[InputFile], options: &Options) -> Result<Checked, ReadError> {
    let document = read::read(files)?;
    let filing = if options.templates.is_empty() {
        recognise(&document)
    } else {
        let templates: Vec<template::Template> =
            template::Template::builtin().iter().chain(&options.templates).cloned().collect();
        let labels = recognise::Labels::new(&template::Vocabulary::new(&templates));
        recognise::recognise_with(&document, &templates, &labels)
    };
    let report = match &options.profile {
        Some(profile) => check_filing(&filing, profile),
        None => {
            let detection = profile::detect(&filing);
            let mut report = check_filing(&filing, &detection.profile);
            report.profile.reason = Some(detection.reason);
            report
        }
    };
    Ok(Checked { document, filing, report })
}
