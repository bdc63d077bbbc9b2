//! Search and filters of the plan overview: text (width-folded so full- and half-width
//! match), department, band, and sort by rate.

use crate::engine::{Outcome, Scorecard};
use crate::plan::Plan;

/// Fold text for matching the way NFKC does for what Japanese users type: full-width ASCII
/// and the ideographic space to ASCII, half-width katakana to full-width (voiced marks
/// composed), circled numbers ①–⑳ and Roman numerals Ⅰ–Ⅻ to plain characters; then ASCII
/// lower case. These ranges are what occurs in plan data and search terms; a full NFKC
/// (with its Unicode tables) is not needed, and a test checks this fold against NFKC on
/// these ranges.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let code = c as u32;
        match code {
            0xFF01..=0xFF5E => out.push(char::from_u32(code - 0xFEE0).unwrap_or(c)),
            0x3000 => out.push(' '),
            0xFF61..=0xFF9F => {
                let full = HALF_KANA[(code - 0xFF61) as usize];
                let next = chars.peek().copied();
                match (next, compose(full, next)) {
                    (Some(_), Some(composed)) => {
                        out.push(composed);
                        chars.next();
                    }
                    _ => out.push(full),
                }
            }
            0x2460..=0x2473 => out.push_str(&(code - 0x2460 + 1).to_string()),
            0x2160..=0x216B => out.push_str(ROMAN[(code - 0x2160) as usize]),
            0x2170..=0x217B => out.push_str(ROMAN_SMALL[(code - 0x2170) as usize]),
            _ => out.push(c),
        }
    }
    out.make_ascii_lowercase();
    out
}

const ROMAN: [&str; 12] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
];
const ROMAN_SMALL: [&str; 12] = [
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
];

/// U+FF61..=U+FF9F mapped to their full-width forms (NFKC).
const HALF_KANA: [char; 63] = [
    '。', '「', '」', '、', '・', 'ヲ', 'ァ', 'ィ', 'ゥ', 'ェ', 'ォ', 'ャ', 'ュ', 'ョ', 'ッ', 'ー',
    'ア', 'イ', 'ウ', 'エ', 'オ', 'カ', 'キ', 'ク', 'ケ', 'コ', 'サ', 'シ', 'ス', 'セ', 'ソ', 'タ',
    'チ', 'ツ', 'テ', 'ト', 'ナ', 'ニ', 'ヌ', 'ネ', 'ノ', 'ハ', 'ヒ', 'フ', 'ヘ', 'ホ', 'マ', 'ミ',
    'ム', 'メ', 'モ', 'ヤ', 'ユ', 'ヨ', 'ラ', 'リ', 'ル', 'レ', 'ロ', 'ワ', 'ン', '\u{3099}',
    '\u{309A}',
];

/// A full-width kana followed by a half-width voiced (ﾞ) or semi-voiced (ﾟ) mark.
fn compose(base: char, mark: Option<char>) -> Option<char> {
    let offset = match mark? {
        '\u{FF9E}' => 1,
        '\u{FF9F}' => 2,
        _ => return None,
    };
    let voiced = "カキクケコサシスセソタチツテトハヒフヘホ";
    let semi = "ハヒフヘホ";
    if offset == 1 && base == 'ウ' {
        return Some('ヴ');
    }
    if (offset == 1 && voiced.contains(base)) || (offset == 2 && semi.contains(base)) {
        return char::from_u32(base as u32 + offset);
    }
    None
}

/// Which KPIs to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KpiFilter {
    pub text: String,
    pub department: Option<String>,
    /// A band index of the scorecard, `AWAITING` for 実績待ち, or `NOT_EVALUABLE` for
    /// 評価不能 / milestones.
    pub band: Option<usize>,
    pub sort: Sort,
}

/// `KpiFilter::band` value for KPIs with no rate band.
pub const NOT_EVALUABLE: usize = usize::MAX;
/// `KpiFilter::band` value for KPIs with no actual yet.
pub const AWAITING: usize = usize::MAX - 1;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// Document order.
    #[default]
    Plan,
    RateAscending,
    RateDescending,
}

impl KpiFilter {
    pub fn is_active(&self) -> bool {
        !self.text.trim().is_empty() || self.department.is_some() || self.band.is_some()
    }
}

/// Every department named in the plan (KPIs and nodes), sorted, once each.
pub fn departments(plan: &Plan) -> Vec<String> {
    let mut all: Vec<String> = plan
        .walk()
        .into_iter()
        .flat_map(|(_, n)| {
            n.lead_departments
                .iter()
                .chain(n.related_departments.iter())
                .chain(n.kpis.iter().flat_map(|k| k.departments.iter()))
                .cloned()
                .collect::<Vec<_>>()
        })
        .collect();
    all.sort_unstable();
    all.dedup();
    all
}

/// Each KPI's searchable text, folded (`Plan::kpis()` order): its number, name, definition and
/// departments, and the number and title of the node that holds it. Made once per plan and
/// given to `filter_kpis`: made on every keystroke, it was nearly all of a search's time
/// (10,000 KPIs: ≈ 4 ms of each keystroke natively, against ≈ 0.2 ms for the search itself).
pub fn search_texts(plan: &Plan) -> Vec<String> {
    plan.kpis()
        .map(|(node, kpi)| {
            fold(&format!(
                "{} {} {} {} {} {}",
                kpi.number.as_deref().unwrap_or(""),
                kpi.name,
                kpi.definition.as_deref().unwrap_or(""),
                kpi.departments.join(" "),
                node.number.as_deref().unwrap_or(""),
                node.title
            ))
        })
        .collect()
}

