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

/// Messages as JSON text, posted as a string (the staff app parses plans and drafts with
/// serde_json already; a workbook's bytes travel as a list of numbers).
#[derive(Debug)]
pub struct Json;

impl Codec for Json {
    fn encode<I: Serialize>(input: I) -> JsValue {
        JsValue::from_str(&serde_json::to_string(&input).expect("a worker message is plain data"))
    }

    fn decode<O: for<'de> Deserialize<'de>>(input: JsValue) -> O {
        let text = input.as_string().expect("a worker message is text");
        serde_json::from_str(&text).expect("a worker message is what was sent")
    }
}
