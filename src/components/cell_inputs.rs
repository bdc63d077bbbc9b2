//! The staff app's inputs for the cells of a draft (実績値, 取組内容等, 進捗状況): plain markup
//! built with the tables that hold them, and one `change` listener for all of them.
//!
//! Why not a component per input: each input kind, and each table row that held one, was its
//! own Leptos view type with its own compiled build, mount and update code — tens of kilobytes
//! of the staff wasm for three kinds of form control. As `Dom` values they share one renderer;
//! an edit re-renders the table as data and `Dom` patches only what changed, so an input keeps
//! its node (and the focus) and a value is written into it only when the plan's value moved
//! (undo, redo, another tab).
//!
//! Each control names its cell in `data-cell` (`actual`, `comment` or `progress`), `data-kpi`
//! or `data-node`, and `data-fy`; `on_change` reads them back.

use crate::dom::{control, el, elc, set_value, value_of, El};
use crate::edit::PlanState;
use leptos::prelude::*;
use plan_core::edits::Cell;
use plan_core::format::{number, parse_number};
use plan_core::plan::{Figure, FiscalYear, Kpi, Node, TargetKind};
use wasm_bindgen::JsCast;

/// The 進捗状況 choices offered; a status printed in the document is kept even if it is not one.
pub const PROGRESS_CHOICES: [&str; 5] = ["未着手", "検討", "実施", "完了", "中止"];

/// An actual the app refused, shown under its input until the page, the year or the mode changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub kpi: String,
    pub fy: FiscalYear,
    pub message: String,
}

/// The message for the actual of `kpi` in `fy`, if it was refused.
pub fn refusal<'a>(refused: &'a [Refused], kpi: &str, fy: FiscalYear) -> Option<&'a str> {
    refused
        .iter()
        .find(|r| r.kpi == kpi && r.fy == fy)
        .map(|r| r.message.as_str())
}

/// The text an actual shows in its input.
fn actual_text(kpi: &Kpi, fy: FiscalYear) -> String {
    match kpi.actuals.get(&fy) {
        Some(Figure::Number(n)) => number(*n, None),
        Some(Figure::Text(t)) => t.clone(),
        None => String::new(),
    }
}

/// The 実績値 input of `kpi` for `fy`, with the reason if what was typed was refused.
pub fn actual_input(kpi: &Kpi, fy: FiscalYear, refused: Option<&str>) -> El {
    let error_id = format!("err-{}-{fy}", kpi.id);
    let input = control("input")
        .attr("type", "text")
        .attr("inputmode", "decimal")
        .attr("class", "actual-input")
        .attr("data-testid", "actual-input")
        .attr("data-cell", "actual")
        .attr("data-kpi", kpi.id.clone())
        .attr("data-fy", fy.to_string())
        .attr("aria-label", format!("{fy}年度の実績値"))
        .attr("aria-invalid", refused.is_some().to_string())
        .attr("aria-describedby", error_id.clone())
        .value(actual_text(kpi, fy));
    elc("span", "cell-input")
        .child(input)
        .opt(refused.map(|message| {
            elc("span", "input-error")
                .attr("id", error_id)
                .attr("role", "alert")
                .text(message)
        }))
}

/// The 取組内容等 input of `kpi` for `fy`.
pub fn comment_input(kpi: &Kpi, fy: FiscalYear) -> El {
    control("textarea")
        .attr("class", "comment-input")
        .attr("data-testid", "comment-input")
        .attr("data-cell", "comment")
        .attr("data-kpi", kpi.id.clone())
        .attr("data-fy", fy.to_string())
        .attr("aria-label", format!("{fy}年度の取組内容等"))
        .attr("rows", "3")
        .value(kpi.comments.get(&fy).cloned().unwrap_or_default())
}

/// The 進捗状況 select of `node` for `fy`.
pub fn progress_select(node: &Node, fy: FiscalYear) -> El {
    let now = node.progress.get(&fy).cloned().unwrap_or_default();
    let extra = (!now.is_empty() && !PROGRESS_CHOICES.contains(&now.as_str())).then(|| now.clone());
    let option = |value: String, label: String| el("option").attr("value", value).text(label);
    control("select")
        .attr("data-testid", "progress-select")
        .attr("data-cell", "progress")
        .attr("data-node", node.id.clone())
        .attr("data-fy", fy.to_string())
        .attr("aria-label", format!("{fy}年度の進捗状況"))
        .child(option(String::new(), "（未入力）".into()))
        .children(
            PROGRESS_CHOICES
                .iter()
                .map(|c| c.to_string())
                .chain(extra)
                .map(|c| option(c.clone(), c).into()),
        )
        .value(now)
}

/// What an actual typed as `text` becomes: a number as staff type it (1,234 / １２３４ /
/// 12.5% / ▲3), a text for a milestone, nothing when blank; otherwise the reason it is refused.
pub fn read_actual(text: &str, kpi: &Kpi, fy: FiscalYear) -> Result<Option<Figure>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match parse_number(text) {
        Ok(n) => Ok(Some(Figure::Number(n))),
        Err(_) if takes_text(kpi, fy) => Ok(Some(Figure::Text(text.to_string()))),
        Err(reason) => Err(format!("入力「{text}」を受け付けません: {reason}")),
    }
}

/// Does this KPI take text for the year (a milestone target) rather than a number?
fn takes_text(kpi: &Kpi, fy: FiscalYear) -> bool {
    matches!(kpi.targets.get(&fy), Some(Figure::Text(_)))
        || kpi
            .target
            .as_ref()
            .is_some_and(|t| t.kind == TargetKind::Milestone)
}

