//! Public links. They are query strings on whatever page the app is served from, so they
//! work on any static host and sub-path with no rewrite rules:
//!
//! - `?plan=<id>` plan overview, `&fy=<YYYY>` as of a fiscal year
//! - `?plan=<id>&node=<node-id>`
//! - `?plan=<id>&kpi=<kpi-id>`
//! - `?plan=<id>&view=report&fy=<YYYY>` progress report
//! - `&embed=1` on any of them: the content only, for an iframe

use crate::plan::FiscalYear;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Plan,
    Node(String),
    Kpi(String),
    Report,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub plan: Option<String>,
    pub page: Page,
    /// The "as of" fiscal year (Western); None means the latest year with data.
    pub fy: Option<FiscalYear>,
    pub embed: bool,
}

impl Default for Route {
    fn default() -> Self {
        Route::home()
    }
}

impl Route {
    pub fn home() -> Self {
        Route {
            plan: None,
            page: Page::Home,
            fy: None,
            embed: false,
        }
    }

    pub fn plan(id: &str) -> Self {
        Route {
            plan: Some(id.to_string()),
            page: Page::Plan,
            fy: None,
            embed: false,
        }
    }

    pub fn node(plan: &str, node: &str) -> Self {
        Route {
            page: Page::Node(node.to_string()),
            ..Route::plan(plan)
        }
    }

    pub fn kpi(plan: &str, kpi: &str) -> Self {
        Route {
            page: Page::Kpi(kpi.to_string()),
            ..Route::plan(plan)
        }
    }

    pub fn report(plan: &str, fy: Option<FiscalYear>) -> Self {
        Route {
            page: Page::Report,
            fy,
            ..Route::plan(plan)
        }
    }

    pub fn with_fy(mut self, fy: Option<FiscalYear>) -> Self {
        self.fy = fy;
        self
    }

    pub fn with_embed(mut self, embed: bool) -> Self {
        self.embed = embed;
        self
    }

    /// Parse `location.search` (with or without the leading `?`). Unknown keys are ignored;
    /// an unknown id is kept so the page can say it was not found.
    pub fn parse(search: &str) -> Route {
        let mut plan = None;
        let mut node = None;
        let mut kpi = None;
        let mut view = None;
        let mut fy = None;
        let mut embed = false;
        for pair in search.trim_start_matches('?').split('&') {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let v = decode(v);
            match k {
                "plan" if !v.is_empty() => plan = Some(v),
                "node" if !v.is_empty() => node = Some(v),
                "kpi" if !v.is_empty() => kpi = Some(v),
                "view" => view = Some(v),
                "fy" => fy = v.parse().ok().filter(|y| (1900..=2200).contains(y)),
                "embed" => embed = v == "1" || v == "true",
                _ => {}
            }
        }
        let page = match (&plan, kpi, node, view.as_deref()) {
            (None, ..) => Page::Home,
            (Some(_), Some(k), _, _) => Page::Kpi(k),
            (Some(_), None, Some(n), _) => Page::Node(n),
            (Some(_), None, None, Some("report")) => Page::Report,
            (Some(_), ..) => Page::Plan,
        };
        Route {
            plan,
            page,
            fy,
            embed,
        }
    }

    /// The query string, always starting with `?` (a bare `?` for home keeps the path).
    pub fn to_query(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(p) = &self.plan {
            parts.push(format!("plan={}", encode(p)));
            match &self.page {
                Page::Node(n) => parts.push(format!("node={}", encode(n))),
                Page::Kpi(k) => parts.push(format!("kpi={}", encode(k))),
                Page::Report => parts.push("view=report".into()),
                Page::Plan | Page::Home => {}
            }
            if let Some(fy) = self.fy {
                parts.push(format!("fy={fy}"));
            }
        }
        if self.embed {
            parts.push("embed=1".into());
        }
        format!("?{}", parts.join("&"))
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_public_links() {
        assert_eq!(Route::parse(""), Route::home());
        assert_eq!(Route::parse("?plan=yuzawa"), Route::plan("yuzawa"));
        assert_eq!(
            Route::parse("?plan=yuzawa&kpi=k07"),
            Route::kpi("yuzawa", "k07")
        );
        assert_eq!(
            Route::parse("?plan=annaka&node=i01"),
            Route::node("annaka", "i01")
        );
        assert_eq!(
            Route::parse("?plan=yuzawa&view=report&fy=2023"),
            Route::report("yuzawa", Some(2023))
        );
        assert!(Route::parse("?plan=yuzawa&embed=1").embed);
        assert_eq!(Route::parse("?plan=yuzawa&fy=abc").fy, None);
        assert_eq!(Route::parse("?plan=%E6%B9%AF").plan.as_deref(), Some("湯"));
        assert_eq!(Route::parse("?plan=a%2").plan.as_deref(), Some("a%2"));
    }

    #[test]
    fn round_trips() {
        for r in [
            Route::home(),
            Route::plan("yuzawa").with_fy(Some(2022)),
            Route::node("minami-alps", "b1-1"),
            Route::kpi("higashine", "k01").with_embed(true),
            Route::report("yuzawa", Some(2023)),
        ] {
            assert_eq!(Route::parse(&r.to_query()), r);
        }
        assert_eq!(
            Route::report("yuzawa", Some(2023)).to_query(),
            "?plan=yuzawa&view=report&fy=2023"
        );
    }
}
