//! The spreadsheet worker of the staff app: `sheets::jobs::run` in a web worker, so the
//! spreadsheet code never weighs on the app's start and a large workbook never freezes the
//! page. The app spawns `SheetsWorker` from `LOADER` (Trunk's loader shim) when a staff member
//! asks for a survey or drops returns.

use gloo_worker::oneshot::oneshot;
use gloo_worker::Codec;
use serde::{Deserialize, Serialize};
use sheets::jobs::{run, Job, Outcome};
use wasm_bindgen::JsValue;

/// The worker's script, relative to the page (Trunk names a worker's files after its binary,
/// without a content hash).
pub const LOADER: &str = "./sheets_worker_loader.js";

/// One job in, its outcome out.
#[oneshot]
pub async fn SheetsWorker(job: Job) -> Outcome {
    run(job)
}

/// Messages as structured JS values (serde-wasm-bindgen), posted as they are: a workbook's
/// bytes travel as a Uint8Array (as JSON, a list of numbers, encoding 2 MB took the page's
/// thread 0.45 s).
#[derive(Debug)]
pub struct Structured;

impl Codec for Structured {
    fn encode<I: Serialize>(input: I) -> JsValue {
        input
            .serialize(&serde_wasm_bindgen::Serializer::new())
            .expect("a worker message is plain data")
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        serde_wasm_bindgen::from_value(input).expect("a worker message is what was sent")
    }
}
