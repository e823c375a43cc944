//! The check worker for xlsx, xlsm, ods and docx (no xls reader: see `crates/zicha-xls-worker`).

fn main() {
    zicha_web::worker_entry::run();
}
