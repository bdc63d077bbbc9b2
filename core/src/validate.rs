//! From JSON text to a `Plan`, or a list of problems a person can act on:
//! each names the JSON path and says in Japanese what is wrong.

use crate::plan::{
    Aggregation, ByYear, Figure, FiscalYear, Kpi, Method, Node, Plan, PlanIndex, TargetKind,
    SCHEMA_VERSION,
};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::fmt;

/// Files larger than this are refused before parsing (a plan is a few hundred KB).
pub const MAX_PLAN_BYTES: usize = 20 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// JSON path, `$` for the whole document.
    pub path: String,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl Problem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// Parse and check a plan. On error nothing is returned but the problems.
///
/// The text is deserialised straight into `Plan` (no intermediate `Value`: this is the
/// start-up hot path); only when that fails is the text looked at again, to find the
/// JSON path of the error and to say first if the schema version is the reason.
pub fn parse_plan(text: &str) -> Result<Plan, Vec<Problem>> {
    if text.len() > MAX_PLAN_BYTES {
        return Err(vec![Problem::new(
            "$",
            format!(
                "ファイルが大きすぎます（{} バイト、上限 {} バイト）",
                text.len(),
                MAX_PLAN_BYTES
            ),
        )]);
    }
    let plan: Plan = deserialize(text)?;
    let problems = check_plan(&plan);
    if problems.is_empty() {
        Ok(plan)
    } else {
        Err(problems)
    }
}

/// Parse `seeds/index.json`.
pub fn parse_index(text: &str) -> Result<PlanIndex, Vec<Problem>> {
    let index: PlanIndex = deserialize(text)?;
    let mut problems = Vec::new();
    let mut seen = HashMap::default();
    for (i, entry) in index.plans.iter().enumerate() {
        let path = format!("$.plans[{i}]");
        check_id(&entry.id, &format!("{path}.id"), &mut problems);
        if let Some(first) = seen.insert(entry.id.clone(), path.clone()) {
            problems.push(Problem::new(
                format!("{path}.id"),
                format!("ID「{}」が重複しています（{first} と同じ）", entry.id),
            ));
        }
    }
    if problems.is_empty() {
        Ok(index)
    } else {
        Err(problems)
    }
}

/// Deserialise a versioned document, turning a serde error into a located Japanese problem.
fn deserialize<T: serde::de::DeserializeOwned + Versioned>(text: &str) -> Result<T, Vec<Problem>> {
    match serde_json::from_str::<T>(text) {
        Ok(doc) if doc.schema_version() == SCHEMA_VERSION => Ok(doc),
        Ok(doc) => Err(vec![version_problem(&doc.schema_version().to_string())]),
        Err(e) => {
            if let Some(p) = encoding_problem(text) {
                return Err(vec![p]);
            }
            let is_json = serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok();
            if let Some(p) = check_version(text, is_json) {
                return Err(vec![p]);
            }
            let path = path_at(text, e.line(), e.column());
            let problem = match e.classify() {
                serde_json::error::Category::Data => data_problem(&e, text, path),
                _ if is_json => Problem::new(path, shape_message(&e, text)),
                _ => Problem::new(
                    path,
                    format!(
                        "JSON として読めません（{} 行 {} 列）: {}",
                        e.line(),
                        e.column(),
                        japanese_serde_message(&e.to_string())
                    ),
                ),
            };
            Err(vec![problem])
        }
    }
}

/// A value of the wrong kind (`e`, a data error), in Japanese, at its path (`path`: where
/// serde_json reported it).
fn data_problem(e: &serde_json::Error, text: &str, mut path: String) -> Problem {
    let message = e.to_string();
    // A figure is a value of a year map, so its path ends at a year. serde_json reports a
    // bad one (`Figure` is untagged: checked once read) where reading stopped, which for
    // the last year of a map is its closing brace; the path one character earlier ends at
    // that year.
    let at_a_year = |p: &str| {
        p.rsplit('.')
            .next()
            .is_some_and(|s| s.parse::<FiscalYear>().is_ok())
    };
    if message.starts_with(NOT_A_FIGURE) && !at_a_year(&path) {
        path = path_at(text, e.line(), e.column().saturating_sub(1));
    }
    Problem::new(path, japanese_serde_message(&message))
}

/// serde's message for a value that is neither a number nor a text where a figure belongs.
const NOT_A_FIGURE: &str = "data did not match any variant of untagged enum Figure";

/// The message for a struct written as an array with more elements than it has fields.
const TOO_MANY_ELEMENTS: &str =
    "配列の要素が多すぎます。項目名を付けたオブジェクト（{ … }）で書いてください";

