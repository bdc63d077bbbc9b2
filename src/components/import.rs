//! Import of a plan JSON file (file picker or drag-and-drop). A file of the open plan shows
//! its differences and applies them as edits on confirmation; a plan with a new id is kept
//! in this browser and added to the plan list; anything invalid changes nothing and says
//! what is wrong and where.

use crate::dom::{action_button, control, el, elc, Dom};
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
use wasm_bindgen::JsCast;
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
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .filter(|i| i.type_() == "file")
        else {
            return;
        };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            handle_file(file);
        }
        input.set_value("");
    };
    // The drop zone's outline while a file is dragged over it (a class set directly: a
    // reactive class per drag event is more code for the same effect).
    let mark_dragging = |ev: &web_sys::DragEvent, on: bool| {
        if let Some(area) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = area.set_attribute(
                "class",
                if on {
                    "import-area dragging"
                } else {
                    "import-area"
                },
            );
        }
    };
    let on_drop = move |ev: web_sys::DragEvent| {
        ev.prevent_default();
        mark_dragging(&ev, false);
        if let Some(file) = ev
            .data_transfer()
            .and_then(|d| d.files())
            .and_then(|f| f.get(0))
        {
            handle_file(file);
        }
    };
    let confirm = move || {
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
    // One click listener for the panels' buttons, which name their action (as in the edit bar).
    let on_click = move |ev: web_sys::MouseEvent| {
        let action = crate::dom::action_of(&ev);
        match action.as_deref() {
            Some("import-close") => problems.set(None),
            Some("import-apply") => confirm(),
            Some("import-cancel") => pending.set(None),
            _ => {}
        }
    };
    let panels = move || {
        let problems = problems.get().map(|(file, list)| problems_dom(&file, list));
        let pending = pending.with(|p| p.as_ref().map(pending_dom));
        Dom::from(el("div").opt(problems).opt(pending))
    };

    view! {
        <div
            class="import-area"
            on:click=on_click
            on:change=on_pick
            on:dragover=move |ev: web_sys::DragEvent| { ev.prevent_default(); mark_dragging(&ev, true); }
            on:dragleave=move |ev: web_sys::DragEvent| mark_dragging(&ev, false)
            on:drop=on_drop
        >
            {drop_zone_dom()}
            {panels}
        </div>
    }
}

/// The file picker, which is also where a file can be dropped.
fn drop_zone_dom() -> Dom {
    elc("div", "import")
        .child(
            elc("label", "button")
                .text("JSONを取り込む（ここにドロップも可）")
                .child(
                    control("input")
                        .attr("class", "visually-hidden")
                        .attr("type", "file")
                        .attr("accept", ".json,application/json")
                        .attr("data-testid", "import-file"),
                ),
        )
        .into()
}

/// Why a file could not be imported, where in it, and that nothing changed.
fn problems_dom(file: &str, list: Vec<Problem>) -> Dom {
    elc("div", "import-problems")
        .attr("role", "alert")
        .attr("data-testid", "import-error")
        .child(el("p").text(format!(
            "「{file}」は取り込めませんでした。計画は変更していません。"
        )))
        .child(el("ul").children(list.into_iter().map(|p| {
            el("li")
                .child(el("code").text(p.path))
                .text(format!(" {}", p.message))
                .into()
        })))
        .child(action_button("import-close", "閉じる", true))
        .into()
}

/// What an update would change, for the user to confirm.
fn pending_dom(p: &Pending) -> Dom {
    elc("div", "import-confirm")
        .attr("role", "dialog")
        .attr("aria-label", "取り込みの確認")
        .attr("data-testid", "import-confirm")
        .child(el("p").text(format!(
            "「{}」を取り込むと、次の {} 件が変わります。",
            p.file,
            p.changes.len()
        )))
        .child(el("ul").children(p.lines.iter().map(|l| el("li").text(l.clone()).into())))
        .opt((p.other_differences > 0).then(|| {
            elc("p", "muted")
                .text("実績値・取組内容・進捗状況以外の違い（題名や目標など）は取り込みません。")
        }))
        .child(action_button(
            "import-apply",
            "取り込む",
            !p.changes.is_empty(),
        ))
        .text(" ")
        .child(action_button("import-cancel", "やめる", true))
        .into()
}
