//! Home: the plans listed in `seeds/index.json`, with an overall summary of each.
//!
//! The intro and the cards are `Dom` builders shared with the home page pre-rendered at build
//! time (`crate::prerender::home_fragment`), so the app takes over the very same markup.

use crate::components::status::{ErrorBox, Loading};
use crate::dom::{el, elc, link, Dom};
use crate::state::{load, use_app};
use leptos::prelude::*;
use plan_core::engine::{
    latest_actual_year, Scorecard, AWAITING_LABEL, MILESTONE_LABEL, NOT_EVALUABLE_LABEL,
};
use plan_core::format::{count, fy_both, period_both};
use plan_core::plan::{IndexEntry, Plan};
use plan_core::route::Route;

#[component]
pub fn HomePage() -> impl IntoView {
    let app = use_app();
    let index = load(app.index());
    // Cards whose plan has loaded (or failed): once all have, the app's home is complete and
    // a pre-rendered one (citizens' page only) goes.
    let cards_loaded = RwSignal::new(0usize);
    if !crate::STAFF {
        Effect::new(move |_| {
            let complete = index.with(|index| match index {
                None => false,
                Some(Err(_)) => true,
                Some(Ok(index)) => cards_loaded.get() >= index.plans.len(),
            });
            if complete {
                crate::bench::mark("kpi:home-rendered");
                crate::prerender::retire();
            }
        });
    }
    view! {
        {intro()}
        {move || match index.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(e)) => view! { <ErrorBox error=e/> }.into_any(),
            Some(Ok(index)) => {
                view! {
                    <ul class="plan-list" data-testid="plan-list">
                        {index
                            .plans
                            .iter()
                            .cloned()
                            .map(|entry| view! { <PlanCard entry=entry loaded=cards_loaded/> })
                            .collect_view()}
                    </ul>
                    {move || {
                        let local = app.local.get();
                        (!local.is_empty()).then(|| view! {
                            <h2>"この端末に取り込んだ計画"</h2>
                            <ul class="plan-list" data-testid="local-plan-list">
                                {local.into_iter().map(|entry| view! { <PlanCard entry=entry loaded=cards_loaded/> }).collect_view()}
                            </ul>
                        })
                    }}
                }
                    .into_any()
            }
        }}
    }
}

/// The page's heading and lead.
pub fn intro() -> [Dom; 2] {
    [
        el("h1").text("行政改革・経営戦略の進捗").into(),
        elc("p", "lead")
            .text("各市の行政改革大綱・実施計画・経営戦略について、取組と重要業績評価指標（KPI）の進み具合を確認できます。")
            .into(),
    ]
}

/// A card's city, linked title and period (from the index alone).
pub fn card_head(entry: &IndexEntry) -> [Dom; 3] {
    [
        elc("p", "city").text(entry.municipality.clone()).into(),
        el("h2")
            .child(link(&Route::plan(&entry.id), entry.title.clone()))
            .into(),
        elc("p", "period")
            .text(format!(
                "計画期間: {}",
                period_both(entry.period.start, entry.period.end)
            ))
            .into(),
    ]
}

/// A plan's overall figures for the latest year with actual values.
pub fn card_summary(plan: &Plan) -> Dom {
    let fy = latest_actual_year(plan);
    let score = Scorecard::new(plan, fy);
    let kpis = count(score.kpis.len());
    let roll = &score.plan;
    // Rated KPIs are evaluated ones too: none evaluated means no figure to summarise.
    let text = if roll.evaluated == 0 {
        // No figure to summarise: say why, in the overview's words (a plan in its first year
        // waits for its actuals; that is not missing data).
        let mut text = format!("KPI {kpis}件");
        let mut sep = "（";
        for (label, n) in [
            (AWAITING_LABEL, roll.awaiting),
            (MILESTONE_LABEL, roll.milestones),
            (NOT_EVALUABLE_LABEL, roll.not_evaluable),
        ] {
            if n > 0 {
                text += sep;
                text += &crate::pages::plan::counted(label, n);
                sep = "、";
            }
        }
        if sep == "、" {
            text.push('）');
        }
        text
    } else {
        format!(
            "{}時点: KPI {kpis}件のうち 達成 {}件・評価対象 {}件（達成割合 {}）",
            fy_both(fy),
            count(roll.achieved as usize),
            count(roll.evaluated as usize),
            roll.achieved_share()
                .map(|s| format!("{s:.0}%"))
                .unwrap_or_else(|| "—".into())
        )
    };
    elc("p", "plan-summary").text(text).into()
}