/// A `change` anywhere in the page: if it came from a cell's control, write the cell.
pub fn on_change(state: PlanState, ev: &web_sys::Event) {
    let Some(control) = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
    else {
        return;
    };
    let attr = |name: &str| control.get_attribute(name).unwrap_or_default();
    let Ok(fy) = attr("data-fy").parse::<FiscalYear>() else {
        return;
    };
    let text = value_of(&control);
    let trimmed = text.trim();
    let as_text = (!trimmed.is_empty()).then(|| Figure::Text(trimmed.to_string()));
    match attr("data-cell").as_str() {
        "actual" => {
            let kpi = attr("data-kpi");
            let read = state
                .plan
                .with_untracked(|p| p.find_kpi(&kpi).map(|(_, k)| read_actual(&text, k, fy)));
            let Some(read) = read else { return };
            state.refused.update(|list| {
                list.retain(|r| !(r.kpi == kpi && r.fy == fy));
                if let Err(message) = &read {
                    list.push(Refused {
                        kpi: kpi.clone(),
                        fy,
                        message: message.clone(),
                    });
                }
            });
            if let Ok(value) = read {
                state.set_cell(
                    Cell::Actual {
                        kpi: kpi.clone(),
                        fy,
                    },
                    value,
                );
                // Show it as the app reads it ("２７０，０００" → "270,000"), even when the
                // plan's value did not move and so the table has nothing to patch.
                let shown = state.plan.with_untracked(|p| {
                    p.find_kpi(&kpi)
                        .map(|(_, k)| actual_text(k, fy))
                        .unwrap_or_default()
                });
                set_value(&control, &shown);
            }
        }
        "comment" => {
            let kpi = attr("data-kpi");
            state.set_cell(Cell::Comment { kpi, fy }, as_text);
        }
        "progress" => {
            let node = attr("data-node");
            state.set_cell(Cell::Progress { node, fy }, as_text);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dom::Dom;
    use crate::test_seeds::{annaka, item_with_schedule_and_progress, yuzawa};

    #[test]
    fn numbers_are_read_as_staff_type_them_and_junk_is_refused_with_the_reason() {
        let plan = yuzawa();
        let (_, k) = plan.find_kpi("k07").unwrap();
        assert_eq!(
            read_actual(" ２７０，０００ ", k, 2023),
            Ok(Some(Figure::Number(270000.0)))
        );
        assert_eq!(read_actual("▲3", k, 2023), Ok(Some(Figure::Number(-3.0))));
        assert_eq!(read_actual("  ", k, 2023), Ok(None));
        let refused = read_actual("たくさん", k, 2023).unwrap_err();
        assert!(
            refused.starts_with("入力「たくさん」を受け付けません: "),
            "{refused}"
        );
    }

    #[test]
    fn a_milestone_takes_text() {
        let plan = yuzawa();
        let milestone = plan.kpis().map(|(_, k)| k).find(|k| {
            k.target
                .as_ref()
                .is_some_and(|t| t.kind == TargetKind::Milestone)
        });
        if let Some(k) = milestone {
            assert_eq!(
                read_actual("策定済み", k, 2023),
                Ok(Some(Figure::Text("策定済み".into())))
            );
        }
        let mut k = plan.find_kpi("k07").unwrap().1.clone();
        k.targets.insert(2023, Figure::Text("運用開始".into()));
        assert_eq!(
            read_actual("運用開始", &k, 2023),
            Ok(Some(Figure::Text("運用開始".into())))
        );
    }

    #[test]
    fn an_actual_input_shows_the_value_and_a_refusal_as_an_alert() {
        let plan = yuzawa();
        let (_, k) = plan.find_kpi("k02").unwrap();
        let fine = Dom::from(actual_input(k, 2023, None)).markup();
        assert!(
            fine.contains(r#"data-cell="actual" data-kpi="k02" data-fy="2023""#),
            "{fine}"
        );
        assert!(fine.contains(r#"aria-invalid="false""#), "{fine}");
        assert!(fine.contains(r#"value="439""#), "{fine}");
        assert!(!fine.contains("role=\"alert\""), "{fine}");

        let refused = Dom::from(actual_input(k, 2023, Some("入力「x」を受け付けません"))).markup();
        assert!(refused.contains(r#"aria-invalid="true""#), "{refused}");
        assert!(
            refused.contains(r#"<span class="input-error" id="err-k02-2023" role="alert">入力「x」を受け付けません</span>"#),
            "{refused}"
        );
    }

    #[test]
    fn a_progress_select_offers_the_choices_and_keeps_a_printed_status() {
        let plan = annaka();
        let node = item_with_schedule_and_progress(&plan);
        let (fy, status) = node.progress.iter().next().unwrap();
        let select = progress_select(node, *fy);
        assert_eq!(select.value.as_deref(), Some(status.as_str()));
        let options = Dom::from(select.clone()).find_tag("option").len();
        let printed_is_a_choice = PROGRESS_CHOICES.contains(&status.as_str());
        assert_eq!(options, 1 + 5 + usize::from(!printed_is_a_choice));

        let mut odd = node.clone();
        odd.progress.insert(*fy, "一部実施".into());
        let select = Dom::from(progress_select(&odd, *fy));
        let labels: Vec<String> = select
            .find_tag("option")
            .iter()
            .map(|o| o.text_content())
            .collect();
        assert_eq!(labels.last().map(String::as_str), Some("一部実施"));
    }
}