/// A file that is not UTF-8 (a plan saved as Shift_JIS, as Excel and older editors do) comes
/// decoded by the browser with U+FFFD where bytes were not UTF-8, and usually fails to parse
/// with a puzzling "invalid escape" (a Shift_JIS character's second byte can be `\`). Looked
/// for only once parsing has failed, so a good file pays nothing for it.
fn encoding_problem(text: &str) -> Option<Problem> {
    let at = text.find('\u{FFFD}')?;
    let line = 1 + text[..at].matches('\n').count();
    Some(Problem::new(
        "$",
        format!("文字コードが UTF-8 ではありません（{line}行目に読めない文字があります）。UTF-8 で保存し直してください"),
    ))
}

trait Versioned {
    fn schema_version(&self) -> u32;
}

impl Versioned for Plan {
    fn schema_version(&self) -> u32 {
        self.schema_version
    }
}

impl Versioned for PlanIndex {
    fn schema_version(&self) -> u32 {
        self.schema_version
    }
}

fn version_problem(found: &str) -> Problem {
    Problem::new(
        "$.schema_version",
        format!("スキーマのバージョン {found} には対応していません（対応: {SCHEMA_VERSION}）"),
    )
}

/// After a failed parse: is the document not an object, or of another schema version?
/// (`is_json`: whether `text` is well-formed JSON.)
fn check_version(text: &str, is_json: bool) -> Option<Problem> {
    let trimmed = text.trim_start();
    if is_json && !trimmed.starts_with('{') {
        return Some(Problem::new(
            "$",
            "計画データは JSON オブジェクト（{ … }）である必要があります",
        ));
    }
    if !is_json {
        return None;
    }
    /// The one field looked at; the others are skipped.
    #[derive(serde::Deserialize)]
    struct Probe {
        schema_version: Option<Version>,
    }
    /// A version is a number; anything else is refused below.
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Version {
        Number(serde_json::Number),
        Other(serde::de::IgnoredAny),
    }
    match serde_json::from_str::<Probe>(text).map(|p| p.schema_version) {
        // Only a repeated schema_version fails here; the parse's own error says so.
        Err(_) => None,
        Ok(None) => Some(Problem::new(
            "$.schema_version",
            "schema_version がありません。このアプリの計画データではない可能性があります",
        )),
        Ok(Some(Version::Number(n))) if n.as_u64() == Some(SCHEMA_VERSION.into()) => None,
        Ok(Some(Version::Number(n))) => Some(version_problem(&n.to_string())),
        Ok(Some(Version::Other(_))) => Some(Problem::new(
            "$.schema_version",
            "schema_version は数値で書いてください（例: 1）",
        )),
    }
}

/// The byte offset just past the character at (`line`, `column`) of a serde_json error.
fn end_of(text: &str, line: usize, column: usize) -> usize {
    let bytes = text.as_bytes();
    let mut offset = 0;
    for _ in 1..line {
        match bytes[offset..].iter().position(|b| *b == b'\n') {
            Some(p) => offset += p + 1,
            None => break,
        }
    }
    (offset + column).min(bytes.len())
}

/// The message for well-formed JSON that serde_json refused with the words of a syntax
/// error: an array standing for a struct with more elements than the struct has fields
/// ("trailing characters"), or a keyword of the format (`"direction": "increase"`) that is
/// not a string, which serde_json reports at the value ("expected value").
fn shape_message(e: &serde_json::Error, text: &str) -> String {
    if e.to_string().starts_with("trailing characters") {
        return TOO_MANY_ELEMENTS.to_string();
    }
    let at = end_of(text, e.line(), e.column()).saturating_sub(1);
    let found = match text.as_bytes().get(at) {
        Some(b'0'..=b'9' | b'-') => "数値",
        Some(b't' | b'f') => "真偽値",
        Some(b'n') => "null",
        Some(b'[') => "配列",
        Some(b'{') => "オブジェクト",
        _ => return "文字列が必要です".to_string(),
    };
    format!("文字列が必要です（{found}が入っています）")
}

