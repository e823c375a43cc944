//! The page's components, one module per view (the store they share, `Ui`, and the root component, `App`, are in `app.rs`).

pub mod batch;
pub mod dialog;
pub mod findings;
pub mod header;
pub mod picker;
pub mod scorecard;
pub mod viewer;
