//! Affiliate promotions: a shop pays the site for the visitors it sends when the link carries
//! the site's partner id (`?sPartner=106`, `?awc=...`, an affiliate network's click redirect).
//! Page builders lay such promotions out as ordinary heading and image widgets, with no ad
//! markup and no label, so they are found by their links:
//!
//! 1. Links to another site that carry a partner parameter or go to an affiliate network
//!    (`[affiliate]` in `rules/rules.toml`), outside the article, comments and navigation: one
//!    query for the page's links, their hrefs read in Rust.
//! 2. Their hosts are this page's affiliate shops: other links outside the article to the same
//!    shop are promotions too (a shop's bare `/?ref=ID` beside its `?sPartner=ID`).
//! 3. Each such link climbs to the outermost widget box that holds nothing but such links and
//!    short headings. A link in running text, in a list of other links or in a box with other
//!    content (a description, a form, a video) is never a finding.
//! 4. A short heading without a link standing just before such boxes goes with them (a
//!    "Save up to 50 %!" heading widget above the shop's image widgets).
//!
//! No finding is, holds or lies inside the guard's article. Learned shops are per scan: in the
//! browser's scans of added nodes only the links among those nodes are seen.

use super::{Context, Detector, Precheck};
use crate::detect::climb::{HEADING, INVISIBLE_TAGS, MAX_HEADING};
use crate::detect::selectors::link_host;
use crate::dom::Dom;
use crate::guard::Guard;
use crate::plan::Finding;
use crate::rules::{
    code::AFFILIATE_PROMO, AFFILIATE_HOST_PARAMS, AFFILIATE_MAX_TEXT, AFFILIATE_NETWORKS, AFFILIATE_NOT_INSIDE, AFFILIATE_PARAMS,
    AFFILIATE_UNITS, FURNITURE_TEXT,
};
// What makes a box more than links, the pictures that must sit inside the promotion's links, and
// what a box that shows nothing (a spacer) never holds: `[lists]` in rules.toml.
use crate::rules::lists::{AFFILIATE_FOREIGN as FOREIGN, AFFILIATE_PICTURES as PICTURES, AFFILIATE_VISIBLE as VISIBLE};
use crate::text::meaningful_len;
use std::collections::HashSet;

/// How far a link may climb to its box: link, image wrapper, widget container, widget,
/// column, row, section of tiles.
const MAX_LEVELS: usize = 10;
/// A promotion box is small: one with more children than this is a sidebar or a page section.
const MAX_CHILDREN: usize = 12;

/// Affiliate promotions outside the article (ads).
pub struct Affiliate;

impl<D: Dom> Detector<D> for Affiliate {
    fn name(&self) -> &'static str {
        "affiliate promotions"
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, out: &mut Vec<Finding<D::Node>>) {
        if cx.opts.ads {
            find(cx.dom, cx.guard, cx.host, out);
        }
    }

    /// Every promotion starts from a link with a partner parameter or to a network.
    fn precheck(&self) -> Vec<Precheck> {
        let params = AFFILIATE_PARAMS.iter().chain(AFFILIATE_HOST_PARAMS.iter().map(|(p, _)| p));
        let mut words: Vec<String> = params.flat_map(|p| [format!("?{p}="), format!("&{p}="), format!(";{p}=")]).collect();
        words.extend(AFFILIATE_NETWORKS.iter().map(|n| n.to_string()));
        vec![Precheck::Href(words.into_iter().map(|w| w.to_ascii_lowercase()).collect())]
    }
}