/// Indices (in `Plan::kpis()` order) of the KPIs that pass the filter, sorted as asked.
/// The text matches `texts`, the plan's `search_texts`.
pub fn filter_kpis(
    plan: &Plan,
    score: &Scorecard,
    filter: &KpiFilter,
    texts: &[String],
) -> Vec<usize> {
    let terms: Vec<String> = fold(&filter.text)
        .split_whitespace()
        .map(str::to_string)
        .collect();
    let mut hits: Vec<usize> = plan
        .kpis()
        .enumerate()
        .filter(|(i, (node, kpi))| {
            if let Some(dept) = &filter.department {
                let in_kpi = kpi.departments.iter().any(|d| d == dept);
                let in_node = kpi.departments.is_empty()
                    && (node.lead_departments.iter().any(|d| d == dept)
                        || node.related_departments.iter().any(|d| d == dept));
                if !(in_kpi || in_node) {
                    return false;
                }
            }
            if let Some(band) = filter.band {
                let outcome = &score.kpis[*i].final_target.outcome;
                let kpi_band = match outcome {
                    Outcome::Rate { band, .. } => *band,
                    Outcome::Improved { achieved: true } => 0,
                    Outcome::Improved { achieved: false } => score.bands.len() - 1,
                    Outcome::Awaiting { .. } => AWAITING,
                    _ => NOT_EVALUABLE,
                };
                if kpi_band != band {
                    return false;
                }
            }
            terms.is_empty()
                || texts
                    .get(*i)
                    .is_some_and(|text| terms.iter().all(|t| text.contains(t.as_str())))
        })
        .map(|(i, _)| i)
        .collect();
    let rate = |i: &usize| score.kpis[*i].final_target.outcome.rate();
    let descending = match filter.sort {
        Sort::Plan => return hits,
        Sort::RateAscending => false,
        Sort::RateDescending => true,
    };
    // One comparison for both directions, ties in plan order (a total order: no need for a
    // stable sort).
    hits.sort_unstable_by(|a, b| {
        let by_rate = match (rate(a), rate(b)) {
            (Some(x), Some(y)) if descending => y.total_cmp(&x),
            (Some(x), Some(y)) => x.total_cmp(&y),
            // KPIs with no rate go last either way.
            (x, y) => y.is_some().cmp(&x.is_some()),
        };
        by_rate.then(a.cmp(b))
    });
    hits
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    #[test]
    fn fold_matches_nfkc_on_the_ranges_it_covers() {
        let ranges = [
            0xFF01..=0xFF5E,
            0x3000..=0x3000,
            0xFF61..=0xFF9D,
            0x2460..=0x2473,
            0x2160..=0x216B,
            0x2170..=0x217B,
        ];
        for range in ranges {
            for code in range {
                let c = char::from_u32(code).unwrap();
                let nfkc: String = c
                    .to_string()
                    .nfkc()
                    .collect::<String>()
                    .to_ascii_lowercase();
                assert_eq!(fold(&c.to_string()), nfkc, "U+{code:04X} {c}");
            }
        }
        for text in ["ｶﾞｲﾄﾞﾗｲﾝ", "ﾊﾟﾌﾞﾘｯｸｺﾒﾝﾄ", "ｳﾞｨ", "ＳＮＳ　ＬＩＮＥ"]
        {
            let nfkc: String = text.nfkc().collect::<String>().to_ascii_lowercase();
            assert_eq!(fold(text), nfkc, "{text}");
        }
    }

    /// The ids of the KPIs a filter finds in Yuzawa's plan (as of 令和5年度).
    fn found(filter: KpiFilter) -> Vec<String> {
        let plan = crate::validate::parse_plan(include_str!("../../seeds/yuzawa.json")).unwrap();
        let score = Scorecard::new(&plan, 2023);
        let ids: Vec<String> = plan.kpis().map(|(_, k)| k.id.clone()).collect();
        filter_kpis(&plan, &score, &filter, &search_texts(&plan))
            .into_iter()
            .map(|i| ids[i].clone())
            .collect()
    }

    fn text(t: &str) -> KpiFilter {
        KpiFilter {
            text: t.into(),
            ..Default::default()
        }
    }

    #[test]
    fn text_finds_kpis_by_name_department_and_node_in_any_width() {
        // The name, in full-width letters as a phone keyboard may type them.
        let sns = found(text("ＳＮＳ"));
        assert_eq!(sns.len(), 1, "{sns:?}");
        assert_eq!(found(text("sns")), sns);
        // Every term must match (here a department and a word of the name).
        let all = found(text(""));
        assert_eq!(all.len(), 20);
        assert_eq!(found(text("財政課")), ["k15", "k16"]);
        assert_eq!(found(text("財政課 地方債")), ["k15"]);
        assert!(found(text("財政課 zzz")).is_empty());
        // The node's title counts: 人事行政 is the title of the node holding k13 and k14.
        assert_eq!(found(text("人事行政")), ["k13", "k14"]);
    }

    #[test]
    fn band_filter_and_rate_order() {
        let achieved = found(KpiFilter {
            band: Some(0),
            ..Default::default()
        });
        assert_eq!(achieved, ["k02", "k05", "k09", "k13", "k14", "k16"]);
        let desc = found(KpiFilter {
            sort: Sort::RateDescending,
            ..Default::default()
        });
        let asc = found(KpiFilter {
            sort: Sort::RateAscending,
            ..Default::default()
        });
        assert_eq!(desc.len(), 20);
        // The highest rate first (講座参加者数, 220%), and last in the other order among rated.
        assert_eq!(desc[0], "k02");
        assert_ne!(asc[0], "k02");
    }

    #[test]
    fn full_and_half_width_match() {
        assert_eq!(fold("ＳＮＳ"), fold("sns"));
        assert_eq!(fold("ﾗｲﾝ"), fold("ライン"));
        assert_eq!(fold("⑦"), "7");
    }
}
