//! The spreadsheet work of the staff app, off the page's thread: each job is handed to the
//! spreadsheet worker (sheets-worker, a second wasm loaded only then), and returned files are
//! taken from the user's disk as the worker reads them (a CSV decoded by the browser's
//! TextDecoder: UTF-8, or Shift_JIS as Japanese Excel saves it).

use gloo_worker::Spawnable;
use sheets::jobs::{Content, Job, Outcome, Returned};
use sheets::returns::MAX_FILE_BYTES;
use sheets_worker::{SheetsWorker, Structured, LOADER};
use std::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen_futures::JsFuture;

/// The worker's scripts beside the page (Trunk names a worker's files after its binary).
const WORKER_SCRIPTS: [&str; 2] = [LOADER, "./sheets_worker.js"];

/// Whether this page has found the worker's scripts.
static SCRIPTS_FOUND: AtomicBool = AtomicBool::new(false);

/// Run `job` in a new worker (it closes when the job is done). A worker whose script cannot
/// load never answers, and gloo-worker reports no error: the scripts are fetched first (from
/// the service worker's copy once a staff page was open online), so that a page opened
/// offline for the first time, or a deployment without the worker's files, says so instead
/// of waiting for ever.
pub async fn run(job: Job) -> Outcome {
    // Once found, they stay for the page's life.
    if !SCRIPTS_FOUND.load(Ordering::Relaxed) {
        for script in WORKER_SCRIPTS {
            if let Err(why) = super::fetch::fetch_text(script).await {
                return Outcome::Failed(format!(
                    "表計算の処理を始められませんでした。{why}。一度ネットワークにつながった状態でこのページを開くと、その後はオフラインでも使えます。"
                ));
            }
        }
        SCRIPTS_FOUND.store(true, Ordering::Relaxed);
    }
    let mut bridge = SheetsWorker::spawner()
        .encoding::<Structured>()
        .with_loader(true)
        .as_module(false)
        .spawn(LOADER);
    bridge.run(job).await
}

/// A file's bytes, if it is not too large for a workbook. Refused: "<file>: <why>", as the
/// worker names a problem with a whole file.
pub async fn file_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let name = file.name();
    if file.size() > MAX_FILE_BYTES as f64 {
        return Err(format!(
            "{name}: ファイルが大きすぎます（{:.1} MB、上限 {} MB）。調査票・テンプレートのファイルか確かめてください。",
            file.size() / 1048576.0,
            MAX_FILE_BYTES / 1048576
        ));
    }
    let buffer = JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| format!("{name}: ファイルを読めませんでした。"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A dropped or picked file as a return: a CSV by its name, anything else as a workbook (the
/// worker says if it is not one).
pub async fn returned(file: web_sys::File) -> Result<Returned, String> {
    let name = file.name();
    let bytes = file_bytes(&file).await?;
    let csv = name
        .rsplit_once('.')
        .is_some_and(|(_, extension)| extension.eq_ignore_ascii_case("csv"));
    let content = if csv {
        let text = decode("utf-8", &bytes)
            .or_else(|| decode("shift_jis", &bytes))
            .ok_or_else(|| {
                format!("{name}: 文字コードを判別できません。UTF-8 か Shift_JIS の CSV で保存してください。")
            })?;
        Content::Csv(text)
    } else {
        Content::Xlsx(bytes)
    };
    Ok(Returned { name, content })
}

/// `bytes` as text in `encoding`, if every byte is valid in it.
fn decode(encoding: &str, bytes: &[u8]) -> Option<String> {
    let options = web_sys::TextDecoderOptions::new();
    options.set_fatal(true);
    web_sys::TextDecoder::new_with_label_and_options(encoding, &options)
        .ok()?
        .decode_with_u8_array(bytes)
        .ok()
}