/// The JSON path of the value that ends at (`line`, `column`) — where serde_json reports an
/// error (1-based; the column counts bytes). A small scanner; the text is known to be JSON
/// up to that point, or the error would have been found earlier.
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    enum Frame {
        Object {
            key: Option<String>,
            expecting_key: bool,
        },
        Array {
            index: usize,
        },
    }
    let bytes = text.as_bytes();
    let end = end_of(text, line, column);
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < end {
        match bytes[i] {
            // The error is at the start of this value (serde_json's "expected value" on a
            // container): report the value.
            b'{' | b'[' if i + 1 == end => break,
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                if i + 1 == end {
                    // The error is at the end of this container: report the container.
                    match stack.last_mut() {
                        Some(Frame::Object { key, .. }) => *key = None,
                        _ => {
                            stack.pop();
                        }
                    }
                    break;
                }
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { key, expecting_key }) => {
                    *key = None;
                    *expecting_key = true;
                }
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        *key = Some(
                            String::from_utf8_lossy(&bytes[start..i.min(bytes.len())]).into_owned(),
                        );
                        *expecting_key = false;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::from("$");
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                path.push('.');
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// Translate serde's English messages into Japanese a person can act on.
pub(crate) fn japanese_serde_message(msg: &str) -> String {
    // Drop serde_json's " at line X column Y" suffix; the path says where.
    let msg = msg.split(" at line ").next().unwrap_or(msg);
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "?"));
        return format!(
            "{}が必要です（{}が入っています）",
            expected_ja(expected),
            found_ja(found)
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field ") {
        return format!("必須の項目「{}」がありません", rest.trim_matches('`'));
    }
    if let Some(rest) = msg.strip_prefix("duplicate field ") {
        return format!("項目「{}」が2回以上書かれています", rest.trim_matches('`'));
    }
    if let Some(rest) = msg.strip_prefix("unknown field ") {
        let name = rest.split(',').next().unwrap_or(rest).replace('`', "");
        return format!("不明な項目「{name}」です（綴りを確認してください）");
    }
    if let Some(rest) = msg.strip_prefix("unknown variant ") {
        let (name, allowed) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let name = name.replace('`', "");
        // serde lists them as "one of `a`, `b`, `c`", or "`a` or `b`" when there are two.
        let allowed = allowed
            .replace("one of ", "")
            .replace("` or `", "`, `")
            .replace('`', "");
        return format!("「{name}」は使えない値です（使える値: {allowed}）");
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        // A struct written as an array of its fields, with fewer than it needs.
        let count = rest.split(',').next().unwrap_or(rest);
        return format!("配列の要素が足りません（{count} 個です）。項目名を付けたオブジェクト（{{ … }}）で書いてください");
    }
    if msg.starts_with(NOT_A_FIGURE) {
        return "数値または文字列が必要です".to_string();
    }
    if msg.starts_with("invalid value: ") {
        return format!("値が正しくありません: {msg}");
    }
    if msg.contains("EOF while parsing") {
        return "ファイルが途中で終わっています".to_string();
    }
    if msg.starts_with("expected") || msg.starts_with("trailing") || msg.contains("key must be") {
        return format!("書式の誤り（{msg}）");
    }
    msg.to_string()
}

fn expected_ja(expected: &str) -> String {
    match expected {
        e if e.starts_with("f64")
            || e.starts_with("i32")
            || e.starts_with("u32")
            || e.starts_with("u8") =>
        {
            "数値".to_string()
        }
        // A keyword (an enum of the format, e.g. `direction`) is a string too.
        e if e.contains("a string") || e.starts_with("enum ") => "文字列".to_string(),
        e if e.contains("sequence") => "配列（[ … ]）".to_string(),
        e if e.contains("struct") || e.contains("map") => "オブジェクト（{ … }）".to_string(),
        e => e.to_string(),
    }
}

fn found_ja(found: &str) -> String {
    if let Some(s) = found.strip_prefix("string ") {
        format!("文字列 {s} ").trim_end().to_string()
    } else if found.starts_with("integer") || found.starts_with("floating point") {
        let number = found.split_whitespace().last().unwrap_or("");
        format!("数値 {}", number.trim_matches('`'))
    } else if found == "null" {
        "null".to_string()
    } else if found == "map" {
        "オブジェクト".to_string()
    } else if found == "sequence" {
        "配列".to_string()
    } else if found.starts_with("boolean") {
        "真偽値".to_string()
    } else {
        found.to_string()
    }
}

/// Ids appear in public links: keep them short and URL-safe.
fn id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn check_id(id: &str, path: &str, problems: &mut Vec<Problem>) {
    if !id_ok(id) {
        problems.push(Problem::new(path, bad_id(id)));
    }
}

fn bad_id(id: &str) -> String {
    format!("ID「{id}」は使えません（半角英小文字・数字・ハイフンのみ、64文字以内）")
}

