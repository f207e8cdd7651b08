//! Compiles `rules/rules.toml` (the one source of adstrip's WordPress knowledge) into static
//! Rust tables (`$OUT_DIR/rules_gen.rs`), so that the rules cost nothing to parse when a page
//! loads, and checks them: a malformed rule fails the build with the rule's id, not the page at
//! run time. `@name` references to `[lists]` are expanded here, once.

use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    limits: Limits,
    text: Text,
    affiliate: Affiliate,
    lists: BTreeMap<String, String>,
    rule: Vec<Rule>,
    reader: Reader,
    /// The vocabularies of the generic detectors: free-form tables of strings, string lists
    /// and numbers, generated as `rules::<table>::UPPER_KEY`.
    opt_in: BTreeMap<String, toml::Value>,
    ad_slot: BTreeMap<String, toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Limits {
    furniture_text: usize,
    article_share: f64,
    article_chars: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Text {
    ad_labels: Vec<String>,
    subscribe_heading: Vec<String>,
    subscribe_line: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Affiliate {
    partner_params: Vec<String>,
    host_params: Vec<String>,
    networks: Vec<String>,
    units: String,
    not_inside: String,
    max_text: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Reader {
    furniture: Vec<String>,
    subscribe_form: String,
    max_subscribe_group_text: usize,
    keep_classes: Vec<String>,
    lazy_src: Vec<String>,
    lazy_srcset: Vec<String>,
    boilerplate_names: Vec<String>,
    comment_names: Vec<String>,
    author_names: Vec<String>,
    lead_names: Vec<String>,
    lead_image_names: Vec<String>,
    credit_names: Vec<String>,
    caption_credit_names: Vec<String>,
    credit_labels: Vec<String>,
    link_list_names: Vec<String>,
    see_also: Vec<String>,
    paywall_calls: Vec<String>,
    end_notices: Vec<String>,
    max_boilerplate_percent: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    id: String,
    kind: String,
    family: String,
    reason: String,
    select: String,
    #[serde(default)]
    stylesheet: bool,
    #[serde(default)]
    evidence: Option<String>,
    #[serde(default)]
    evidence_text: Vec<String>,
    #[serde(default)]
    max_text: usize,
    #[serde(default = "yes")]
    climb: bool,
    #[serde(default)]
    unless: Option<String>,
    #[serde(default)]
    unless_has: Option<String>,
    #[serde(default)]
    external_link: bool,
}

fn yes() -> bool {
    true
}

/// Replaces every `@name` part of a selector list with the named list (lists may name lists).
fn expand(sel: &str, named: &BTreeMap<String, String>, at: &str, depth: usize) -> String {
    assert!(depth < 8, "{at}: @name lists nest too deep (a cycle?)");
    top_level_parts(sel)
        .into_iter()
        .map(|part| {
            let part = part.trim();
            match part.strip_prefix('@') {
                Some(name) => {
                    let list = named.get(name).unwrap_or_else(|| panic!("{at}: unknown list @{name}"));
                    expand(list, named, at, depth + 1)
                }
                None => part.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The parts of a selector list, split at commas outside brackets and parentheses.
fn top_level_parts(sel: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (i, c) in sel.char_indices() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&sel[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&sel[start..]);
    parts
}

fn check_balanced(sel: &str, at: &str) {
    let mut depth = 0i32;
    for c in sel.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "{at}: unbalanced selector {sel}");
    }
    assert_eq!(depth, 0, "{at}: unbalanced selector {sel}");
}

/// A selector that finds candidates: balanced, no empty part, never page structure itself.
fn check_selector(sel: &str, at: &str) {
    assert!(!sel.trim().is_empty(), "{at}: empty selector");
    check_balanced(sel, at);
    for part in top_level_parts(sel) {
        let p = part.trim();
        assert!(!p.is_empty(), "{at}: empty part in selector {sel}");
        assert!(
            !matches!(p, "html" | "body" | "main" | "article" | "*" | "div" | "p"),
            "{at}: selector part {p} would match page structure"
        );
    }
}

/// The affiliate detector's data: parameter names, host labels and hosts lower-case and plain
/// (the detector compares them with links' hrefs as they are), selectors valid.
fn write_affiliate(out: &mut String, a: &Affiliate) {
    let plain =
        |s: &str, extra: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(c));
    for p in &a.partner_params {
        assert!(plain(p, "_-"), "affiliate partner_params: {p} must be a lower-case parameter name");
        assert!(!p.starts_with("utm_"), "affiliate partner_params: {p}: utm_ parameters are campaign tags, not partner ids");
    }
    let mut scoped: Vec<(String, String)> = Vec::new();
    for hp in &a.host_params {
        let (p, label) = hp.split_once('@').unwrap_or_else(|| panic!("affiliate host_params: {hp} is not name@label"));
        assert!(plain(p, "_-") && plain(label, "-"), "affiliate host_params: {hp} must be lower-case name@label");
        scoped.push((p.to_string(), label.to_string()));
    }
    for h in &a.networks {
        assert!(
            plain(h, ".-") && h.contains('.') && !h.starts_with("www."),
            "affiliate networks: {h} must be a lower-case host name without www."
        );
    }
    check_selector(&a.units, "[affiliate] units");
    check_selector(&a.not_inside, "[affiliate] not_inside");
    writeln!(out, "pub static AFFILIATE_PARAMS: &[&str] = &{:?};", a.partner_params).unwrap();
    writeln!(out, "pub static AFFILIATE_HOST_PARAMS: &[(&str, &str)] = &{scoped:?};").unwrap();
    writeln!(out, "pub static AFFILIATE_NETWORKS: &[&str] = &{:?};", a.networks).unwrap();
    writeln!(out, "pub const AFFILIATE_UNITS: &str = {:?};", a.units).unwrap();
    writeln!(out, "pub const AFFILIATE_NOT_INSIDE: &str = {:?};", a.not_inside).unwrap();
    writeln!(out, "pub const AFFILIATE_MAX_TEXT: usize = {};", a.max_text).unwrap();
}

/// Reader mode's vocabulary: furniture selectors, WordPress classes, lazy-image attributes.
fn write_reader(out: &mut String, r: &Reader) {
    for (i, f) in r.furniture.iter().enumerate() {
        check_selector(f, &format!("[reader] furniture[{i}]"));
    }
    check_selector(&r.subscribe_form, "[reader] subscribe_form");
    let attr = |a: &String| !a.is_empty() && a.chars().all(|c| c.is_ascii_lowercase() || c == '-');
    for a in r.lazy_src.iter().chain(&r.lazy_srcset) {
        assert!(attr(a), "[reader] lazy attribute {a} must be a lower-case attribute name");
    }
    writeln!(out, "pub mod reader {{").unwrap();
    writeln!(out, "    pub static FURNITURE: &[&str] = &{:?};", r.furniture).unwrap();
    writeln!(out, "    pub const SUBSCRIBE_FORM: &str = {:?};", r.subscribe_form).unwrap();
    writeln!(out, "    pub const MAX_SUBSCRIBE_GROUP_TEXT: usize = {};", r.max_subscribe_group_text).unwrap();
    writeln!(out, "    pub static KEEP_CLASSES: &[&str] = &{:?};", r.keep_classes).unwrap();
    writeln!(out, "    pub static LAZY_SRC: &[&str] = &{:?};", r.lazy_src).unwrap();
    writeln!(out, "    pub static LAZY_SRCSET: &[&str] = &{:?};", r.lazy_srcset).unwrap();
    for w in r
        .boilerplate_names
        .iter()
        .chain(&r.comment_names)
        .chain(&r.author_names)
        .chain(&r.lead_names)
        .chain(&r.lead_image_names)
        .chain(&r.credit_names)
        .chain(&r.caption_credit_names)
        .chain(&r.link_list_names)
    {
        assert!(w.chars().all(|c| c.is_lowercase() || c.is_ascii_digit()), "[reader] boilerplate_names: {w} must be one lower-case word");
    }
    // Phrases matched lower-cased and contained: each non-empty, lower-case and trimmed.
    for (key, list) in [
        ("see_also", &r.see_also),
        ("credit_labels", &r.credit_labels),
        ("end_notices", &r.end_notices),
        ("paywall_calls", &r.paywall_calls),
    ] {
        for p in list {
            assert!(!p.is_empty() && p.to_lowercase() == *p && p.trim() == p, "[reader] {key}: {p:?} must be lower-case and trimmed");
        }
    }
    for p in &r.end_notices {
        assert!(p.contains(' '), "[reader] end_notices: {p:?} must be a phrase");
    }
    for p in &r.paywall_calls {
        assert!(
            p.contains(' ') || p.chars().count() >= 10,
            "[reader] paywall_calls: {p:?} must be a phrase or a call of 10 characters or more, not a bare word"
        );
    }
    assert!(r.max_boilerplate_percent <= 50, "[reader] max_boilerplate_percent must be at most 50");
    writeln!(out, "    pub static BOILERPLATE_NAMES: &[&str] = &{:?};", r.boilerplate_names).unwrap();
    writeln!(out, "    pub static COMMENT_NAMES: &[&str] = &{:?};", r.comment_names).unwrap();
    writeln!(out, "    pub static AUTHOR_NAMES: &[&str] = &{:?};", r.author_names).unwrap();
    writeln!(out, "    pub static LEAD_NAMES: &[&str] = &{:?};", r.lead_names).unwrap();
    writeln!(out, "    pub static LEAD_IMAGE_NAMES: &[&str] = &{:?};", r.lead_image_names).unwrap();
    writeln!(out, "    pub static CAPTION_CREDIT_NAMES: &[&str] = &{:?};", r.caption_credit_names).unwrap();
    writeln!(out, "    pub static CREDIT_NAMES: &[&str] = &{:?};", r.credit_names).unwrap();
    writeln!(out, "    pub static LINK_LIST_NAMES: &[&str] = &{:?};", r.link_list_names).unwrap();
    writeln!(out, "    pub static SEE_ALSO: &[&str] = &{:?};", r.see_also).unwrap();
    writeln!(out, "    pub static CREDIT_LABELS: &[&str] = &{:?};", r.credit_labels).unwrap();
    writeln!(out, "    pub static END_NOTICES: &[&str] = &{:?};", r.end_notices).unwrap();
    writeln!(out, "    pub static PAYWALL_CALLS: &[&str] = &{:?};", r.paywall_calls).unwrap();
    writeln!(out, "    pub const MAX_BOILERPLATE_PERCENT: usize = {};", r.max_boilerplate_percent).unwrap();
    writeln!(out, "}}").unwrap();
}

/// A detector's vocabulary table as `pub mod name { ... }`: a string is a `&str` (a selector
/// list gets `@name` expanded and checked), a list of strings a `&[&str]`, an integer a `usize`.
fn write_vocabulary(out: &mut String, name: &str, table: &BTreeMap<String, toml::Value>, lists: &BTreeMap<String, String>) {
    writeln!(out, "pub mod {name} {{").unwrap();
    for (key, value) in table {
        let at = format!("[{name}] {key}");
        assert!(key.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'), "{at}: keys are lower_case");
        let upper = key.to_uppercase();
        match value {
            toml::Value::String(s) => {
                let full = expand(s, lists, &at, 0);
                check_balanced(&full, &at);
                writeln!(out, "    pub const {upper}: &str = {full:?};").unwrap();
            }
            toml::Value::Integer(n) => {
                assert!(*n >= 0, "{at}: must not be negative");
                writeln!(out, "    pub const {upper}: usize = {n};").unwrap();
            }
            toml::Value::Array(items) => {
                let strings: Vec<&str> = items.iter().map(|v| v.as_str().unwrap_or_else(|| panic!("{at}: a list of strings"))).collect();
                writeln!(out, "    pub static {upper}: &[&str] = &{strings:?};").unwrap();
            }
            other => panic!("{at}: {other} is not a string, a list of strings or a number"),
        }
    }
    writeln!(out, "}}").unwrap();
}

/// `[lists]` as constants `lists::UPPER_NAME`, each expanded.
fn write_lists(out: &mut String, lists: &BTreeMap<String, String>) {
    writeln!(out, "pub mod lists {{").unwrap();
    for (name, sel) in lists {
        assert!(name.chars().all(|c| c.is_ascii_lowercase() || c == '_'), "[lists] {name}: names are lower_case_with_underscores");
        let at = format!("[lists] {name}");
        // Lists are also content checks ("holds a p"), so only balance is checked here; a list
        // used as a rule's `select` is checked there as a candidate selector.
        let full = expand(sel, lists, &at, 0);
        check_balanced(&full, &at);
        assert!(top_level_parts(&full).iter().all(|p| !p.trim().is_empty()), "{at}: empty part");
        writeln!(out, "    pub const {}: &str = {full:?};", name.to_uppercase()).unwrap();
    }
    writeln!(out, "}}").unwrap();
}

fn main() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../rules/rules.toml");
    println!("cargo:rerun-if-changed={path}");
    println!("cargo:rerun-if-changed=build.rs");
    let src = std::fs::read_to_string(path).expect("read rules/rules.toml");
    let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("rules/rules.toml: {e}"));

    let mut out = String::new();
    let mut ids = HashSet::new();
    writeln!(out, "pub const FURNITURE_TEXT: usize = {};", file.limits.furniture_text).unwrap();
    writeln!(out, "pub const ARTICLE_SHARE: f64 = {:?};", file.limits.article_share).unwrap();
    writeln!(out, "pub const ARTICLE_CHARS: usize = {};", file.limits.article_chars).unwrap();
    for l in &file.text.ad_labels {
        assert_eq!(l, &l.to_lowercase(), "ad label {l} must be lower case");
    }
    for (name, list) in [
        ("AD_LABELS", &file.text.ad_labels),
        ("SUBSCRIBE_HEADING", &file.text.subscribe_heading),
        ("SUBSCRIBE_LINE", &file.text.subscribe_line),
    ] {
        writeln!(out, "pub static {name}: &[&str] = &{list:?};").unwrap();
    }
    write_affiliate(&mut out, &file.affiliate);
    write_lists(&mut out, &file.lists);
    write_reader(&mut out, &file.reader);
    write_vocabulary(&mut out, "opt_in", &file.opt_in, &file.lists);
    write_vocabulary(&mut out, "ad_slot", &file.ad_slot, &file.lists);
    writeln!(out, "pub static RULES: &[Rule] = &[").unwrap();
    for r in &file.rule {
        let at = format!("rule {}", r.id);
        assert!(ids.insert(r.id.clone()), "duplicate rule id {}", r.id);
        assert!(!r.reason.trim().is_empty(), "{at}: no reason");
        let kind = match r.kind.as_str() {
            "ad" => "Kind::Ad",
            "subscribe" => "Kind::Subscribe",
            k => panic!("{at}: kind {k} is not ad or subscribe"),
        };
        let select = expand(&r.select, &file.lists, &at, 0);
        check_selector(&select, &at);
        let [evidence, unless, unless_has] = [&r.evidence, &r.unless, &r.unless_has].map(|s| {
            s.as_ref().map(|s| {
                let full = expand(s, &file.lists, &at, 0);
                check_balanced(&full, &at);
                full
            })
        });
        if r.stylesheet {
            assert!(
                r.evidence.is_none() && r.evidence_text.is_empty() && r.unless_has.is_none() && r.max_text == 0 && !r.external_link,
                "{at}: a stylesheet rule hides without confirmation, so it takes no evidence, unless_has or max_text"
            );
        }
        let et: Vec<String> = r.evidence_text.iter().map(|t| t.to_lowercase()).collect();
        writeln!(
            out,
            "    Rule {{ meta: RuleMeta {{ id: {:?}, kind: {kind}, family: {:?}, reason: {:?}, climb: {} }}, select: {select:?}, stylesheet: {}, evidence: {evidence:?}, evidence_text: &{et:?}, max_text: {}, unless: {unless:?}, unless_has: {unless_has:?}, external_link: {} }},",
            r.id, r.family, r.reason, r.climb, r.stylesheet, r.max_text, r.external_link
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("rules_gen.rs");
    std::fs::write(dest, out).unwrap();
}
