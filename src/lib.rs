//! The zicha web app (Leptos, client-side rendered) and its check worker.
//!
//! The page (`app`) renders; the worker (`worker`, run by `src/bin/worker.rs`) reads and checks the files with
//! the shared core, so a slow or crashing reader never freezes the page. They talk through `protocol` messages
//! carrying the `display` model. `state` holds the page's logic as plain functions, tested natively.

pub mod app;
pub mod batch;
pub mod batch_link;
pub mod bridge;
pub mod config;
pub mod display;
pub mod export;
pub mod i18n;
pub mod pool;
pub mod protocol;
pub mod state;
pub mod ui;
pub mod worker;
pub mod worker_entry;

pub use app::App;
