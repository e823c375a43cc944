//! The page's components, one module per view (the rest still in `app.rs`, moving here view by view).

pub mod batch;
