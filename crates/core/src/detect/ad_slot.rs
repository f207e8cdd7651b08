//! Ad slots of any plugin, theme or network (`[ad_slot]` in `rules/rules.toml`).
//!
//! Evidence, one query each over the page:
//! - ad-server and ad-plugin markup (`markers`: GPT, Amazon, Revive, Adform, Freestar, ...),
//!   inline scripts that show an ad where they stand (`script_words`: `googletag.display`, ...)
//!   and noscript fallbacks that show an ad server's banner: the box around them is the slot
//!   when it shows next to nothing else (`max_text`);
//! - boxes named for an ad (a class or id with an ad word of its own: `ad`, `ads`,
//!   `advertisement`, `werbung`, `dfp`, `ad728`... in `named_words`): an empty one is a slot its
//!   script fills; one that holds an ad payload or a banner linking to another site and next
//!   to no text is a filled slot (never the bait boxes that ad-block detectors plant);
//! - an ad label that stands alone because its slot is filled (or was removed) by script: when
//!   the label's own box says it is an ad label (`label_box`), or the label only ever announces
//!   an ad ("Advertisement - story continues below", `lone_labels`).
//!
//! A label over an ad payload or an empty sized slot is the labelled-slot detector's
//! ([`labelled`](super::labelled)). Every finding climbs to the outermost box that holds only
//! the ad and its label; the guard keeps the article.

use super::{names, Context, Detector, Precheck, Work};
use crate::dom::{Dom, Gather};
use crate::plan::Finding;
use crate::rules::ad_slot as v;
use crate::rules::code::AD_SLOT;
use crate::text::{any_name_word, meaningful_len, normalise_label};
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
            // (Only a class or an id can name an element for an ad.)
            Precheck::Named { select: "[class], [id]", words: v::NAMED_WORDS },
            Precheck::Text,
        ]
    }

    /// The markers in pieces, then the inline scripts, the noscripts, the named boxes and the
    /// lone labels.
    fn units(&self) -> usize {
        marker_pieces().len() + 4
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
            Some(2) => Work::Gather(&NAMES),
            Some(_) => Work::Run,
        }
    }

    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>) {
        // Per unit: the same box found by two units is one finding after the plan's collapse.
        let mut done: HashSet<D::Key> = HashSet::new();
        match <Self as Detector<D>>::work(self, cx, unit) {
            Work::Skip => {}
            w @ (Work::Select(_) | Work::Gather(_)) => {
                for node in w.candidates(cx.dom) {
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
                if dom.matches(node, v::WEAK_MARKERS) && dom.is_or_inside(node, v::WEAK_MARKERS_NOT_INSIDE) {
                    return;
                }
                let boxed = if is_tag(dom, node, &["script", "img", "iframe"]) { dom.parent(node) } else { Some(node.clone()) };
                consider(dom, boxed, done, out);
            }
            Some(0) => {
                let code = dom.own_text(node);
                if crate::text::contains_any(&code, v::SCRIPT_WORDS) {
                    consider(dom, dom.parent(node), done, out);
                }
            }
            Some(1) => {
                let text = dom.own_text(node);
                if v::NOSCRIPT_HOSTS.iter().any(|h| text.contains(h)) || dom.has(node, v::NOSCRIPT_MARKUP) {
                    consider(dom, dom.parent(node), done, out);
                }
            }
            Some(2) => named_box(dom, cx.host, node, done, out),
            Some(_) => {}
        }
    }
}

/// Tags a named box never is: the frame or ad tag inside a slot.
const NOT_NAMED_BOX: &[&str] = &["iframe", "ins", "img", "a", "script", "amp-ad"];
/// Inline scripts in the page's body (one unit).
const INLINE_SCRIPTS: &str = "body script:not([src])";
/// Noscripts in the page's body (one unit).
const NOSCRIPTS: &str = "body noscript";

/// Boxes named for an ad: the elements the names stage reads ([`names::NAMED`]), by their
/// class and id.
const NAMES: Gather = Gather { select: names::NAMED, attrs: names::ATTRS, keep: names_for_ad };

