//! The data-driven detector: every rule of `rules/rules.toml`, its selector, then its
//! confirmation (evidence, text, size, exclusions).

use super::{Context, Detector, Precheck, Work};
use crate::dom::Dom;
use crate::plan::Finding;
use crate::rules::{Rule, RULES};
use crate::text::meaningful_len;

/// The selector rules of `rules/rules.toml`, one unit of work per piece of a rule's selector
/// list (see [`pieces`]).
pub struct SelectorRules;

/// Selectors of one rule's list queried in one unit: a browser checks every element against
/// every selector of a list, so a long list over a huge page was one long task (a theme rule's
/// 24 classes over 100,000 elements took 30-70 ms); its pieces leave room in between.
const SELECTORS_PER_PIECE: usize = 8;

/// A selector list cut into pieces of at most [`SELECTORS_PER_PIECE`] selectors (each piece is
/// one unit of a detector's work: a browser checks every element against every selector of a
/// list, so a long list over a big page is a long task).
pub fn list_pieces(list: &str) -> Vec<String> {
    split_list(list).chunks(SELECTORS_PER_PIECE).map(|c| c.join(", ")).collect()
}

/// Every rule's `select` cut into pieces of at most [`SELECTORS_PER_PIECE`] selectors, in rule
/// order: (rule, piece).
pub fn pieces() -> &'static [(&'static Rule, String)] {
    static PIECES: std::sync::OnceLock<Vec<(&'static Rule, String)>> = std::sync::OnceLock::new();
    PIECES.get_or_init(|| {
        RULES.iter().flat_map(|r| split_list(r.select).chunks(SELECTORS_PER_PIECE).map(|c| (r, c.join(", "))).collect::<Vec<_>>()).collect()
    })
}

/// The characters of a selector list that stand outside quotes, parentheses and brackets (an
/// opening parenthesis or bracket itself included), with their byte offsets; an escaped
/// character is skipped.
pub fn top_level(list: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let (mut depth, mut quote) = (0i32, None);
    let mut chars = list.char_indices();
    std::iter::from_fn(move || loop {
        let (i, c) = chars.next()?;
        match (quote, c) {
            (_, '\\') => {
                chars.next();
            }
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => {
                depth += 1;
                if depth == 1 {
                    return Some((i, c));
                }
            }
            (None, ')' | ']') => depth -= 1,
            (None, _) if depth == 0 => return Some((i, c)),
            _ => {}
        }
    })
}

/// The top-level selectors of a selector list (commas inside parentheses, brackets and quotes
/// do not split).
pub fn split_list(list: &str) -> Vec<&str> {
    let (mut out, mut start) = (Vec::new(), 0);
    for (i, _) in top_level(list).filter(|(_, c)| *c == ',') {
        out.push(list[start..i].trim());
        start = i + 1;
    }
    out.push(list[start..].trim());
    out.retain(|s| !s.is_empty());
    out
}

impl<D: Dom> Detector<D> for SelectorRules {
    fn name(&self) -> &'static str {
        "selector rules"
    }

    fn units(&self) -> usize {
        pieces().len()
    }

    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>) {
        if let Work::Select(select) = <Self as Detector<D>>::work(self, cx, unit) {
            for node in cx.dom.select(None, select) {
                self.confirm(cx, unit, &node, &mut Default::default(), out);
            }
        }
    }

    fn work(&self, cx: &Context<'_, D>, unit: usize) -> Work {
        match pieces().get(unit).filter(|(r, _)| cx.opts.wants(r.meta.kind)) {
            Some((_, select)) => Work::Select(select),
            None => Work::Skip,
        }
    }

    fn confirm(
        &self,
        cx: &Context<'_, D>,
        unit: usize,
        node: &D::Node,
        _: &mut std::collections::HashSet<D::Key>,
        out: &mut Vec<Finding<D::Node>>,
    ) {
        if let Some((rule, _)) = pieces().get(unit) {
            confirm_one(cx.dom, rule, node, cx.host, out);
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
    run_select(dom, rule, rule.select, host, out);
}

/// A rule over what one piece of its selector list selects.
fn run_select<D: Dom>(dom: &D, rule: &'static Rule, select: &str, host: Option<&str>, out: &mut Vec<Finding<D::Node>>) {
    for node in dom.select(None, select) {
        confirm_one(dom, rule, &node, host, out);
    }
}

/// A candidate of `rule` as a finding, when it is confirmed.
fn confirm_one<D: Dom>(dom: &D, rule: &'static Rule, node: &D::Node, host: Option<&str>, out: &mut Vec<Finding<D::Node>>) {
    if confirm(dom, rule, node) && (!rule.external_link || links_elsewhere(dom, node, host)) {
        out.push(Finding::element_of(node.clone(), &rule.meta));
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
pub fn links_elsewhere<D: Dom>(dom: &D, node: &D::Node, page_host: Option<&str>) -> bool {
    let Some(page) = page_host.map(|h| h.strip_prefix("www.").unwrap_or(h).to_ascii_lowercase()) else {
        return false;
    };
    let mut links = dom.select(Some(node), "a[href]");
    if dom.matches(node, "a[href]") {
        links.push(node.clone());
    }
    links.retain(|a| dom.has(a, "img"));
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
        if dom.has(node, u) {
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
        let lower = crate::text::lower(&text);
        if !crate::text::contains_any(&lower, rule.evidence_text) {
            return false;
        }
    }
    rule.max_text == 0 || meaningful_len(&text) <= rule.max_text
}

#[cfg(test)]
mod piece_tests {
    use super::*;

    #[test]
    fn a_list_splits_at_top_level_commas_only() {
        assert_eq!(split_list("a, b ,c"), ["a", "b", "c"]);
        assert_eq!(
            split_list("div:not(.a, .b), p[title='x,y'], q[title=\"u,v\"]"),
            ["div:not(.a, .b)", "p[title='x,y']", "q[title=\"u,v\"]"]
        );
        assert_eq!(split_list("div:has(> ins.adsbygoogle)"), ["div:has(> ins.adsbygoogle)"]);
        assert_eq!(split_list(" a , "), ["a"]);
    }

    #[test]
    fn the_pieces_are_every_rule_whole_in_order() {
        let mut at = 0;
        for r in RULES.iter() {
            let mine: Vec<&str> = pieces()[at..].iter().take_while(|(p, _)| std::ptr::eq(*p, r)).flat_map(|(_, s)| split_list(s)).collect();
            assert_eq!(mine, split_list(r.select), "{}", r.meta.id);
            at += pieces()[at..].iter().take_while(|(p, _)| std::ptr::eq(*p, r)).count();
        }
        assert_eq!(at, pieces().len());
        assert!(pieces().iter().all(|(_, s)| split_list(s).len() <= SELECTORS_PER_PIECE));
        assert!(pieces().len() > RULES.len(), "no rule is long enough to be cut: the test proves nothing");
    }
}
