//! Embedding in a city's existing pages: `&embed=1` renders the content only (no header,
//! navigation, footer or toolbars), reports its height to the host page, and every card
//! offers its `<iframe>` snippet.
//!
//! The message posted to the host page (documented in README.md):
//! `{ "type": "kpi-dashboard:height", "height": <CSS px>, "href": "<this page's URL>" }`.

use crate::components::titled;
use crate::dom::{el, elc, link, Dom};
use crate::nav::use_route;
use leptos::prelude::*;
use plan_core::plan::Plan;
use plan_core::route::Route;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Is the current page embedded (`&embed=1`)?
pub fn embedded() -> bool {
    use_route().with_untracked(|r| r.embed)
}

/// The breadcrumb trail down to node `node_id`: the plan, then every level above the node,
/// then the node itself when `with_node` (a KPI's page links back to the node holding it).
pub fn trail(plan: &Plan, node_id: &str, with_node: bool) -> Vec<(Route, String)> {
    let mut nodes = plan.ancestors(node_id);
    if with_node {
        nodes.extend(plan.find_node(node_id));
    }
    std::iter::once((Route::plan(&plan.id), plan.title.clone()))
        .chain(
            nodes
                .into_iter()
                .map(|n| (Route::node(&plan.id, &n.id), titled(&n.number, &n.title))),
        )
        .collect()
}

/// Breadcrumbs; none when embedded (a card has no site around it).
#[component]
pub fn Crumbs(items: Vec<(Route, String)>) -> impl IntoView {
    (!embedded()).then(|| {
        Dom::from(
            elc("nav", "crumbs").attr("aria-label", "パンくず").child(
                el("ol").children(
                    items
                        .into_iter()
                        .map(|(route, label)| el("li").child(link(&route, label)).into()),
                ),
            ),
        )
    })
}

/// A page's controls; none when embedded.
#[component]
pub fn Toolbar(children: Children) -> impl IntoView {
    (!embedded()).then(|| view! { <div class="toolbar no-print">{children()}</div> })
}

/// The absolute URL of the current public link, with or without `embed=1`.
pub fn public_url(route: &Route, embed: bool) -> String {
    let location = web_sys::window().map(|w| w.location());
    let origin = location
        .as_ref()
        .and_then(|l| l.origin().ok())
        .unwrap_or_default();
    let path = location
        .as_ref()
        .and_then(|l| l.pathname().ok())
        .unwrap_or_default();
    // The citizens' app is what a host page embeds, even when the staff app made the snippet.
    let path = path.strip_suffix("staff.html").unwrap_or(&path).to_string();
    format!(
        "{origin}{path}{}",
        route.clone().with_embed(embed).to_query()
    )
}

/// The `<iframe>` snippet for a route.
pub fn iframe_snippet(route: &Route, title: &str) -> String {
    let (mut src, mut escaped_title) = (String::new(), String::new());
    crate::dom::escape_html(&public_url(route, true), &mut src);
    crate::dom::escape_html(title, &mut escaped_title);
    format!(
        r#"<iframe src="{src}" title="{escaped_title}" style="width:100%;border:0" height="480" loading="lazy" data-kpi-dashboard></iframe>"#
    )
}

