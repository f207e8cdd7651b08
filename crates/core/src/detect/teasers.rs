//! Sponsored teasers: native ads that look like the site's own story teasers but carry a
//! sponsor label ("Sponsored", "Sponsored content", "Content from our partners", "Anzeige",
//! "Sponsored by {brand}"). Publishers' CMSs and native-ad plugins print the label, as the
//! advertising codes of the ad trade and the law of many countries require; the markup around
//! it is every theme's own. Two shapes (`[ad_slot] teaser_labels`, `teaser_prefixes`):
//! - a **card**: the label sits inside a teaser link that holds a title or an image beside it;
//!   the card is the outermost box around that link that links nowhere else and shows no text
//!   outside its links;
//! - a **section**: the label stands alone (a heading, a line) at the top of a box whose other
//!   content is only links (a list of sponsored teasers, a "Sponsored" menu section).
//!
//! A label that is itself the link (a category link "Sponsored" in a post's meta line, a menu
//! item) marks nothing: the teaser must hold more than its label.

use super::{Context, Detector, Precheck};
use crate::dom::{enclosing, Dom, TextHit};
use crate::plan::Finding;
use crate::rules::ad_slot::{TEASER_LABELS, TEASER_NOT_INSIDE, TEASER_PREFIXES, TEASER_WORDS};
use crate::rules::code::SPONSORED_TEASER;
use crate::rules::FURNITURE_TEXT;
use crate::text::{count_counted as count, lower, meaningful_len, normalise_label};

/// How many elements above a label its teaser link may be.
const LINK_LEVELS: usize = 4;
/// How many levels a card or a section may reach above its start.
const MAX_LEVELS: usize = 5;
/// A card or section box with more children than this is a page region, not a teaser.
const MAX_CHILDREN: usize = 30;
/// A section of sponsored teasers holds at most this many links.
const MAX_LINKS: usize = 40;
/// A "Sponsored by {brand}" line is short.
const MAX_PREFIXED: usize = 60;
/// A teaser link holds at least this much text besides its label, or an image.
const MIN_TEASER_TEXT: usize = 8;

/// Native ads found by their sponsor label.
pub struct SponsoredTeasers;

impl<D: Dom> Detector<D> for SponsoredTeasers {
    fn name(&self) -> &'static str {
        "sponsored teasers"
    }

    fn needs_text(&self) -> bool {
        true
    }

    /// Every label and prefix holds one of `teaser_words` (a test says so): the pre-check reads
    /// a few word stems rather than every label.
    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Words(TEASER_WORDS)]
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, out: &mut Vec<Finding<D::Node>>) {
        if cx.opts.ads && cx.opts.generic {
            from_hits(cx.dom, cx.hits, out);
        }
    }
}

/// The label forms the text walk compares whole (lower-cased), beside the ad labels.
pub fn label_texts() -> impl Iterator<Item = &'static str> {
    TEASER_LABELS.iter().copied()
}

/// The prefixes the text walk looks for in text nodes (case-sensitively: each as written, in
/// title case and in capitals; ASCII letters only, as `str::to_uppercase` would bring Unicode's
/// case tables into the always-on wasm: "SPONSORISÉ PAR" in capitals is not found).
pub fn needles() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        let mut forms = Vec::new();
        for p in TEASER_PREFIXES {
            let mut title = p.to_string();
            if let Some(first) = title.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            for f in [p.to_string(), title, p.to_ascii_uppercase()] {
                if !forms.contains(&f) {
                    forms.push(f);
                }
            }
        }
        forms
    })
}

/// Whether a text node's text is a sponsor label: a whole label, or a short line that starts
/// with a prefix ("Sponsored by Zscaler"). Returns the kind: `Some(true)` for a prefixed line
/// (which only ever marks a card).
fn label_kind(text: &str) -> Option<bool> {
    let norm = normalise_label(text);
    if norm.is_empty() {
        return None;
    }
    if TEASER_LABELS.contains(&norm.as_str()) {
        return Some(false);
    }
    let prefixed = norm.chars().count() <= MAX_PREFIXED
        && TEASER_PREFIXES.iter().any(|p| norm.strip_prefix(p).is_some_and(|rest| rest.starts_with(' ') && !rest.trim().is_empty()));
    prefixed.then_some(true)
}

