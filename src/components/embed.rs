//! "埋め込みコード": the `<iframe>` snippet that puts the current page in a city's own page.
//! (The embedded page itself, `&embed=1`, is the app shell's: `crate::app`.)

use crate::state::route::use_route;
use leptos::prelude::*;
use plan_core::route::Route;

/// The absolute URL of a public link, with or without `embed=1`: always the citizens' app,
/// even when the staff app made it.
pub fn public_url(route: &Route, embed: bool) -> String {
    let query = route.clone().with_embed(embed).to_query();
    // Rendered outside a browser (the tests), the link alone.
    if is_server() {
        return query;
    }
    let location = window().location();
    let origin = location.origin().unwrap_or_default();
    let path = location.pathname().unwrap_or_default();
    let path = path.strip_suffix("staff.html").unwrap_or(&path);
    format!("{origin}{path}{query}")
}

/// `text` escaped for HTML text or a double-quoted attribute value.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// The `<iframe>` snippet for the page at `url`, titled `title` (for screen readers).
pub fn iframe_snippet(url: &str, title: &str) -> String {
    format!(
        r#"<iframe src="{}" title="{}" style="width:100%;border:0" height="480" loading="lazy" data-kpi-dashboard></iframe>"#,
        escape_html(url),
        escape_html(title)
    )
}

/// Shows the snippet for this page, to copy. In the staff app, a link to this page in the
/// citizens' app instead: staff see their draft here, while an embedded page shows the
/// published figures, so the snippet is made where those are shown.
#[component]
pub fn EmbedCode(#[prop(into)] title: String) -> impl IntoView {
    let route = use_route();
    if crate::STAFF {
        return view! {
            <a
                class="button"
                href=move || public_url(&route.get(), false)
                target="_blank"
                rel="noopener"
                data-testid="embed-public-link"
            >
                "埋め込みコード（公開ページで）"
            </a>
        }
        .into_any();
    }
    let title = StoredValue::new(title);
    let snippet = move || iframe_snippet(&public_url(&route.get(), true), &title.read_value());
    let code = NodeRef::<leptos::html::Textarea>::new();
    let status = RwSignal::new("");
    let copy = move |_| {
        // Selected too: where the clipboard cannot be written, the reader copies it.
        if let Some(code) = code.get() {
            code.select();
        }
        let navigator = window().navigator();
        // `navigator.clipboard` is there on https pages (and localhost) only.
        if !js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false) {
            status.set("選択された枠内をコピーしてください");
            return;
        }
        let written = navigator.clipboard().write_text(&snippet());
        leptos::task::spawn_local(async move {
            let copied = wasm_bindgen_futures::JsFuture::from(written).await.is_ok();
            status.set(if copied {
                "コピーしました"
            } else {
                "コピーできませんでした。選択された枠内をコピーしてください"
            });
        });
    };
    // A native disclosure (no state of our own): keyboard and screen readers know it.
    view! {
        <details class="embed-details">
            <summary class="button" data-testid="embed-button">"埋め込みコード"</summary>
            <div class="embed-code">
                <label>
                    "このページをほかのサイトに埋め込むには、次のコードを貼り付けます。"
                    <textarea readonly rows="3" data-testid="embed-code" node_ref=code prop:value=snippet></textarea>
                </label>
                <button type="button" on:click=copy>"コピー"</button>
                <span role="status">{status}</span>
            </div>
        </details>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_escapes_its_url_and_title() {
        let snippet = iframe_snippet(
            "https://example.lg.jp/kpi/?plan=yuzawa&kpi=k07&embed=1",
            "\"延べ床面積\" <b>",
        );
        assert_eq!(
            snippet,
            r#"<iframe src="https://example.lg.jp/kpi/?plan=yuzawa&amp;kpi=k07&amp;embed=1" title="&quot;延べ床面積&quot; &lt;b&gt;" style="width:100%;border:0" height="480" loading="lazy" data-kpi-dashboard></iframe>"#
        );
    }
}
