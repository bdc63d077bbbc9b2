//! The survey round (staff app only): the year's survey workbooks (進捗調査票) out, one for all
//! departments or one per department, and the departments' returns in. The spreadsheet worker
//! reads the returns into a review (sheets::jobs): the changes per file and sheet, the
//! conflicts where two returns disagree (staff pick a value, or keep the cell) and each cell
//! that could not be read; nothing changes until staff confirm.

use super::file_drop::FileDrop;
use crate::state::download::download_bytes;
use crate::state::draft::use_drafting;
use crate::state::plan::{use_open_plan, Notice};
use crate::state::sheets::{returned, run};
use crate::state::storage::{keep_review, kept_review};
use leptos::prelude::*;
use plan_core::format::fy_both;
use plan_core::io::export_json;
use plan_core::plan::FiscalYear;
use serde::{Deserialize, Serialize};
use sheets::jobs::{Job, Outcome, Review};
use sheets::survey::departments_asked;

/// The unreadable cells listed at most (a file that is not a survey can have thousands).
const SHOWN_PROBLEMS: usize = 100;

/// What could not be read, one a line, at most `SHOWN_PROBLEMS` of them, then how many more
/// (and `hint`, what to check).
#[component]
pub(crate) fn ProblemList(
    testid: &'static str,
    lead: String,
    problems: Vec<String>,
    #[prop(optional)] hint: &'static str,
) -> impl IntoView {
    let more = problems.len().saturating_sub(SHOWN_PROBLEMS);
    view! {
        <div class="import-problems" role="alert" data-testid=testid>
            <p>{lead}</p>
            <ul>
                {problems
                    .into_iter()
                    .take(SHOWN_PROBLEMS)
                    .map(|p| view! { <li>{p}</li> })
                    .collect_view()}
            </ul>
            {(more > 0).then(|| view! { <p>{format!("ほか {more} 箇所。{hint}")}</p> })}
        </div>
    }
}

pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Returns awaiting confirmation, kept for this tab across a reload, with the plan revision
/// and year they were read for (taken back only for the same).
#[derive(Serialize, Deserialize)]
struct KeptReview<R> {
    revision: u32,
    fy: FiscalYear,
    review: R,
}

