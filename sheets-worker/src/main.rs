//! The worker's entry point (see lib.rs).

use gloo_worker::Registrable;
use sheets_worker::{SheetsWorker, Structured};

fn main() {
    console_error_panic_hook::set_once();
    SheetsWorker::registrar()
        .encoding::<Structured>()
        .register();
}
