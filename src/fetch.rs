//! Fetching the plan files that are deployed beside the app.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// GET a text file by a path relative to the page (so the app works from any sub-path).
/// The error is a Japanese sentence for the user.
pub async fn fetch_text(path: &str) -> Result<String, String> {
    if let Some(text) = take_early(path).await {
        return Ok(text);
    }
    let window = web_sys::window().ok_or("window がありません")?;
    let response = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| {
            format!(
                "{path} を読み込めませんでした（ネットワークに接続されているか確認してください）"
            )
        })?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| format!("{path} の応答が不正です"))?;
    if !response.ok() {
        return Err(format!(
            "{path} を読み込めませんでした（HTTP {}）",
            response.status()
        ));
    }
    let text = response
        .text()
        .map_err(|_| format!("{path} の本文を読めません"))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|_| format!("{path} の本文を読めません"))?;
    text.as_string()
        .ok_or_else(|| format!("{path} の本文が文字列ではありません"))
}

/// The response the page's start-up script already asked for (`kpiDashboardEarly`,
/// assets/early-fetch.js), taken once. If that request failed, `None`: the caller asks again and so
/// reports the failure in its own words.
async fn take_early(path: &str) -> Option<String> {
    let window = web_sys::window()?;
    let early = js_sys::Reflect::get(&window, &"kpiDashboardEarly".into()).ok()?;
    let early: js_sys::Object = early.dyn_into().ok()?;
    let key = wasm_bindgen::JsValue::from_str(path);
    let promise: js_sys::Promise = js_sys::Reflect::get(&early, &key).ok()?.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(&early, &key);
    JsFuture::from(promise).await.ok()?.as_string()
}