#[component]
pub fn SurveyRound() -> impl IntoView {
    let open = use_open_plan();
    let drafting = use_drafting();
    // What the worker is doing, for the status line.
    let busy = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<String>);
    let pending = RwSignal::new(None::<Review>);
    // Each conflict's pick: an index into its values, or `None` to keep the cell (the radio
    // buttons show it; the confirmation reads it).
    let picked = StoredValue::new(Vec::<Option<usize>>::new());
    // The departments asked, with their number of rows: the plan's structure, which edits
    // never change.
    let asked = departments_asked(&open.base());
    let department_count = asked.len();

    // A reload keeps the returns awaiting confirmation (the conflicts' picks start again).
    let (plan_id, revision) = (open.base().id.clone(), open.base().revision);
    if let Some(kept) = kept_review::<KeptReview<Review>>(&plan_id)
        .filter(|k| k.revision == revision && k.fy == open.fy.get_untracked())
    {
        picked.set_value(vec![None; kept.review.conflicts.len()]);
        pending.set(Some(kept.review));
    }
    // Kept again each time it changes (read, applied, cancelled), not when taken back.
    Effect::watch(
        move || pending.track(),
        move |_, _, _| {
            pending.with_untracked(|review| {
                let kept = review.as_ref().map(|review| KeptReview {
                    revision,
                    fy: open.fy.get_untracked(),
                    review,
                });
                keep_review(&plan_id, kept.as_ref());
            })
        },
        false,
    );

    let make_survey = move |department: Option<String>| {
        let fy = open.fy.get_untracked();
        let plan = export_json(&open.plan.get_untracked());
        let who = department.clone().unwrap_or_else(|| "全課".into());
        failed.set(None);
        busy.set(Some(format!("{who}の調査票を作っています…")));
        leptos::task::spawn_local(async move {
            let outcome = run(Job::Survey {
                plan,
                fy,
                department,
            })
            .await;
            busy.set(None);
            let failure = match outcome {
                Outcome::Workbook { name, bytes } => download_bytes(&name, XLSX, &bytes).err(),
                Outcome::Failed(why) => Some(why),
                _ => None,
            };
            failed.set(failure);
        });
    };

    let read_returns = move |files: Vec<web_sys::File>| {
        if files.is_empty() {
            return;
        }
        let fy = open.fy.get_untracked();
        let plan = export_json(&open.plan.get_untracked());
        failed.set(None);
        pending.set(None);
        busy.set(Some(format!(
            "回答 {} ファイルを読んでいます…",
            files.len()
        )));
        leptos::task::spawn_local(async move {
            let mut taken = Vec::new();
            let mut refused = Vec::new();
            for file in files {
                match returned(file).await {
                    Ok(r) => taken.push(r),
                    Err(why) => refused.push(why),
                }
            }
            let outcome = run(Job::Returns {
                plan,
                fy,
                files: taken,
            })
            .await;
            busy.set(None);
            match outcome {
                Outcome::Review(mut review) => {
                    refused.append(&mut review.problems);
                    review.problems = refused;
                    picked.set_value(vec![None; review.conflicts.len()]);
                    pending.set(Some(review));
                }
                Outcome::Failed(why) => failed.set(Some(why)),
                _ => {}
            }
        });
    };

    let apply = move || {
        let Some(review) = pending.get_untracked() else {
            return;
        };
        let mut edits = review.changes.changes;
        for (conflict, pick) in review.conflicts.into_iter().zip(picked.get_value()) {
            if let Some((_, edit)) = pick.and_then(|i| conflict.values.into_iter().nth(i)) {
                edits.extend(edit.changes);
            }
        }
        let n = edits.len();
        let mut draft = drafting.draft.get_untracked();
        draft.put_all(&open.base(), edits);
        drafting.replace_draft(draft);
        drafting.save_now();
        open.notice.set(Some(Notice {
            text: format!("調査票の回答から {n} 件を取り込みました。"),
            serious: false,
        }));
        pending.set(None);
    };

    let departments = asked
        .into_iter()
        .map(|(department, rows)| {
            let label = format!("{department}（{rows}行） ");
            view! {
                <li>
                    {label}
                    <button
                        type="button"
                        data-testid="survey-department"
                        disabled=move || busy.with(Option::is_some)
                        on:click=move |_| make_survey(Some(department.clone()))
                    >
                        "ダウンロード"
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <section class="sheets" aria-labelledby="sheets-heading" data-testid="survey-round">
            <h2 id="sheets-heading">"進捗調査票（Excel）"</h2>
            <p>
                {move || fy_both(open.fy.get())}
                "の調査票を作り、各課から戻った回答（Excel または CSV）を取り込みます。年度はページ上部の「基準年度」で選びます。"
            </p>
            <button
                type="button"
                data-testid="survey-all"
                disabled=move || busy.with(Option::is_some)
                on:click=move |_| make_survey(None)
            >
                "全課の調査票（1冊・課ごとのシート）"
            </button>
            <details class="departments">
                <summary>{format!("課ごとの調査票（{department_count}課）")}</summary>
                <ul>{departments}</ul>
            </details>
            <FileDrop
                label="回答を取り込む（.xlsx／.csv、複数可・ここにドロップも可）"
                accept=".xlsx,.csv"
                multiple=true
                testid="returns-file"
                on_files=Callback::new(read_returns)
            >
                {move || busy.get().map(|text| view! { <p class="muted" role="status">{text}</p> })}
                {move || failed.get().map(|why| view! { <p class="failed" role="alert" data-testid="sheets-failed">{why}</p> })}
                {move || {
                    pending.get().map(|review| {
                        let pick = move |i: usize, choice| picked.update_value(|p| p[i] = choice);
                        view! {
                            <ReturnsConfirm
                                review
                                on_apply=Callback::new(move |()| apply())
                                on_cancel=Callback::new(move |()| pending.set(None))
                                pick
                            />
                        }
                    })
                }}
            </FileDrop>
        </section>
    }
}

/// The review of the returns: its counts, what could not be read, the changes per file and
/// sheet, and the conflicts to settle.
#[component]
fn ReturnsConfirm(
    review: Review,
    on_apply: Callback<()>,
    on_cancel: Callback<()>,
    pick: impl Fn(usize, Option<usize>) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let fy = use_open_plan().fy.get_untracked();
    let counts = format!(
        "{}の回答: 変更 {}件、食い違い {}件、変更なし {}件、読めない箇所 {}件",
        fy_both(fy),
        review.changes.changes.len(),
        review.conflicts.len(),
        review.unchanged,
        review.problems.len()
    );
    let can_apply = !review.changes.is_empty() || !review.conflicts.is_empty();
    let problems = (!review.problems.is_empty()).then(|| {
        view! {
            <ProblemList
                testid="returns-problems"
                lead="次の箇所は読めませんでした（取り込みません）。ほかの箇所は取り込めます。".into()
                problems=review.problems
                hint="調査票のファイルか、行が書き換えられていないか確かめてください。"
            />
        }
    });
    let groups = review
        .groups
        .into_iter()
        .map(|group| {
            view! {
                <section data-testid="returns-group">
                    <h3>{group.heading}</h3>
                    <ul>{group.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                </section>
            }
        })
        .collect_view();
    let conflicts = review
        .conflicts
        .into_iter()
        .enumerate()
        .map(|(i, conflict)| {
            let name = format!("conflict-{i}");
            let values = conflict
                .values
                .into_iter()
                .enumerate()
                .map(|(j, (text, _))| {
                    view! {
                        <label class="choice">
                            <input type="radio" name=name.clone() on:change=move |_| pick(i, Some(j)) />
                            {text}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset data-testid="returns-conflict">
                    <legend>{format!("食い違い: {}", conflict.subject)}</legend>
                    <label class="choice">
                        <input type="radio" name=name.clone() checked on:change=move |_| pick(i, None) />
                        {format!("変えない（いまの値: {}）", conflict.current)}
                    </label>
                    {values}
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <div class="import-confirm" role="dialog" aria-label="回答の取り込みの確認" data-testid="returns-confirm">
            <p data-testid="returns-counts">{counts}</p>
            {problems}
            {groups}
            {conflicts}
            <button type="button" data-testid="returns-apply" disabled=!can_apply on:click=move |_| on_apply.run(())>
                "取り込む"
            </button>
            " "
            <button type="button" data-testid="returns-cancel" on:click=move |_| on_cancel.run(())>
                "やめる"
            </button>
        </div>
    }
}