/// `host`: the page's host name ([`Dom::host`], which the scan asks once).
fn find<D: Dom>(dom: &D, guard: &Guard<D::Node>, host: Option<&str>, out: &mut Vec<Finding<D::Node>>) {
    let Some(page) = host.map(|h| bare(&h.to_ascii_lowercase()).to_string()) else {
        return; // off-site links cannot be told from the site's own
    };
    let outside = |a: &D::Node| !guard.article().is_some_and(|art| dom.contains(art, a)) && !dom.is_or_inside(a, AFFILIATE_NOT_INSIDE);
    let offsite_host = |a: &D::Node| -> Option<(String, String)> {
        let href = dom.attr(a, "href")?;
        let host = link_host(&href)?;
        (!same_site(&host, &page)).then_some((host, href))
    };

    // 1. Links with a partner id, and the shops they go to. One query for the page's links;
    // the hrefs are read in Rust (a list of some 70 attribute selectors cost the browser
    // 120 ms on a page of 100,000 elements). Each off-site link: (link, host, partner id?).
    let links: Vec<(D::Node, String, bool)> = dom
        .select(None, "a[href]")
        .into_iter()
        .filter_map(|a| {
            let (host, href) = offsite_host(&a)?;
            let partner = has_partner_id(&host, &href) || is_network(&host);
            Some((a, host, partner))
        })
        .collect();
    let mut promo: Vec<D::Node> = Vec::new();
    let mut keys: HashSet<D::Key> = HashSet::new();
    let mut shops: Vec<&str> = Vec::new();
    for (a, host, partner) in &links {
        if !partner || !outside(a) {
            continue;
        }
        if !shops.contains(&host.as_str()) {
            shops.push(host);
        }
        if keys.insert(dom.key(a)) {
            promo.push(a.clone());
        }
    }
    if promo.is_empty() {
        return;
    }

    // 2. Other links outside the article to those shops.
    for (a, host, _) in &links {
        if shops.contains(&host.as_str()) && !keys.contains(&dom.key(a)) && outside(a) {
            keys.insert(dom.key(a));
            promo.push(a.clone());
        }
    }

    // 3. The boxes the links fill.
    let mut units: Vec<D::Node> = Vec::new();
    let mut unit_keys: HashSet<D::Key> = HashSet::new();
    for a in &promo {
        if units.iter().any(|u| dom.contains(u, a)) {
            continue;
        }
        if let Some(u) = unit_of(dom, guard, a, &keys) {
            if unit_keys.insert(dom.key(&u)) {
                units.retain(|o| !dom.contains(&u, o));
                units.push(u);
            }
        }
    }
    let unit_keys: HashSet<D::Key> = units.iter().map(|u| dom.key(u)).collect();

    // 4. Their headings.
    let mut headings: Vec<D::Node> = Vec::new();
    let mut heading_keys: HashSet<D::Key> = HashSet::new();
    for u in &units {
        if let Some(h) = heading_before(dom, u, &unit_keys) {
            if heading_keys.insert(dom.key(&h)) {
                headings.push(h);
            }
        }
    }

    for node in units.into_iter().chain(headings) {
        out.push(Finding::element_of(node, &AFFILIATE_PROMO));
    }
}

fn bare(host: &str) -> &str {
    host.strip_prefix("www.").unwrap_or(host)
}

/// Whether two hosts (without `www.`) are one site: equal, or one a subdomain of the other.
fn same_site(a: &str, b: &str) -> bool {
    a == b || a.ends_with(&format!(".{b}")) || b.ends_with(&format!(".{a}"))
}

/// Whether the link's query names a partner: a partner parameter with a value (`host` is the
/// link's, for parameters that name a partner only on one shop's hosts).
pub fn has_partner_id(host: &str, href: &str) -> bool {
    let before_fragment = href.split('#').next().unwrap_or("");
    let Some((_, query)) = before_fragment.split_once('?') else { return false };
    let partner_param = |name: &str| {
        AFFILIATE_PARAMS.iter().any(|p| name.eq_ignore_ascii_case(p))
            || AFFILIATE_HOST_PARAMS.iter().any(|(p, label)| name.eq_ignore_ascii_case(p) && host.split('.').any(|l| l == *label))
    };
    query
        .split(['&', ';'])
        .any(|pair| pair.split_once('=').is_some_and(|(name, value)| !value.trim().is_empty() && partner_param(name.trim())))
}

/// Whether the host (without `www.`) is an affiliate network's, or a subdomain of one.
pub fn is_network(host: &str) -> bool {
    AFFILIATE_NETWORKS.iter().any(|n| host == *n || host.ends_with(&format!(".{n}")))
}

/// The outermost widget box above the link that holds only promotion links and short headings.
fn unit_of<D: Dom>(dom: &D, guard: &Guard<D::Node>, link: &D::Node, promo: &HashSet<D::Key>) -> Option<D::Node> {
    let mut cur = link.clone();
    let mut unit = None;
    for _ in 0..MAX_LEVELS {
        let Some(parent) = dom.parent(&cur) else { break };
        if !guard.may_hide_container(dom, &parent)
            || dom.has_more_children_than(&parent, MAX_CHILDREN)
            || !only_promotion(dom, &parent, promo)
        {
            break;
        }
        let tag = dom.tag(&parent);
        let boxy = matches!(tag.as_str(), "div" | "section" | "aside" | "figure") || (tag == "li" && dom.matches(&parent, ".widget"));
        if boxy && dom.matches(&parent, AFFILIATE_UNITS) {
            unit = Some(parent.clone());
        }
        cur = parent;
    }
    unit
}

