//! What the page's start-up script (`assets/early-fetch.js`, inlined by Trunk) has already
//! done when the app starts: it downloads the plan index and the plan of the link while the
//! app downloads, and on a plain overview or home link shows the page pre-rendered at build
//! time (prerender/). It publishes both on `window.kpiDashboardEarly`:
//! - `[path]`: a promise of the text of a file it fetched (taken once, by [`take`]);
//! - `prerendered`: a promise of whether it showed a pre-rendered page, in `#prerendered`
//!   (which the app then takes the place of: `crate::start`).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

fn early() -> Option<js_sys::Object> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &"kpiDashboardEarly".into())
        .ok()?
        .dyn_into()
        .ok()
}

/// The text of `path` as the start-up script fetched it, taken once. `None` if it did not
/// fetch it, or its request failed: the caller then asks again, and says why in its words.
pub async fn take(path: &str) -> Option<String> {
    let early = early()?;
    let key = JsValue::from_str(path);
    let promise: js_sys::Promise = js_sys::Reflect::get(&early, &key).ok()?.dyn_into().ok()?;
    let _ = js_sys::Reflect::delete_property(&early, &key);
    JsFuture::from(promise).await.ok()?.as_string()
}

/// The pre-rendered page the start-up script showed, once it has decided (it gives up after
/// a moment if the files are slow, and then never shows it).
pub async fn prerendered_root() -> Option<web_sys::HtmlElement> {
    let early = early()?;
    let decided: js_sys::Promise = js_sys::Reflect::get(&early, &"prerendered".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let shown = JsFuture::from(decided).await.ok()?.as_bool()?;
    if !shown {
        return None;
    }
    web_sys::window()?
        .document()?
        .get_element_by_id("prerendered")?
        .dyn_into()
        .ok()
}