/// The checks serde cannot make: ids, years, and whether each KPI can be evaluated as declared.
pub fn check_plan(plan: &Plan) -> Vec<Problem> {
    let mut c = Checker {
        plan,
        problems: Vec::new(),
        node_ids: HashSet::default(),
        kpi_ids: HashSet::default(),
        path: Vec::new(),
    };
    check_id(&plan.id, "$.id", &mut c.problems);
    if plan.period.start > plan.period.end {
        c.problems.push(Problem::new(
            "$.period",
            format!(
                "計画期間の開始 {} が終了 {} より後です",
                plan.period.start, plan.period.end
            ),
        ));
    }
    if !(1900..=2200).contains(&plan.period.start) || !(1900..=2200).contains(&plan.period.end) {
        c.problems.push(Problem::new(
            "$.period",
            "年度は西暦（例: 2026）で書いてください",
        ));
    }
    if plan.levels.is_empty() {
        c.problems.push(Problem::new(
            "$.levels",
            "階層の名前（例: 基本方針、施策）を1つ以上書いてください",
        ));
    }
    if let Some(bands) = &plan.bands {
        if bands.is_empty() {
            c.problems.push(Problem::new(
                "$.bands",
                "評価区分が空です（省略すると既定値になります）",
            ));
        }
        if bands.len() > crate::engine::MAX_BANDS {
            c.problems.push(Problem::new(
                "$.bands",
                format!(
                    "評価区分は{}つまでです（{}つあります）",
                    crate::engine::MAX_BANDS,
                    bands.len()
                ),
            ));
        }
        for (i, pair) in bands.windows(2).enumerate() {
            if pair[0].min_rate <= pair[1].min_rate {
                c.problems.push(Problem::new(
                    format!("$.bands[{}].min_rate", i + 1),
                    "評価区分は下限の高い順に並べてください",
                ));
            }
        }
    }
    for (i, node) in plan.nodes.iter().enumerate() {
        c.enter("nodes", i, |c| c.node(node));
    }
    c.problems
}

/// Walks the plan keeping the JSON path as a stack of (field, index); the path is written
/// out only for a problem (checking a 10,000-KPI plan formats nothing when it is valid).
struct Checker<'a> {
    plan: &'a Plan,
    problems: Vec<Problem>,
    node_ids: HashSet<&'a str>,
    kpi_ids: HashSet<&'a str>,
    path: Vec<(&'static str, usize)>,
}

impl<'a> Checker<'a> {
    /// Check within `field[index]` of the current place.
    fn enter(&mut self, field: &'static str, index: usize, f: impl FnOnce(&mut Self)) {
        self.path.push((field, index));
        f(self);
        self.path.pop();
    }

    /// Record a problem at the current path plus `suffix`.
    fn push(&mut self, suffix: &str, message: String) {
        let mut path = String::from("$");
        for (field, index) in &self.path {
            path.push_str(&format!(".{field}[{index}]"));
        }
        path.push_str(suffix);
        self.problems.push(Problem::new(path, message));
    }

    fn year(&mut self, fy: FiscalYear, suffix: &str) {
        let p = self.plan.period;
        if !p.contains(fy) {
            self.push(
                suffix,
                format!("年度 {fy} は計画期間（{}〜{}年度）の外です", p.start, p.end),
            );
        }
    }

    fn years<T>(&mut self, map: &ByYear<T>, field: &str) {
        for fy in map.keys() {
            if !self.plan.period.contains(*fy) {
                self.year(*fy, &format!(".{field}.{fy}"));
            }
        }
    }

    /// Where an id was first seen, found again in the plan (only on a duplicate).
    fn first_path(&self, id: &str, kpi: bool) -> String {
        fn go(nodes: &[Node], field: &str, prefix: &str, id: &str, kpi: bool) -> Option<String> {
            for (i, n) in nodes.iter().enumerate() {
                let here = format!("{prefix}.{field}[{i}]");
                if !kpi && n.id == id {
                    return Some(here);
                }
                if let Some(k) = n.kpis.iter().position(|k| kpi && k.id == id) {
                    return Some(format!("{here}.kpis[{k}]"));
                }
                if let Some(p) = go(&n.children, "children", &here, id, kpi) {
                    return Some(p);
                }
            }
            None
        }
        go(&self.plan.nodes, "nodes", "$", id, kpi).unwrap_or_default()
    }

