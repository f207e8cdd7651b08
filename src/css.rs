//! The `document_start` stylesheet, generated from the rules data (never a hand-kept copy).
//!
//! Every rule marked `stylesheet = true` hides its selector at once, before first paint. A
//! rule's `unless` becomes a `:not(...)`. Elements the article guard refused are marked
//! `data-adstrip-keep` by the adapter, which the stylesheet respects. Each rule is its own
//! CSS rule, so a selector a browser does not know drops only that rule.

use crate::rules::RULES;

/// The marker attribute adapters set on what they hide (`KIND:RULE`).
pub const MARKER: &str = "data-adstrip";
/// The attribute adapters set on what the guard protects.
pub const KEEP: &str = "data-adstrip-keep";
/// The attribute the extension sets on the root element to lift the stylesheet at once, per
/// kind (`data-adstrip-off="ad subscribe"` when the user switches adstrip off for the site).
pub const OFF: &str = "data-adstrip-off";

pub fn stylesheet() -> String {
    let mut out = String::from("/* adstrip: generated from rules/rules.toml */\n");
    for rule in RULES.iter().filter(|r| r.stylesheet) {
        let not = match rule.unless {
            Some(u) => format!(":not(:is({u}), :is({u}) *, [{KEEP}])"),
            None => format!(":not([{KEEP}])"),
        };
        let kind = rule.kind.as_str();
        out.push_str(&format!(
            "/* {} */ :root:not([{OFF}~=\"{kind}\"]) :is({}){} {{ display: none !important; }}\n",
            rule.id, rule.select, not
        ));
    }
    for kind in ["ad", "subscribe"] {
        out.push_str(&format!(
            "/* findings */ :root:not([{OFF}~=\"{kind}\"]) [{MARKER}^=\"{kind}:\"]:not([{KEEP}]) {{ display: none !important; }}\n"
        ));
    }
    out
}

/// The high-confidence selectors alone (for the benchmarks' bare `querySelectorAll`).
pub fn high_confidence_selectors() -> Vec<&'static str> {
    RULES.iter().filter(|r| r.stylesheet).map(|r| r.select).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stylesheet_rule_is_in_the_stylesheet() {
        let css = stylesheet();
        for r in RULES.iter().filter(|r| r.stylesheet) {
            assert!(css.contains(r.select), "{} missing", r.id);
        }
        for r in RULES.iter().filter(|r| !r.stylesheet) {
            assert!(!css.contains(&format!("/* {} */", r.id)), "{} must need confirmation", r.id);
        }
        assert!(!css.contains("body {"), "never a rule on body");
    }
}
