//! The worker's entry point (see lib.rs).

use gloo_worker::Registrable;
use sheets_worker::{Json, SheetsWorker};

fn main() {
    console_error_panic_hook::set_once();
    SheetsWorker::registrar().encoding::<Json>().register();
}