/// The teasers of the label hits among `hits` (other hits are ignored).
pub fn from_hits<D: Dom>(dom: &D, hits: &[TextHit<D::Node>], out: &mut Vec<Finding<D::Node>>) {
    for hit in hits {
        let Some(prefixed) = label_kind(&hit.text) else { continue };
        if dom.is_or_inside(&hit.parent, TEASER_NOT_INSIDE) {
            continue;
        }
        let found = match enclosing(dom, &hit.parent, "a", LINK_LEVELS) {
            Some(link) => card_of(dom, &link, &hit.text),
            None if !prefixed => section_of(dom, &hit.parent, &hit.text),
            None => None,
        };
        if let Some(node) = found {
            out.push(Finding::element_of(node, &SPONSORED_TEASER));
        }
    }
}

/// The card of a teaser link that holds a sponsor label: the outermost box around the link that
/// links to nowhere else and shows no text of its own outside its links.
fn card_of<D: Dom>(dom: &D, link: &D::Node, label: &str) -> Option<D::Node> {
    let href = dom.attr(link, "href")?;
    let teaser = count(&dom.text(link)).saturating_sub(count(label)) >= MIN_TEASER_TEXT || dom.has(link, "img, picture");
    if !teaser {
        return None;
    }
    let mut card = link.clone();
    for _ in 0..MAX_LEVELS {
        let Some(up) = dom.parent(&card) else { break };
        if is_region(dom, &up) || dom.has_more_children_than(&up, MAX_CHILDREN) {
            break;
        }
        let links = dom.select(Some(&up), "a[href]");
        if links.len() > MAX_LINKS || links.iter().any(|a| dom.attr(a, "href").as_deref() != Some(href.as_str())) {
            break;
        }
        if outside_links(dom, &up, &links) > FURNITURE_TEXT {
            break;
        }
        card = up;
    }
    Some(card)
}

/// The section a lone sponsor label heads: the box one level above the label's own branch
/// (which links nowhere), when its text starts with the label and everything else in it is
/// links.
fn section_of<D: Dom>(dom: &D, label_parent: &D::Node, label: &str) -> Option<D::Node> {
    let want = normalise_label(label);
    let mut branch = label_parent.clone();
    for _ in 0..MAX_LEVELS {
        if dom.has(&branch, "a[href]") {
            return None;
        }
        let up = dom.parent(&branch)?;
        if is_region(dom, &up) || dom.has_more_children_than(&up, MAX_CHILDREN) {
            return None;
        }
        let links = dom.select(Some(&up), "a[href]");
        if links.is_empty() {
            // Still the label's own line (a heading around it): only the label in it.
            if count(&dom.text(&up)) > count(label) + FURNITURE_TEXT {
                return None;
            }
            branch = up;
            continue;
        }
        if links.len() > MAX_LINKS {
            return None;
        }
        let text = dom.text(&up);
        let starts = lower(&text.split_whitespace().collect::<Vec<_>>().join(" ")).starts_with(&want);
        let shown = dom.has(&up, "img, picture") || links.iter().any(|a| meaningful_len(&dom.text(a)) >= MIN_TEASER_TEXT);
        let rest = outside_links(dom, &up, &links).saturating_sub(count(label));
        return (starts && shown && rest <= FURNITURE_TEXT).then_some(up);
    }
    None
}

/// Counted characters of a box's text outside its links.
fn outside_links<D: Dom>(dom: &D, node: &D::Node, links: &[D::Node]) -> usize {
    let inside: usize = links.iter().map(|a| count(&dom.text(a))).sum();
    count(&dom.text(node)).saturating_sub(inside)
}

/// Page structure no teaser box is (an `article` may be: a teaser card often is one).
fn is_region<D: Dom>(dom: &D, node: &D::Node) -> bool {
    matches!(dom.tag(node).as_str(), "html" | "body" | "main")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_and_prefix_holds_a_pre_check_word() {
        for l in TEASER_LABELS.iter().chain(TEASER_PREFIXES) {
            let low = lower(l);
            assert!(TEASER_WORDS.iter().any(|w| low.contains(w)), "{l}: no word of teaser_words in it");
            assert_eq!(&low, l, "{l}: labels are lower case");
        }
        for n in needles() {
            assert!(TEASER_WORDS.iter().any(|w| lower(n).contains(w)), "{n}");
        }
    }

    #[test]
    fn labels_are_whole_lines_and_prefixes_name_a_sponsor() {
        assert_eq!(label_kind("  SPONSORED CONTENT "), Some(false));
        assert_eq!(label_kind("- Sponsored -"), Some(false));
        assert_eq!(label_kind("Sponsored by Zscaler"), Some(true));
        assert_eq!(label_kind("Sponsored by"), None);
        assert_eq!(label_kind("This post was sponsored by a brand"), None);
        assert_eq!(label_kind("Sponsored content is marked as such on this site, always."), None);
        assert_eq!(label_kind(&format!("Sponsored by {}", "a very long name ".repeat(5))), None);
    }
}
