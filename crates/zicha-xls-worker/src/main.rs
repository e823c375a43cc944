//! The check worker with the xls reader: the page starts it instead of the plain one only when a filing holds
//! an xls (or other compound) file, so calamine and encoding_rs's code page tables stay out of the first load.

fn main() {
    zicha_web::worker_entry::run();
}
