//! The app shell: header, the page for the current route, footer.
//! In embed mode (`&embed=1`) only the content is rendered.

use crate::components::embed::{public_url, report_height};
use crate::dom::{elc, link, Dom};
use crate::nav::provide_route;
use crate::offline::{register_service_worker, watch_for_updates, UpdateBanner};
use crate::pages::{home::HomePage, plan_scope::PlanScope};
use crate::state::AppState;
use leptos::prelude::*;
use plan_core::route::Route;

#[component]
pub fn App() -> impl IntoView {
    let route = provide_route();
    provide_context(AppState::new());
    let update = RwSignal::new(false);
    if route.with_untracked(|r| r.embed) {
        report_height();
    } else {
        watch_for_updates(update);
        // Registering installs the offline copy (a burst of downloads): after first render.
        set_timeout(
            register_service_worker,
            std::time::Duration::from_millis(1500),
        );
    }

    // Re-create the plan scope only when the plan changes, not on every link.
    let plan_id = Memo::new(move |_| route.with(|r| r.plan.clone()));
    let content = move || match plan_id.get() {
        None => view! { <HomePage/> }.into_any(),
        Some(plan) => view! { <PlanScope plan_id=plan/> }.into_any(),
    };

    // The other bundle, at the same public link: staff.html is the staff drafting app.
    let other_app = move || {
        let query = route.with(|r| r.to_query());
        if crate::STAFF {
            view! { <a href=format!("./{query}") data-testid="citizen-link">"市民向けの画面（公表値）へ"</a> }.into_any()
        } else {
            view! { <a href=format!("staff.html{query}") data-testid="staff-link">"職員の方へ: 実績の入力画面"</a> }.into_any()
        }
    };
    // Embedding is decided by the link the page was opened with (an embedded card's links
    // open the full view in a new tab), so the shell is chosen once.
    if route.with_untracked(|r| r.embed) {
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
    view! {
        {site_header()}
        <UpdateBanner found=update/>
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

/// The skip link and the header bar (also the pre-rendered overview's, `crate::prerender`).
pub fn site_header() -> [Dom; 2] {
    let brand = if crate::STAFF {
        "行政改革 進捗ダッシュボード（職員用入力）"
    } else {
        "行政改革 進捗ダッシュボード"
    };
    [
        elc("a", "skip-link")
            .attr("href", "#main")
            .text("本文へ移動")
            .into(),
        elc("header", "site-header")
            .child(link(&Route::home(), brand.into()).attr("class", "brand"))
            .into(),
    ]
}