/// Staff app: whether this device holds a draft of the plan, so a draft left yesterday is
/// found again from the list (the card's figures stay the published ones).
fn draft_note(plan_id: &str) -> Option<Dom> {
    use crate::storage::{saved_draft, SavedDraft};
    let text = match saved_draft(plan_id)? {
        SavedDraft::Changes(n) => format!("この端末に下書きがあります（変更 {}件）", count(n)),
        SavedDraft::Unreadable => {
            "この端末の下書きを読めません。計画を開くと、消さずに退避して理由を示します。".into()
        }
    };
    Some(
        elc("p", "draft-note")
            .attr("data-testid", "draft-note")
            .text(text)
            .into(),
    )
}

#[component]
fn PlanCard(entry: IndexEntry, loaded: RwSignal<usize>) -> impl IntoView {
    let app = use_app();
    let plan = load(app.plan(entry.id.clone()));
    if !crate::STAFF {
        Effect::new(move |counted: Option<bool>| {
            if counted == Some(true) {
                return true;
            }
            let now = plan.with(Option::is_some);
            if now {
                loaded.update(|n| *n += 1);
            }
            now
        });
    }
    let summary = move || {
        plan.with(|p| {
            p.as_ref().map(|p| match p {
                Err(e) => Dom::from(elc("p", "muted").text(e.message.clone())),
                Ok(plan) => card_summary(plan),
            })
        })
    };
    // Staff app: the note follows a draft saved, or removed, in another tab while this list
    // is open (a staff member keeps the list in one tab and edits in another).
    // (Only then: the citizens' app never shows drafts and makes no signal or listener.)
    let other_tab_saves = crate::STAFF.then(|| RwSignal::new(0usize));
    if let Some(saves) = other_tab_saves {
        let listener =
            crate::storage::on_other_tab_save(&entry.id, move |_| saves.update(|n| *n += 1));
        let listener = send_wrapper::SendWrapper::new(listener);
        on_cleanup(move || drop(listener));
    }
    let draft = move || {
        if let Some(saves) = other_tab_saves {
            saves.track();
        }
        plan.with(|p| match p {
            Some(Ok(plan)) if crate::STAFF => draft_note(&plan.id),
            _ => None,
        })
    };
    let head = card_head(&entry);
    view! { <li class="plan-card">{head}{summary}{draft}</li> }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A card with no figure to summarise says why in the overview's words: the seed plans in
    /// their first year, or whose document has no actuals, wait for them.
    #[test]
    fn a_card_without_evaluated_kpis_says_why() {
        use crate::test_seeds::{annaka, higashine, minami_alps, yuzawa};
        let card = |plan: Plan| card_summary(&plan).text_content();
        assert_eq!(card(higashine()), "KPI 17件（実績待ち 17件）");
        assert_eq!(
            card(minami_alps()),
            "KPI 31件（実績待ち 17件、実施状況で評価 14件）"
        );
        assert_eq!(
            card(annaka()),
            "KPI 22件（実績待ち 19件、実施状況で評価 2件、評価不能 1件）"
        );
        let yuzawa = card(yuzawa());
        assert!(
            yuzawa.starts_with("令和5年度（2023年度）時点: KPI 20件のうち 達成 5件"),
            "{yuzawa}"
        );
    }

    /// Counts of a thousand and more carry 3桁区切り, on the home card and in the overview's
    /// roll-up (the synthetic plan's KPIs are all rated).
    #[test]
    fn counts_of_a_thousand_and_more_are_grouped() {
        let plan = plan_core::synth::synthetic_plan(1_200);
        let card = card_summary(&plan).text_content();
        assert!(card.contains("KPI 1,200件のうち"), "{card}");
        let score = Scorecard::new(&plan, latest_actual_year(&plan));
        let rollup = Dom::from(crate::pages::plan::rollup_dom(&score.plan, &score.bands));
        let rollup = rollup.text_content();
        assert!(rollup.contains("KPI 1,200件: "), "{rollup}");
        assert!(
            !rollup
                .chars()
                .collect::<Vec<_>>()
                .windows(4)
                .any(|w| w.iter().all(char::is_ascii_digit)),
            "no run of four digits: {rollup}"
        );
    }
}