    fn node(&mut self, node: &'a Node) {
        if !id_ok(&node.id) {
            self.push(".id", bad_id(&node.id));
        }
        if !self.node_ids.insert(&node.id) {
            let first = self.first_path(&node.id, false);
            self.push(
                ".id",
                format!("ID「{}」が重複しています（{first} と同じ）", node.id),
            );
        }
        if node.title.trim().is_empty() {
            self.push(".title", "題名が空です".into());
        }
        for (i, span) in node.schedule.iter().enumerate() {
            let p = self.plan.period;
            let bad_to = span.to.is_some_and(|to| !p.contains(to) || to < span.from);
            if p.contains(span.from) && !bad_to {
                continue;
            }
            self.year(span.from, &format!(".schedule[{i}].from"));
            if let Some(to) = span.to {
                self.year(to, &format!(".schedule[{i}].to"));
                if to < span.from {
                    self.push(
                        &format!(".schedule[{i}].to"),
                        format!("終了年度 {to} が開始年度 {} より前です", span.from),
                    );
                }
            }
        }
        self.years(&node.progress, "progress");
        self.years(&node.comments, "comments");
        for (i, kpi) in node.kpis.iter().enumerate() {
            self.enter("kpis", i, |c| c.kpi(kpi));
        }
        for (i, child) in node.children.iter().enumerate() {
            self.enter("children", i, |c| c.node(child));
        }
    }

