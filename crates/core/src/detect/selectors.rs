//! The data-driven detector: every rule of `rules/rules.toml`, its selector, then its
//! confirmation (evidence, text, size, exclusions).

use super::{Context, Detector, Precheck};
use crate::dom::Dom;
use crate::plan::Finding;
use crate::rules::{Rule, RULES};
use crate::text::meaningful_len;

/// The selector rules of `rules/rules.toml`, one unit of work per rule.
pub struct SelectorRules;

impl<D: Dom> Detector<D> for SelectorRules {
    fn name(&self) -> &'static str {
        "selector rules"
    }

    fn units(&self) -> usize {
        RULES.len()
    }

    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>) {
        if let Some(rule) = RULES.get(unit).filter(|r| cx.opts.wants(r.meta.kind)) {
            run_rule(cx.dom, rule, cx.host, out);
        }
    }

    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Selector(union().to_string())]
    }

    /// Every candidate of a rule matches its `select`, so the union of them all gates the rules.
    fn gate(&self) -> Option<&str> {
        Some(union())
    }
}

/// Every rule's `select` in one selector list.
pub fn union() -> &'static str {
    static UNION: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    UNION.get_or_init(|| RULES.iter().map(|r| r.select).collect::<Vec<_>>().join(", "))
}

/// One rule over the page: its candidates, confirmed.
pub fn run_rule<D: Dom>(dom: &D, rule: &'static Rule, host: Option<&str>, out: &mut Vec<Finding<D::Node>>) {
    for node in dom.select(None, rule.select) {
        if confirm(dom, rule, &node) && (!rule.external_link || links_elsewhere(dom, &node, host)) {
            out.push(Finding::element_of(node, &rule.meta));
        }
    }
}

/// The host of an absolute or protocol-relative link, lower-cased, without `www.`.
pub fn link_host(href: &str) -> Option<String> {
    let href = href.trim();
    let absolute = if href.starts_with("//") { format!("https:{href}") } else { href.to_string() };
    let host = crate::dom::url_host(&absolute)?;
    Some(host.strip_prefix("www.").map(str::to_string).unwrap_or(host))
}

/// Whether every image link inside goes to another host than the page's, and there is one.
fn links_elsewhere<D: Dom>(dom: &D, node: &D::Node, page_host: Option<&str>) -> bool {
    let Some(page) = page_host.map(|h| h.strip_prefix("www.").unwrap_or(h).to_ascii_lowercase()) else {
        return false;
    };
    let mut links = dom.select(Some(node), "a[href]");
    if dom.matches(node, "a[href]") {
        links.push(node.clone());
    }
    links.retain(|a| !dom.select(Some(a), "img").is_empty());
    !links.is_empty()
        && links
            .iter()
            .all(|a| dom.attr(a, "href").and_then(|h| link_host(&h)).is_some_and(|h| h != page && !h.ends_with(&format!(".{page}"))))
}

/// A candidate of `rule` becomes a finding only when every confirmation holds.
pub fn confirm<D: Dom>(dom: &D, rule: &Rule, node: &D::Node) -> bool {
    if let Some(u) = rule.unless {
        if dom.is_or_inside(node, u) {
            return false;
        }
    }
    if let Some(u) = rule.unless_has {
        if !dom.select(Some(node), u).is_empty() {
            return false;
        }
    }
    if let Some(ev) = rule.evidence {
        if !dom.is_or_has(node, ev) {
            return false;
        }
    }
    if rule.evidence_text.is_empty() && rule.max_text == 0 {
        return true;
    }
    let text = dom.text(node);
    if !rule.evidence_text.is_empty() {
        let lower = text.to_lowercase();
        if !rule.evidence_text.iter().any(|w| lower.contains(w)) {
            return false;
        }
    }
    rule.max_text == 0 || meaningful_len(&text) <= rule.max_text
}
