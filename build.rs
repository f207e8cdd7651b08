//! Compiles `rules/rules.toml` into static Rust tables (`$OUT_DIR/rules_gen.rs`), so that the
//! rules cost nothing to parse when a page loads, and checks them: a malformed rule fails the
//! build with the rule's id, not the page at run time.

use serde::Deserialize;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    limits: Limits,
    text: Text,
    affiliate: Affiliate,
    evidence: BTreeMap<String, String>,
    rule: Vec<Rule>,
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

fn expand(sel: &str, named: &BTreeMap<String, String>, id: &str) -> String {
    top_level_parts(sel)
        .into_iter()
        .map(|part| {
            let part = part.trim();
            match part.strip_prefix('@') {
                Some(name) => named
                    .get(name)
                    .unwrap_or_else(|| panic!("rule {id}: unknown evidence list @{name}"))
                    .clone(),
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

fn check_selector(sel: &str, id: &str) {
    assert!(!sel.trim().is_empty(), "rule {id}: empty selector");
    let mut depth = 0i32;
    for c in sel.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth -= 1,
            _ => {}
        }
        assert!(depth >= 0, "rule {id}: unbalanced selector {sel}");
    }
    assert_eq!(depth, 0, "rule {id}: unbalanced selector {sel}");
    for part in top_level_parts(sel) {
        let p = part.trim();
        assert!(!p.is_empty(), "rule {id}: empty part in selector {sel}");
        assert!(
            !matches!(p, "html" | "body" | "main" | "article" | "*" | "div" | "p"),
            "rule {id}: selector part {p} would match page structure"
        );
    }
}

/// The affiliate detector's data: parameter names, host labels and hosts lower-case and plain
/// (the detector compares them with links' hrefs as they are), selectors valid.
fn write_affiliate(out: &mut String, a: &Affiliate) {
    let plain = |s: &str, extra: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || extra.contains(c));
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
        assert!(plain(h, ".-") && h.contains('.') && !h.starts_with("www."), "affiliate networks: {h} must be a lower-case host name without www.");
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

fn main() {
    println!("cargo:rerun-if-changed=rules/rules.toml");
    println!("cargo:rerun-if-changed=build.rs");
    let src = std::fs::read_to_string("rules/rules.toml").expect("read rules/rules.toml");
    let file: File = toml::from_str(&src).unwrap_or_else(|e| panic!("rules/rules.toml: {e}"));

    let mut out = String::new();
    let mut ids = HashSet::new();
    writeln!(out, "pub const FURNITURE_TEXT: usize = {};", file.limits.furniture_text).unwrap();
    writeln!(out, "pub const ARTICLE_SHARE: f64 = {:?};", file.limits.article_share).unwrap();
    writeln!(out, "pub const ARTICLE_CHARS: usize = {};", file.limits.article_chars).unwrap();
    for (name, list) in [
        ("AD_LABELS", &file.text.ad_labels),
        ("SUBSCRIBE_HEADING", &file.text.subscribe_heading),
        ("SUBSCRIBE_LINE", &file.text.subscribe_line),
    ] {
        if name == "AD_LABELS" {
            for l in list {
                assert_eq!(l, &l.to_lowercase(), "ad label {l} must be lower case");
            }
        }
        writeln!(out, "pub static {name}: &[&str] = &{list:?};").unwrap();
    }
    write_affiliate(&mut out, &file.affiliate);
    writeln!(out, "pub static RULES: &[Rule] = &[").unwrap();
    for r in &file.rule {
        assert!(ids.insert(r.id.clone()), "duplicate rule id {}", r.id);
        assert!(!r.reason.trim().is_empty(), "rule {}: no reason", r.id);
        let kind = match r.kind.as_str() {
            "ad" => "Kind::Ad",
            "subscribe" => "Kind::Subscribe",
            k => panic!("rule {}: kind {k} is not ad or subscribe", r.id),
        };
        check_selector(&r.select, &r.id);
        let ev = r.evidence.as_ref().map(|e| expand(e, &file.evidence, &r.id));
        for s in [Some(&r.select), ev.as_ref(), r.unless.as_ref(), r.unless_has.as_ref()]
            .into_iter()
            .flatten()
        {
            let mut depth = 0i32;
            for c in s.chars() {
                match c {
                    '[' | '(' => depth += 1,
                    ']' | ')' => depth -= 1,
                    _ => {}
                }
            }
            assert_eq!(depth, 0, "rule {}: unbalanced selector {s}", r.id);
        }
        if r.stylesheet {
            assert!(
                r.evidence.is_none() && r.evidence_text.is_empty() && r.unless_has.is_none() && r.max_text == 0 && !r.external_link,
                "rule {}: a stylesheet rule hides without confirmation, so it takes no evidence, unless_has or max_text",
                r.id
            );
        }
        let et: Vec<String> = r.evidence_text.iter().map(|t| t.to_lowercase()).collect();
        writeln!(
            out,
            "    Rule {{ id: {:?}, kind: {kind}, family: {:?}, reason: {:?}, select: {:?}, stylesheet: {}, evidence: {:?}, evidence_text: &{:?}, max_text: {}, climb: {}, unless: {:?}, unless_has: {:?}, external_link: {} }},",
            r.id, r.family, r.reason, r.select, r.stylesheet, ev, et, r.max_text, r.climb, r.unless, r.unless_has, r.external_link
        )
        .unwrap();
    }
    writeln!(out, "];").unwrap();
    let dest = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("rules_gen.rs");
    std::fs::write(dest, out).unwrap();
}
