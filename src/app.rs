//! The app shell: header, the page of the current link, footer. An embedded page
//! (`&embed=1`) is the content only, and reports its height to the page around it.

use crate::components::embed::public_url;
use crate::pages::{home::HomePage, plan_scope::PlanScope};
use crate::state::app::{AppState, Interactive};
use crate::state::route::{provide_router, use_route};
use crate::state::updates::{register_service_worker_later, use_new_version};
use leptos::prelude::*;
use plan_core::route::Route;

/// The app at `route`, with `state` (the files loaded before its first render). The same in
/// the browser and when pages are pre-rendered at build time (prerender/).
pub fn root(route: Route, state: AppState) -> impl IntoView {
    provide_app(route, state);
    view! { <App/> }
}

/// What every page of the app reads as context: the router, the loaded files, and whether
/// the page is interactive yet.
fn provide_app(route: Route, state: AppState) {
    provide_router(route);
    provide_context(state);
    // Effects run in the browser only, once the app has the page.
    let interactive = RwSignal::new(false);
    provide_context(Interactive(interactive));
    Effect::new(move |_| interactive.set(true));
}

/// The survey round's page (survey.html, staff): the plan and year of `route`.
#[cfg(feature = "staff")]
pub fn survey_root(route: Route, state: AppState) -> impl IntoView {
    use crate::pages::survey::SurveyPage;
    provide_app(route, state);
    Effect::new(|_| register_service_worker_later());
    view! {
        <a class="skip-link" href="#main">"本文へ移動"</a>
        <header class="site-header">
            <a class="brand" href="staff.html">"行政改革 進捗ダッシュボード（職員用: 進捗調査票）"</a>
        </header>
        <UpdateBanner/>
        <main id="main" tabindex="-1"><SurveyPage/></main>
    }
}

#[component]
pub fn App() -> impl IntoView {
    let route = use_route();
    // The plan's pages stay (with what the reader opened) while only the page changes.
    let plan_id = Memo::new(move |_| route.with(|r| r.plan.clone()));
    let content = move || match plan_id.get() {
        None => view! { <HomePage/> }.into_any(),
        Some(plan) => view! { <PlanScope plan_id=plan/> }.into_any(),
    };
    // Embedding is decided by the link the page was opened with (an embedded card's links
    // open the full view in a new tab).
    if route.with_untracked(|r| r.embed) {
        Effect::new(|_| embed_height::report());
        return view! {
            <main class="embed">
                {content}
                <p class="embed-more">
                    <a href=move || public_url(&route.get(), false) target="_blank" rel="noopener" data-testid="embed-more">
                        "詳しく見る"
                    </a>
                </p>
            </main>
        }
        .into_any();
    }
    Effect::new(|_| register_service_worker_later());
    let brand = if crate::STAFF {
        "行政改革 進捗ダッシュボード（職員用入力）"
    } else {
        "行政改革 進捗ダッシュボード"
    };
    // The other app, at the same public link: staff.html is the staff drafting app.
    let other_app = move || {
        let query = route.with(|r| r.to_query());
        if crate::STAFF {
            view! { <a href=format!("./{query}") data-testid="citizen-link">"市民向けの画面（公表値）へ"</a> }.into_any()
        } else {
            view! { <a href=format!("staff.html{query}") data-testid="staff-link">"職員の方へ: 実績の入力画面"</a> }.into_any()
        }
    };
    view! {
        <a class="skip-link" href="#main">"本文へ移動"</a>
        <header class="site-header">
            <a class="brand" href=Route::home().to_query()>{brand}</a>
        </header>
        <UpdateBanner/>
        <main id="main" tabindex="-1">{content}</main>
        <footer class="site-footer">
            <p>
                "各市の公表資料をもとに作成しています。達成率はこのアプリが計算した値で、市の公表値がある場合は併記しています。"
            </p>
            <p>{other_app}</p>
        </footer>
    }
    .into_any()
}

/// Offers the reload when a newer version of the app has been deployed.
#[component]
fn UpdateBanner() -> impl IntoView {
    let found = use_new_version();
    move || {
        found.get().then(|| {
            view! {
                <div class="notice" role="status" data-testid="update-banner">
                    <p>"新しい版が公開されています。再読み込みすると最新の内容になります（入力中の下書きは保存されています）。"</p>
                    <button type="button" on:click=|_| { let _ = window().location().reload(); }>"再読み込み"</button>
                </div>
            }
        })
        .into_any()
    }
}

mod embed_height {
    //! In an iframe, the host page is told the content's height now and whenever it changes,
    //! as `{ "type": "kpi-dashboard:height", "height": <CSS px>, "href": "<this page>" }`
    //! (README, "Embedding"), so it can size the frame.
    //!
    //! Posted once the app has drawn its page, then on every change two observers see, because
    //! each can miss one: a resize observer (any size change, fonts included) does not run
    //! while a cross-origin frame is out of view — the browser pauses its rendering — so a
    //! card below the fold would keep its first height until scrolled to; a mutation observer
    //! runs regardless, after every change the app makes. The same height is never posted
    //! twice.

    use leptos::prelude::*;
    use leptos_use_element::{use_mutation_observer_with_options, UseMutationObserverOptions};
    use leptos_use_resize_observer::use_resize_observer;
    use std::sync::atomic::{AtomicU32, Ordering};
    use std::sync::Arc;

    pub fn report() {
        let Ok(Some(host)) = window().parent() else {
            return;
        };
        if host == window() {
            return;
        }
        let Some(root) = document().document_element() else {
            return;
        };
        // The last height posted (f32 bits; none yet).
        let last = Arc::new(AtomicU32::new(f32::NAN.to_bits()));
        let post = move || {
            // The document's own height (scrollHeight would never drop below the frame's).
            let Some(root) = document().document_element() else {
                return;
            };
            let height = root.get_bounding_client_rect().height().ceil() as f32;
            if last.swap(height.to_bits(), Ordering::Relaxed) == height.to_bits() {
                return;
            }
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"kpi-dashboard:height".into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let href = window().location().href().unwrap_or_default();
            let _ = js_sys::Reflect::set(&message, &"href".into(), &href.into());
            if let Ok(Some(host)) = window().parent() {
                // The height is not a secret: any host page may read it.
                let _ = host.post_message(&message, "*");
            }
        };
        post();
        let on_mutation = post.clone();
        use_resize_observer(root.clone(), move |_, _| post());
        use_mutation_observer_with_options(
            root,
            move |_, _| on_mutation(),
            UseMutationObserverOptions::default()
                .child_list(true)
                .subtree(true)
                .character_data(true)
                .attributes(true),
        );
    }
}
