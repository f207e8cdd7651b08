//! Ad slots of any plugin, theme or network (`[ad_slot]` in `rules/rules.toml`).
//!
//! Evidence, one query each over the page:
//! - ad-server and ad-plugin markup (`markers`: GPT, Amazon, Revive, Adform, Freestar, ...),
//!   inline scripts that show an ad where they stand (`script_words`: `googletag.display`, ...)
//!   and noscript fallbacks that show an ad server's banner: the box around them is the slot
//!   when it shows next to nothing else (`max_text`);
//! - an ad label that stands alone because its slot is filled (or was removed) by script: when
//!   the label's own box says it is an ad label (`label_box`), or the label only ever announces
//!   an ad ("Advertisement - story continues below", `lone_labels`).
//!
//! A label over an ad payload or an empty sized slot is the labelled-slot detector's
//! ([`labelled`](super::labelled)). Every finding climbs to the outermost box that holds only
//! the ad and its label; the guard keeps the article.

use super::{Context, Detector, Precheck, Work};
use crate::dom::Dom;
use crate::plan::Finding;
use crate::rules::ad_slot as v;
use crate::rules::code::AD_SLOT;
use crate::text::{meaningful_len, normalise_label};
use std::collections::HashSet;

/// Tags a marker's box never is.
const NOT_A_BOX: &[&str] = &["html", "head", "body", "main", "article"];
/// What a marker inside these is not shown by (the head's scripts set slots up, elsewhere). A
/// noscript's content is text in a browser with scripts and markup without them: its box is
/// judged from the noscript itself, the same either way.
const INVISIBLE_PLACE: &str = "head, template, noscript";

/// Ad slots found by what they are.
pub struct AdSlots;

impl<D: Dom> Detector<D> for AdSlots {
    fn name(&self) -> &'static str {
        "ad slots"
    }

    fn needs_text(&self) -> bool {
        true
    }

    fn precheck(&self) -> Vec<Precheck> {
        vec![
            Precheck::Selector(format!("{}, {}", v::MARKERS, v::NOSCRIPT_MARKUP)),
            Precheck::Code { scripts: v::SCRIPT_WORDS, noscripts: v::NOSCRIPT_HOSTS },
            Precheck::Text,
        ]
    }

    /// The markers in pieces, then the inline scripts, the noscripts and the lone labels.
    fn units(&self) -> usize {
        marker_pieces().len() + 3
    }

    /// The markers, the inline scripts and the noscripts are what a selector matches, each
    /// confirmed alone; the lone labels are one run over the text walk's hits.
    fn work(&self, cx: &Context<'_, D>, unit: usize) -> Work {
        if !cx.opts.ads || !cx.opts.generic {
            return Work::Skip;
        }
        let markers = marker_pieces();
        match unit.checked_sub(markers.len()) {
            None => Work::Select(&markers[unit]),
            Some(0) => Work::Select(INLINE_SCRIPTS),
            Some(1) => Work::Select(NOSCRIPTS),
            Some(_) => Work::Run,
        }
    }

    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>) {
        // Per unit: the same box found by two units is one finding after the plan's collapse.
        let mut done: HashSet<D::Key> = HashSet::new();
        match <Self as Detector<D>>::work(self, cx, unit) {
            Work::Skip => {}
            Work::Select(sel) => {
                for node in cx.dom.select(None, sel) {
                    self.confirm(cx, unit, &node, &mut done, out);
                }
            }
            Work::Run => {
                for hit in cx.hits {
                    lone_label(cx.dom, &hit.parent, &hit.text, &mut done, out);
                }
            }
        }
    }

    fn confirm(&self, cx: &Context<'_, D>, unit: usize, node: &D::Node, done: &mut HashSet<D::Key>, out: &mut Vec<Finding<D::Node>>) {
        let dom = cx.dom;
        match unit.checked_sub(marker_pieces().len()) {
            None => {
                let boxed = if is_tag(dom, node, &["script", "img", "iframe"]) { dom.parent(node) } else { Some(node.clone()) };
                consider(dom, boxed, done, out);
            }
            Some(0) => {
                let code = dom.own_text(node);
                if v::SCRIPT_WORDS.iter().any(|w| code.contains(w)) {
                    consider(dom, dom.parent(node), done, out);
                }
            }
            Some(1) => {
                let text = dom.own_text(node);
                if v::NOSCRIPT_HOSTS.iter().any(|h| text.contains(h)) || !dom.select(Some(node), v::NOSCRIPT_MARKUP).is_empty() {
                    consider(dom, dom.parent(node), done, out);
                }
            }
            Some(_) => {}
        }
    }
}

/// Inline scripts in the page's body (one unit).
const INLINE_SCRIPTS: &str = "body script:not([src])";
/// Noscripts in the page's body (one unit).
const NOSCRIPTS: &str = "body noscript";

/// The ad-server markers in pieces (one unit each).
fn marker_pieces() -> &'static [String] {
    static PIECES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PIECES.get_or_init(|| super::selectors::list_pieces(v::MARKERS))
}

fn is_tag<D: Dom>(dom: &D, node: &D::Node, tags: &[&str]) -> bool {
    tags.contains(&dom.tag(node).as_str())
}

/// The box of a marker is a slot when it shows next to nothing but the ad.
fn consider<D: Dom>(dom: &D, boxed: Option<D::Node>, done: &mut HashSet<D::Key>, out: &mut Vec<Finding<D::Node>>) {
    let Some(node) = boxed else { return };
    if is_tag(dom, &node, NOT_A_BOX) || dom.is_or_inside(&node, INVISIBLE_PLACE) || !done.insert(dom.key(&node)) {
        return;
    }
    if meaningful_len(&dom.text(&node)) <= v::MAX_TEXT {
        out.push(Finding::element_of(node, &AD_SLOT));
    }
}

/// A label whose slot is filled by script: the label's box goes when it says it is an ad
/// label, or the label only ever announces an ad.
fn lone_label<D: Dom>(dom: &D, parent: &D::Node, text: &str, done: &mut HashSet<D::Key>, out: &mut Vec<Finding<D::Node>>) {
    let label = normalise_label(text);
    if label.is_empty() || !crate::text::is_ad_label(text) {
        return;
    }
    let lone = v::LONE_LABELS.contains(&label.as_str());
    if !lone && !dom.matches(parent, v::LABEL_BOX) {
        return;
    }
    if is_tag(dom, parent, NOT_A_BOX) || dom.is_or_inside(parent, v::LABEL_NOT_INSIDE) {
        return;
    }
    // The label's box holds the label and nothing else.
    if meaningful_len(&dom.text(parent)) > 0 || dom.is_or_has(parent, crate::rules::lists::CLIMB_MEDIA) {
        return;
    }
    if done.insert(dom.key(parent)) {
        out.push(Finding::element_of(parent.clone(), &AD_SLOT));
    }
}