/// Whether everything the box shows is promotion links, pictures inside them and short
/// headings (with a few characters of furniture). Cheap refusals first: other links, forms.
fn only_promotion<D: Dom>(dom: &D, node: &D::Node, promo: &HashSet<D::Key>) -> bool {
    let links = dom.select(Some(node), "a[href]");
    if links.is_empty() || links.iter().any(|a| !promo.contains(&dom.key(a))) {
        return false;
    }
    if dom.has(node, FOREIGN) {
        return false;
    }
    if dom.select(Some(node), PICTURES).iter().any(|p| !in_promo_link(dom, p, node, promo)) {
        return false;
    }
    let text = meaningful_len(&dom.text(node));
    if text > AFFILIATE_MAX_TEXT {
        return false;
    }
    let linked: usize = links.iter().map(|a| meaningful_len(&dom.text(a))).sum();
    let mut headed = 0;
    for h in dom.select(Some(node), HEADING) {
        // Innermost headings without links only (a link's text is counted already).
        if !dom.has(&h, HEADING) && !dom.has(&h, "a[href]") {
            let len = meaningful_len(&dom.text(&h));
            if len > MAX_HEADING {
                return false;
            }
            headed += len;
        }
    }
    text <= linked + headed + FURNITURE_TEXT
}

/// Whether the element sits inside one of the promotion links below `top`.
fn in_promo_link<D: Dom>(dom: &D, node: &D::Node, top: &D::Node, promo: &HashSet<D::Key>) -> bool {
    let mut cur = dom.parent(node);
    while let Some(n) = cur {
        if promo.contains(&dom.key(&n)) {
            return true;
        }
        if dom.same(&n, top) {
            return false;
        }
        cur = dom.parent(&n);
    }
    false
}

/// The heading box just before a run of promotion boxes (spacers between them skipped).
fn heading_before<D: Dom>(dom: &D, unit: &D::Node, units: &HashSet<D::Key>) -> Option<D::Node> {
    let parent = dom.parent(unit)?;
    let siblings = dom.children(&parent);
    let at = siblings.iter().position(|s| dom.same(s, unit))?;
    for s in siblings[..at].iter().rev() {
        if units.contains(&dom.key(s)) || shows_nothing(dom, s) {
            continue;
        }
        return is_heading_box(dom, s).then(|| s.clone());
    }
    None
}

fn shows_nothing<D: Dom>(dom: &D, node: &D::Node) -> bool {
    INVISIBLE_TAGS.contains(&dom.tag(node).as_str())
        || (!dom.matches(node, VISIBLE) && !dom.has(node, VISIBLE) && meaningful_len(&dom.text(node)) == 0)
}

/// A box that is only a short heading: no link, no picture, no paragraph, not the headline.
fn is_heading_box<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.is_or_has(node, HEADING)
        && !dom.matches(node, VISIBLE)
        && !dom.has(node, VISIBLE)
        && !dom.matches(node, &format!("h1, {AFFILIATE_NOT_INSIDE}"))
        && !dom.has(node, "h1")
        && (1..=MAX_HEADING).contains(&meaningful_len(&dom.text(node)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partner_ids_are_whole_parameter_names_with_values() {
        let shop = "shop.example";
        assert!(has_partner_id(shop, "https://shop.example/de/natto?sPartner=106"));
        assert!(has_partner_id(shop, "https://shop.example/a/book?a_aid=24295999"));
        assert!(has_partner_id(shop, "https://shop.example/item/15696?wpam_id=293#top"));
        assert!(!has_partner_id(shop, "https://shop.example/a/book?&6=1&otpcytokenid=1"), "one shop's token is no evidence");
        assert!(!has_partner_id(shop, "https://shop.example/?sPartner="), "no value");
        assert!(!has_partner_id(shop, "https://shop.example/?mypartner=1"), "another name");
        assert!(!has_partner_id(shop, "https://shop.example/#?partner=1"), "in the fragment");
        assert!(!has_partner_id("t.me", "https://t.me/channel?utm_source=site&utm_medium=banner"));
        assert!(has_partner_id("amazon.co.uk", "https://www.amazon.co.uk/dp/B01?tag=site-21"));
        assert!(!has_partner_id("example.com", "https://example.com/news?tag=politics"), "a tag elsewhere is a tag");
    }

    #[test]
    fn networks_and_sites() {
        assert!(is_network("awin1.com") && is_network("go.prf.hn") && is_network("amzn.to"));
        assert!(!is_network("notawin1.com"));
        assert!(same_site("shop.example.com", "example.com") && same_site("example.com", "example.com"));
        assert!(!same_site("myexample.com", "example.com"));
    }
}
