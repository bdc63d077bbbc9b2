//! Import of a plan JSON file (file picker or drag-and-drop). A file of the open plan shows
//! its differences and applies them as edits on confirmation; a plan with a new id is kept
//! in this browser and added to the plan list; anything invalid changes nothing and says
//! what is wrong and where.

use crate::dom::{el, elc, Dom};
use crate::edit::Notice;
use crate::nav::navigate;
use crate::pages::plan_scope::use_plan;
use crate::state::use_app;
use leptos::prelude::*;
use plan_core::edits::{changes as list_changes, Cell, Draft};
use plan_core::io::{read_import, ImportPlan, MAX_IMPORT_BYTES};
use plan_core::plan::Figure;
use plan_core::route::Route;
use plan_core::validate::Problem;
use wasm_bindgen_futures::JsFuture;

/// A pending update waiting for the user's confirmation.
#[derive(Clone)]
struct Pending {
    file: String,
    changes: Vec<(Cell, Option<Figure>)>,
    lines: Vec<String>,
    other_differences: usize,
}

#[component]
pub fn ImportControl() -> impl IntoView {
    let ctx = use_plan();
    let state = ctx.state;
    let app = use_app();
    let problems = RwSignal::new(None::<(String, Vec<Problem>)>);
    let pending = RwSignal::new(None::<Pending>);
    let dragging = RwSignal::new(false);

    let handle_file = move |file: web_sys::File| {
        problems.set(None);
        pending.set(None);
        let name = file.name();
        if file.size() > MAX_IMPORT_BYTES as f64 {
            problems.set(Some((
                name,
                vec![Problem {
                    path: "$".into(),
                    message: format!(
                        "ファイルが大きすぎます（{:.1} MB、上限 {} MB）",
                        file.size() / 1048576.0,
                        MAX_IMPORT_BYTES / 1048576
                    ),
                }],
            )));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = match JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string())
            {
                Some(t) => t,
                None => {
                    problems.set(Some((
                        name,
                        vec![Problem {
                            path: "$".into(),
                            message:
                                "ファイルを文字として読めません（UTF-8 の JSON を選んでください）"
                                    .into(),
                        }],
                    )));
                    return;
                }
            };
            let current = state.plan.get_untracked();
            // Published plans, and plans imported earlier: a file of one of them is imported
            // on that plan's page (as an update), never over it from here.
            let mut known_ids: Vec<String> = app
                .index_loaded()
                .map(|i| i.plans.iter().map(|e| e.id.clone()).collect())
                .unwrap_or_default();
            known_ids.extend(
                app.local
                    .with_untracked(|l| l.iter().map(|e| e.id.clone()).collect::<Vec<_>>()),
            );
            let result = read_import(&text, |id| (id == current.id).then(|| (*current.0).clone()));
            match result {
                Err(list) => problems.set(Some((name, list))),
                Ok(ImportPlan::New(plan)) if known_ids.contains(&plan.id) => problems.set(Some((
                    name,
                    vec![Problem {
                        path: "$.id".into(),
                        message: format!(
                            "このファイルは別の計画「{}」（id: {}）です。その計画のページで取り込んでください。",
                            plan.title, plan.id
                        ),
                    }],
                ))),
                Ok(ImportPlan::New(plan)) => match app.add_local_plan(&plan) {
                    Ok(()) => {
                        // Said on the page of the new plan (this page's state is left behind).
                        app.carry_notice(Notice {
                            text: format!("計画「{}」をこの端末に取り込み、一覧に加えました。", plan.title),
                            serious: false,
                        });
                        navigate(Route::plan(&plan.id));
                    }
                    Err(e) => problems.set(Some((name, vec![Problem { path: "$".into(), message: e }]))),
                },
                Ok(ImportPlan::Update { changes, other_differences, .. }) => {
                    // Every imported cell, even one going back to its published value.
                    let mut preview = Draft::new(&state.base.get_value());
                    preview.changes.extend(changes.iter().cloned());
                    // Describe against the plan as it is now (draft included).
                    let lines = list_changes(&current, &preview)
                        .into_iter()
                        .map(|c| c.describe())
                        .collect();
                    pending.set(Some(Pending { file: name, changes, lines, other_differences }));
                }
            }
        });
    };

    let on_pick = move |ev: web_sys::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            handle_file(file);
        }
        input.set_value("");
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        dragging.set(false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            handle_file(file);
        }
    };
    let confirm = move |_| {
        if let Some(p) = pending.get_untracked() {
            let mut draft = state.draft.get_untracked();
            draft.put_all(&state.base.get_value(), p.changes.iter().cloned());
            state.replace_draft(draft);
            state.save_now();
            state.notice.set(Some(Notice {
                text: format!(
                    "「{}」の {} 件の変更を取り込みました。",
                    p.file,
                    p.changes.len()
                ),
                serious: false,
            }));
        }
        pending.set(None);
    };

    view! {
        <div
            class="import"
            class:dragging=move || dragging.get()
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); dragging.set(true); }
            on:dragleave=move |_| dragging.set(false)
            on:drop=on_drop
        >
            <label class="button">
                "JSONを取り込む（ここにドロップも可）"
                <input type="file" accept=".json,application/json" data-testid="import-file" class="visually-hidden" on:change=on_pick/>
            </label>
        </div>
        {move || problems.get().map(|(file, list)| view! {
            <div class="import-problems" role="alert" data-testid="import-error">
                {[
                    Dom::from(el("p").text(format!("「{file}」は取り込めませんでした。計画は変更していません。"))),
                    el("ul")
                        .children(list.into_iter().map(|p| {
                            el("li").child(el("code").text(p.path)).text(format!(" {}", p.message)).into()
                        }))
                        .into(),
                ]}
                <button type="button" on:click=move |_| problems.set(None)>"閉じる"</button>
            </div>
        })}
        {move || pending.get().map(|p| view! {
            <div class="import-confirm" role="dialog" aria-label="取り込みの確認" data-testid="import-confirm">
                {[
                    Some(Dom::from(el("p").text(format!("「{}」を取り込むと、次の {} 件が変わります。", p.file, p.changes.len())))),
                    Some(el("ul").children(p.lines.iter().map(|l| el("li").text(l.clone()).into())).into()),
                    (p.other_differences > 0).then(|| {
                        elc("p", "muted").text("実績値・取組内容・進捗状況以外の違い（題名や目標など）は取り込みません。").into()
                    }),
                ]}
                <button type="button" data-testid="import-apply" disabled=p.changes.is_empty() on:click=confirm>"取り込む"</button>
                " "
                <button type="button" on:click=move |_| pending.set(None)>"やめる"</button>
            </div>
        })}
    }
}