/// "埋め込みコード": shows the snippet for this page and copies it.
///
/// In the staff app, a link to this page in the citizens' app instead: staff see their draft
/// here, while an embedded page shows the published figures, so the snippet is made where
/// those are shown. (This also leaves the snippet's code out of the staff app, which is at its
/// size ceiling.)
#[component]
pub fn EmbedCode(#[prop(into)] title: String) -> impl IntoView {
    let route = use_route();
    if crate::STAFF {
        // Follows the route (a new year changes the link; `Dom` patches the attribute).
        let public_link = move || {
            Dom::from(
                elc("a", "button")
                    .attr("href", public_url(&route.get(), false))
                    .attr("target", "_blank")
                    .attr("rel", "noopener")
                    .attr("data-testid", "embed-public-link")
                    .text("埋め込みコード（公開ページで）"),
            )
        };
        return public_link.into_any();
    }
    let copied = RwSignal::new(None::<&'static str>);
    let title = StoredValue::new(title);
    let snippet = move || iframe_snippet(&route.get(), &title.get_value());
    let copy = move |_| {
        let text = snippet();
        let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
        match clipboard {
            Some(c) => {
                let promise = c.write_text(&text);
                leptos::task::spawn_local(async move {
                    let ok = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    copied.set(Some(if ok {
                        "コピーしました"
                    } else {
                        "コピーできませんでした。枠内を選択してコピーしてください"
                    }));
                });
            }
            None => copied.set(Some("枠内を選択してコピーしてください")),
        }
    };
    // A native disclosure (no state of our own): keyboard and screen readers know it.
    view! {
        <details class="embed-details">
            <summary class="button" data-testid="embed-button">"埋め込みコード"</summary>
            <div class="embed-code">
                <label>
                    "このページをほかのサイトに埋め込むには、次のコードを貼り付けます。"
                    <textarea readonly rows="3" data-testid="embed-code" prop:value=snippet></textarea>
                </label>
                <button type="button" on:click=copy>"コピー"</button>
                <span role="status">{move || copied.get()}</span>
            </div>
        </details>
    }
    .into_any()
}

/// In an iframe: tell the host page the content height now and whenever it changes.
///
/// Three triggers, because each can miss: a ResizeObserver (any size change, fonts included)
/// does not run while a cross-origin frame is out of view — Chrome pauses its rendering — so a
/// card placed below the fold would keep its loading height until scrolled to; a
/// MutationObserver runs regardless, after every change the app makes to the page; and the
/// load event. The same height is never posted twice.
pub fn report_height() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(Some(parent)) = window.parent() else {
        return;
    };
    if parent == window {
        return;
    }
    let last = std::cell::Cell::new(f64::NAN);
    let post = Closure::<dyn Fn()>::new(move || {
        let Some(w) = web_sys::window() else { return };
        let Some(doc) = w.document().and_then(|d| d.document_element()) else {
            return;
        };
        // The document's own height (scrollHeight would never drop below the frame's height).
        let height = doc.get_bounding_client_rect().height().ceil();
        if height == last.get() {
            return;
        }
        last.set(height);
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &"type".into(), &"kpi-dashboard:height".into());
        let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
        let href = w.location().href().unwrap_or_default();
        let _ = js_sys::Reflect::set(&message, &"href".into(), &href.into());
        if let Ok(Some(p)) = w.parent() {
            // The height is not a secret: any host page may read it.
            let _ = p.post_message(&message, "*");
        }
    });
    let callback = post.as_ref().unchecked_ref();
    if let (Ok(observer), Some(root)) = (
        web_sys::ResizeObserver::new(callback),
        window.document().and_then(|d| d.document_element()),
    ) {
        observer.observe(&root);
        std::mem::forget(observer);
    }
    if let (Ok(observer), Some(root)) = (
        web_sys::MutationObserver::new(callback),
        window.document().and_then(|d| d.document_element()),
    ) {
        let options = web_sys::MutationObserverInit::new();
        options.set_child_list(true);
        options.set_subtree(true);
        options.set_character_data(true);
        options.set_attributes(true);
        let _ = observer.observe_with_options(&root, &options);
        std::mem::forget(observer);
    }
    let _ = window.add_event_listener_with_callback("load", callback);
    post.forget();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A KPI's page leads back through every level above it, not only to its own node.
    #[test]
    fn trail_names_every_level_down_to_the_node() {
        let plan = crate::test_seeds::annaka();
        let (node, _) = plan
            .kpis()
            .find(|(n, _)| !plan.ancestors(&n.id).is_empty())
            .expect("Annaka has KPIs below the top level");
        let above = plan.ancestors(&node.id);
        let labels = |t: Vec<(Route, String)>| t.into_iter().map(|(_, l)| l).collect::<Vec<_>>();

        let mut expected = vec![plan.title.clone()];
        expected.extend(above.iter().map(|n| titled(&n.number, &n.title)));
        assert_eq!(labels(trail(&plan, &node.id, false)), expected);

        expected.push(titled(&node.number, &node.title));
        let with_node = trail(&plan, &node.id, true);
        assert_eq!(with_node.len(), above.len() + 2);
        assert_eq!(with_node[1].0, Route::node(&plan.id, &above[0].id));
        assert_eq!(labels(with_node), expected);
    }
}
