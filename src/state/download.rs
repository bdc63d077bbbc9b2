//! Saving a file to the user's computer (staff exports): Blob + object URL + a temporary link.

use wasm_bindgen::JsCast;

/// Offer `content` as a download named `file_name`.
pub fn download(file_name: &str, mime: &str, content: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(content));
    offer(
        file_name,
        web_sys::Blob::new_with_str_sequence_and_options(&parts, &blob_type(mime)),
    )
}

/// Offer `bytes` (a workbook) as a download named `file_name`.
pub fn download_bytes(file_name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    offer(
        file_name,
        web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &blob_type(mime)),
    )
}

fn blob_type(mime: &str) -> web_sys::BlobPropertyBag {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    options
}

/// Offer `blob` through a temporary link.
fn offer(
    file_name: &str,
    blob: Result<web_sys::Blob, wasm_bindgen::JsValue>,
) -> Result<(), String> {
    let blob = blob.map_err(|_| "ファイルを作れませんでした".to_string())?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| "ファイルを作れませんでした".to_string())?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("document がありません")?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "リンクを作れませんでした")?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.set_hidden(true);
    let body = document.body().ok_or("body がありません")?;
    let _ = body.append_child(&a);
    a.click();
    let _ = body.remove_child(&a);
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Today as YYYYMMDD in the user's local time (for file names).
pub fn today_yyyymmdd() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}{:02}{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}