/// Whether the class or id of a row of [`names::ATTRS`] values has an ad word of its own.
fn names_for_ad(values: &[String]) -> bool {
    names::class_and_id(values).iter().any(|names| names.split_whitespace().any(|name| any_name_word(name, is_ad_word)))
}

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

/// Whether an element's id or one of its classes has an ad word of its own: split at dashes,
/// underscores and lower-to-upper case steps ("adBanner", "sidebar-werbung", "ad_728x90"),
/// never inside a word ("header", "f9ad162") .
pub fn named_for_ad<D: Dom>(dom: &D, node: &D::Node) -> bool {
    NAMES.keeps(dom, node)
}

/// An ad word (`named_words`), or a slot's size after "ad": `ad728`, `ads300x250`.
fn is_ad_word(word: &str) -> bool {
    if v::NAMED_WORDS.contains(&word) {
        return true;
    }
    let size = word.strip_prefix("ads").or_else(|| word.strip_prefix("ad")).unwrap_or("");
    size.len() >= 3 && size.starts_with(|c: char| c.is_ascii_digit()) && size.chars().all(|c| c.is_ascii_digit() || c == 'x')
}

/// A box named for an ad: a slot when it is empty (its script fills it) or holds only an ad
/// payload or a banner linking to another site. Never the bait boxes ad-block detectors plant
/// (hiding those sets off their walls), nor a frame or ad tag itself (its box is the slot).
fn named_box<D: Dom>(dom: &D, host: Option<&str>, node: &D::Node, done: &mut HashSet<D::Key>, out: &mut Vec<Finding<D::Node>>) {
    // Never page structure, nor a frame or ad tag itself (its box is the slot). (Its name was
    // read by the gather: `NAMES`.)
    let tag = dom.tag(node);
    if NOT_A_BOX.contains(&tag.as_str()) || NOT_NAMED_BOX.contains(&tag.as_str()) {
        return;
    }
    if dom.matches(node, v::NAMED_BAIT) || is_bait_sized(dom, node) || dom.is_or_inside(node, v::NAMED_NOT_INSIDE) {
        return;
    }
    // (The text read once: `climb::shows_nothing` with it.)
    let text = dom.text(node);
    let empty = text.trim().is_empty() && !dom.is_or_has(node, crate::rules::lists::CLIMB_MEDIA);
    let filled = || {
        meaningful_len(&text) <= v::MAX_TEXT
            && !dom.has(node, v::NAMED_NOT_HOLDING)
            && (dom.has(node, v::NAMED_PAYLOAD) || super::selectors::links_elsewhere(dom, node, host))
    };
    if (empty || filled()) && done.insert(dom.key(node)) {
        out.push(Finding::element_of(node.clone(), &AD_SLOT));
    }
}

/// A box sized to nothing by its own style (0 or 1 pixel): the bait of an ad-block detector.
fn is_bait_sized<D: Dom>(dom: &D, node: &D::Node) -> bool {
    let style: String =
        dom.attr(node, "style").unwrap_or_default().chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
    ["height:0", "height:1px", "width:0", "width:1px"].iter().any(|s| style.contains(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ad_words_stand_alone_in_names() {
        let named = |n: &str| any_name_word(n, is_ad_word);
        for yes in [
            "ad",
            "ad-slot",
            "sidebar-werbung",
            "adBanner",
            "top_ads",
            "ad728",
            "ads_300x250",
            "edi-advertising",
            "mpu-top",
            "dfp-leaderboard",
            "mobileads",
            "topad-2",
            "footerad",
            "contentAd--sky1",
        ] {
            assert!(named(yes), "{yes}");
        }
        for no in [
            "header",
            "f9ad162",
            "load-more",
            "thread",
            "adv-search",
            "badge",
            "shadow",
            "ad7",
            "heading_ad7f3",
            "uploads",
            "downloads",
            "topadvice",
            "headroads",
        ] {
            assert!(!named(no), "{no}");
        }
    }
}
