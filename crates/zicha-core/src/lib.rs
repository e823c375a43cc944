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

pub mod grid;
pub mod model;
pub mod read;
pub mod recognise;
pub mod text;

#[cfg(test)]
mod testing;

pub use read::{InputFile, ReadError};

/// Reads and recognises the files of one filing.
pub fn inspect(files: &[InputFile]) -> Result<model::Filing, ReadError> {
    let document = read::read(files)?;
    Ok(recognise::recognise(&document))
}