    fn kpi(&mut self, kpi: &'a Kpi) {
        if !id_ok(&kpi.id) {
            self.push(".id", bad_id(&kpi.id));
        }
        if !self.kpi_ids.insert(&kpi.id) {
            let first = self.first_path(&kpi.id, true);
            self.push(
                ".id",
                format!("ID「{}」が重複しています（{first} と同じ）", kpi.id),
            );
        }
        if kpi.name.trim().is_empty() {
            self.push(".name", "指標名が空です".into());
        }
        self.years(&kpi.targets, "targets");
        self.years(&kpi.actuals, "actuals");
        self.years(&kpi.comments, "comments");
        self.years(&kpi.reported, "reported");
        for (i, s) in kpi.series.iter().enumerate() {
            self.years(&s.actuals, &format!("series[{i}].actuals"));
        }
        for (field, map) in [("targets", &kpi.targets), ("actuals", &kpi.actuals)] {
            for (fy, fig) in map {
                if let Figure::Number(n) = fig {
                    if !n.is_finite() {
                        self.push(&format!(".{field}.{fy}"), "数値が有限ではありません".into());
                    }
                }
            }
        }
        let method = kpi.method.unwrap_or(self.plan.method);
        let baseline = kpi.baseline.as_ref().and_then(|b| b.value);
        let Some(target) = &kpi.target else {
            return;
        };
        // The final target may lie after the period (a long-range goal), but not before it.
        if target.fy < self.plan.period.start {
            self.push(
                ".target.fy",
                format!("目標年度 {} が計画期間より前です", target.fy),
            );
        }
        match target.kind {
            TargetKind::Exactly | TargetKind::AtLeast | TargetKind::AtMost => {
                if target.value.is_none() {
                    self.push(
                        ".target.value",
                        "この種類の目標（exactly / at_least / at_most）には数値が必要です".into(),
                    );
                }
            }
            TargetKind::Improve => {
                if target.value.is_some() {
                    self.push(
                        ".target.value",
                        "「基準値より向上」の目標に数値は書けません（種類を at_least などにしてください）".into(),
                    );
                }
                if baseline.is_none() {
                    self.push(
                        ".baseline",
                        "「基準値より向上」の目標には基準値（数値）が必要です".into(),
                    );
                }
            }
            TargetKind::Milestone => {
                if target.value.is_some() || target.text.as_deref().unwrap_or("").is_empty() {
                    self.push(
                        ".target",
                        "文字の目標（milestone）は text のみを書き、value は書きません".into(),
                    );
                }
            }
        }
        if method == Method::Progress {
            if baseline.is_none() {
                self.push(
                    ".method",
                    "方式「基準値からの進捗」(progress) には基準値（数値）が必要です".into(),
                );
            }
            if target.value.is_none() {
                self.push(
                    ".method",
                    "目標が数値でないため、方式「基準値からの進捗」(progress) は使えません".into(),
                );
            }
            if let (Some(b), Some(t)) = (baseline, target.value) {
                if b == t {
                    self.push(
                        ".method",
                        "基準値と目標値が同じため、方式「基準値からの進捗」(progress) は使えません"
                            .into(),
                    );
                }
            }
        }
        if kpi.aggregation == Aggregation::BaselinePlusCumulative && baseline.is_none() {
            self.push(
                ".aggregation",
                "baseline_plus_cumulative には基準値（数値）が必要です（基準値がない場合は cumulative）".into(),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn minimal() -> serde_json::Value {
        serde_json::json!({
            "schema_version": 1, "id": "t", "revision": 1, "municipality": "テスト市",
            "title": "計画", "period": {"start": 2021, "end": 2026}, "levels": ["方針"],
            "nodes": [{"id": "n1", "title": "方針1", "kpis": [
                {"id": "k1", "name": "指標", "baseline": {"value": 10.0},
                 "target": {"value": 20.0, "fy": 2026, "kind": "at_least"},
                 "actuals": {"2021": 12.0}}
            ]}]
        })
    }

    fn problems(v: serde_json::Value) -> Vec<Problem> {
        parse_plan(&v.to_string()).expect_err("should be refused")
    }

    #[test]
    fn accepts_minimal_plan() {
        let plan = parse_plan(&minimal().to_string()).unwrap();
        assert_eq!(plan.nodes[0].kpis[0].actuals[&2021], Figure::Number(12.0));
    }

    /// The format writes its structs as JSON objects, but serde's derive also reads a struct
    /// from an array of its fields in order (`"period": [2021, 2026]`), and so does the
    /// plan's reader. An array of the wrong length is refused where it is, in Japanese.
    #[test]
    fn a_struct_written_as_an_array_is_read_in_field_order() {
        let mut v = minimal();
        v["period"] = serde_json::json!([2021, 2026]);
        v["nodes"][0]["kpis"][0]["baseline"] = serde_json::json!([10.0, "R2", 2020]);
        let plan = parse_plan(&v.to_string()).unwrap();
        assert_eq!(
            plan.period,
            parse_plan(&minimal().to_string()).unwrap().period
        );
        let baseline = plan.nodes[0].kpis[0].baseline.as_ref().unwrap();
        assert_eq!(baseline.value, Some(10.0));
        assert_eq!(baseline.as_of.as_deref(), Some("R2"));
        assert_eq!(baseline.fy, Some(2020));

        // Too few elements for the fields it needs, or more than it has.
        let short = "配列の要素が足りません（1 個です）。項目名を付けたオブジェクト（{ … }）で書いてください";
        let mut v = minimal();
        v["period"] = serde_json::json!([2021]);
        assert_eq!(problems(v), vec![Problem::new("$.period", short)]);
        let mut v = minimal();
        v["period"] = serde_json::json!([]);
        let p = problems(v);
        assert_eq!(p[0].path, "$.period");
        assert!(
            p[0].message
                .starts_with("配列の要素が足りません（0 個です）"),
            "{p:?}"
        );
        let mut v = minimal();
        v["nodes"][0]["kpis"][0] = serde_json::json!(["k1", null]);
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis[0]");
        assert!(
            p[0].message
                .starts_with("配列の要素が足りません（2 個です）"),
            "{p:?}"
        );
        let mut v = minimal();
        v["period"] = serde_json::json!([2021, 2026, 2030]);
        assert_eq!(
            problems(v),
            vec![Problem::new("$.period[2]", TOO_MANY_ELEMENTS)]
        );
    }

    /// What is optional may be missing or `null`; a list must be an array (said in Japanese).
    #[test]
    fn optional_structs_may_be_null_and_lists_must_be_arrays() {
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["baseline"] = serde_json::Value::Null;
        v["bands"] = serde_json::Value::Null;
        let plan = parse_plan(&v.to_string()).unwrap();
        assert_eq!(plan.nodes[0].kpis[0].baseline, None);
        assert_eq!(plan.bands, None);

        let mut v = minimal();
        v["nodes"][0]["kpis"] = serde_json::json!({"id": "k1"});
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis");
        assert_eq!(
            p[0].message,
            "配列（[ … ]）が必要です（オブジェクトが入っています）"
        );
    }

    /// After a failed parse, the schema version is read from the top level only, and said
    /// to be missing, not a number, or not this one.
    #[test]
    fn the_schema_version_is_checked_at_the_top_level() {
        let check = |t: &str| check_version(t, true).map(|p| (p.path, p.message));
        let missing = Some((
            "$.schema_version".to_string(),
            "schema_version がありません。このアプリの計画データではない可能性があります"
                .to_string(),
        ));
        assert_eq!(
            check(r#"{"a":{"schema_version":9},"schema_version":2}"#),
            Some(version_problem("2")).map(|p| (p.path, p.message))
        );
        assert_eq!(
            check(r#"{"schema_version":1.5}"#),
            Some(version_problem("1.5")).map(|p| (p.path, p.message))
        );
        assert_eq!(check(r#"{"a":[1,{"schema_version":1}]}"#), missing);
        assert_eq!(check(r#"{"schema_version":null}"#), missing);
        assert_eq!(
            check(r#"{"schema_version":"1"}"#).unwrap().1,
            "schema_version は数値で書いてください（例: 1）"
        );
        assert_eq!(check(r#"{"schema_version":1,"title":3}"#), None);
        assert_eq!(
            check("[1]").unwrap().1,
            "計画データは JSON オブジェクト（{ … }）である必要があります"
        );
        // A repeated field is named by the parse's own error.
        let mut text = minimal().to_string();
        text.insert_str(1, r#""schema_version":1,"#);
        assert_eq!(
            parse_plan(&text).unwrap_err(),
            vec![Problem::new(
                "$.schema_version",
                "項目「schema_version」が2回以上書かれています"
            )]
        );
    }

    #[test]
    fn refuses_unknown_schema_version() {
        let mut v = minimal();
        v["schema_version"] = 7.into();
        let p = problems(v);
        assert_eq!(p[0].path, "$.schema_version");
        assert!(p[0].message.contains("バージョン 7"), "{}", p[0].message);
    }

    /// A figure is a number or a text; anything else is refused at its year, in Japanese,
    /// whether it is the last of its map or not, compact or pretty-printed.
    #[test]
    fn refuses_a_figure_that_is_neither_number_nor_text() {
        let kpi = "$.nodes[0].kpis[0]";
        for value in [
            serde_json::json!(true),
            serde_json::json!(null),
            serde_json::json!({"value": 1}),
            serde_json::json!([1]),
        ] {
            for field in ["actuals", "targets"] {
                for (bad, good) in [("2023", "2024"), ("2023", "2022")] {
                    let mut v = minimal();
                    v["nodes"][0]["kpis"][0][field] =
                        serde_json::json!({ good: 1, bad: value.clone() });
                    for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
                        let p = parse_plan(&text).unwrap_err();
                        assert_eq!(
                            p,
                            vec![Problem::new(
                                format!("{kpi}.{field}.{bad}"),
                                "数値または文字列が必要です"
                            )],
                            "{field} {bad}: {value} in {text}"
                        );
                    }
                }
            }
        }
        // In a department's row too.
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["series"] =
            serde_json::json!([{"label": "A課", "actuals": {"2021": 1, "2022": false}}]);
        assert_eq!(problems(v)[0].path, format!("{kpi}.series[0].actuals.2022"));
    }

    #[test]
    fn refuses_text_where_number_required() {
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["baseline"]["value"] = "七十八".into();
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis[0].baseline.value");
        assert!(p[0].message.contains("数値が必要です"), "{}", p[0].message);
        assert!(p[0].message.contains("七十八"), "{}", p[0].message);
    }

    #[test]
    fn a_plan_saved_as_shift_jis_is_refused_for_its_encoding() {
        // Yuzawa's plan with its title's first characters in Shift_JIS (湯沢 and 表, whose
        // second byte is `\`), decoded as UTF-8 the way a browser decodes a download.
        let text = include_str!("../../seeds/yuzawa.json");
        let at = text.find("湯沢市経営戦略").unwrap();
        let sjis = [
            &text.as_bytes()[..at],
            &[0x93, 0x92, 0x91, 0xF2, 0x95, 0x5C],
            &text.as_bytes()[at + "湯沢".len()..],
        ]
        .concat();
        let decoded = String::from_utf8_lossy(&sjis);
        let p = parse_plan(&decoded).unwrap_err();
        let first_bad = decoded.find('\u{FFFD}').unwrap();
        let line = 1 + decoded[..first_bad].matches('\n').count();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].path, "$");
        assert_eq!(
            p[0].message,
            format!("文字コードが UTF-8 ではありません（{line}行目に読めない文字があります）。UTF-8 で保存し直してください")
        );
        // A good file with a syntax error is still told where the JSON breaks.
        let broken = text.replacen("{", "{,", 1);
        assert!(parse_plan(&broken).unwrap_err()[0]
            .message
            .contains("JSON として読めません"));
    }

    #[test]
    fn refuses_duplicate_ids_with_both_paths() {
        let mut v = minimal();
        let kpi = v["nodes"][0]["kpis"][0].clone();
        v["nodes"][0]["kpis"].as_array_mut().unwrap().push(kpi);
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis[1].id");
        assert!(p[0].message.contains("重複") && p[0].message.contains("$.nodes[0].kpis[0]"));
    }

    #[test]
    fn refuses_more_bands_than_a_roll_up_counts() {
        let band = |i: i32| serde_json::json!({"id": format!("b{i}"), "label": format!("区分{i}"), "min_rate": 100 - 10 * i, "color": "#000000", "symbol": "●"});
        let mut v = minimal();
        v["bands"] = (0..8).map(band).collect();
        assert!(parse_plan(&v.to_string()).is_ok());
        v["bands"] = (0..9).map(band).collect();
        let p = problems(v);
        assert_eq!(p[0].path, "$.bands");
        assert_eq!(p[0].message, "評価区分は8つまでです（9つあります）");
    }

    #[test]
    fn refuses_year_outside_period() {
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["actuals"]["2031"] = 1.into();
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis[0].actuals.2031");
        assert!(p[0].message.contains("計画期間"));
    }

    #[test]
    fn refuses_method_that_cannot_apply() {
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["method"] = "progress".into();
        v["nodes"][0]["kpis"][0]["target"] =
            serde_json::json!({"fy": 2026, "kind": "milestone", "text": "策定"});
        let p = problems(v);
        assert!(p.iter().any(
            |p| p.path == "$.nodes[0].kpis[0].method" && p.message.contains("目標が数値でない")
        ));
    }

    #[test]
    fn refuses_unknown_field_and_enum_value_in_japanese() {
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["direction"] = "up".into();
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis[0].direction");
        assert_eq!(
            p[0].message,
            "「up」は使えない値です（使える値: increase, decrease, maintain）"
        );
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["target"]["kind"] = "atleast".into();
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0].kpis[0].target.kind");
        assert_eq!(
            p[0].message,
            "「atleast」は使えない値です（使える値: exactly, at_least, at_most, improve, milestone）"
        );
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["aggregation"] = "sum".into();
        assert_eq!(
            problems(v)[0].message,
            "「sum」は使えない値です（使える値: latest, cumulative, baseline_plus_cumulative, average）"
        );
        let mut v = minimal();
        v["method"] = "percent".into();
        assert_eq!(
            problems(v)[0].message,
            "「percent」は使えない値です（使える値: ratio, progress）"
        );
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["series"] = serde_json::json!([{"label": "計", "kind": "sum"}]);
        assert_eq!(
            problems(v)[0].message,
            "「sum」は使えない値です（使える値: department, total）"
        );
        // A keyword that is not a string.
        for (value, found) in [
            (serde_json::json!(1), "数値"),
            (serde_json::json!(true), "真偽値"),
            (serde_json::json!(null), "null"),
            (serde_json::json!(["increase"]), "配列"),
        ] {
            let mut v = minimal();
            v["nodes"][0]["kpis"][0]["direction"] = value;
            let p = problems(v);
            assert_eq!(p[0].path, "$.nodes[0].kpis[0].direction");
            assert_eq!(
                p[0].message,
                format!("文字列が必要です（{found}が入っています）")
            );
        }

        let mut v = minimal();
        v["nodes"][0]["titel"] = "x".into();
        let p = problems(v);
        assert!(
            p[0].message.contains("不明な項目「titel」"),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn locates_errors_in_pretty_printed_files() {
        let mut v = minimal();
        v["nodes"][0]["kpis"][0]["target"]["value"] = "多い".into();
        let text = serde_json::to_string_pretty(&v).unwrap();
        let p = parse_plan(&text).unwrap_err();
        assert_eq!(p[0].path, "$.nodes[0].kpis[0].target.value");
        let p = parse_plan(&text.replace("\"kpis\"", "\"kpiz\"")).unwrap_err();
        assert_eq!(p[0].path, "$.nodes[0].kpiz");
        assert!(
            p[0].message.contains("不明な項目「kpiz」"),
            "{}",
            p[0].message
        );
        let clean = serde_json::to_string_pretty(&minimal()).unwrap();
        let p =
            parse_plan(&clean.replace("\"title\": \"方針1\"", "\"title\": [1, 2]")).unwrap_err();
        assert_eq!(p[0].path, "$.nodes[0].title");
    }

    #[test]
    fn refuses_missing_field_and_broken_json() {
        let mut v = minimal();
        v["nodes"][0].as_object_mut().unwrap().remove("title");
        let p = problems(v);
        assert_eq!(p[0].path, "$.nodes[0]");
        assert!(
            p[0].message.contains("「title」がありません"),
            "{}",
            p[0].message
        );

        let p = parse_plan("{\"schema_version\": 1,").unwrap_err();
        assert!(p[0].message.contains("JSON として読めません"));
        let p = parse_plan("[1,2]").unwrap_err();
        assert!(p[0].message.contains("オブジェクト"));
    }
}
