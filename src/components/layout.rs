//! The parts every page is made of: titles with their printed numbers, breadcrumbs, the
//! toolbar, a table in its own scroll box. An embedded page (`&embed=1`) has no breadcrumbs
//! and no toolbar.

use crate::state::route::use_route;
use leptos::prelude::*;
use plan_core::plan::Plan;
use plan_core::route::Route;

/// "③ 市民との行政課題の共有": the printed number, if any, then the title.
pub fn titled(number: &Option<String>, title: &str) -> String {
    match number {
        Some(n) if !n.is_empty() => format!("{n} {title}"),
        _ => title.to_string(),
    }
}

/// Is the current page embedded in another site's page (`&embed=1`)? Decided by the link the
/// page was opened with.
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
        view! {
            <nav class="crumbs" aria-label="パンくず">
                <ol>
                    {items
                        .into_iter()
                        .map(|(route, label)| view! { <li><a href=route.to_query()>{label}</a></li> })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}

/// A page's controls; none when embedded.
#[component]
pub fn Toolbar(children: Children) -> impl IntoView {
    (!embedded()).then(|| view! { <div class="toolbar no-print">{children()}</div> })
}

/// A wide table in its own scroll box, so the page itself never scrolls sideways on a phone.
#[component]
pub fn TableScroll(children: Children) -> impl IntoView {
    view! { <div class="table-scroll" tabindex="0">{children()}</div> }
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
