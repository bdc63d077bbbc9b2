//! Fetching the plan files deployed beside the app.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// GET a text file by a path relative to the page (so the app works from any sub-path),
/// taking the page's start-up script's early download of it if there is one. The error is a
/// Japanese sentence for the user.
pub async fn fetch_text(path: &str) -> Result<String, String> {
    if let Some(text) = super::early::take(path).await {
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
