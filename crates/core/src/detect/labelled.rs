//! Labelled slots: publishers and ad plugins print a label ("Advertisement", "Anzeige",
//! "Werbung", "- Advertisement -") above the ad. A box that holds such a label and, beside
//! it, only an ad payload (an ad tag, an iframe, a script, a linked banner) is an ad slot,
//! whatever its class names are.

use super::{Context, Detector, Precheck};
use crate::dom::{Dom, TextHit};
use crate::plan::Finding;
use crate::rules::{ad_slot, code::LABELLED_SLOT, lists::LABELLED_SLOT_PAYLOAD as PAYLOAD, AD_LABELS, FURNITURE_TEXT};
use crate::text::{is_ad_label, meaningful_len, normalise_label};

/// How many levels above the label the slot may start.
const MAX_LEVELS: usize = 4;
/// A slot is a small box: one with more children than this is a page section, and its text
/// is not even looked at (that would make every label cost the size of the page).
const MAX_SLOT_CHILDREN: usize = 12;
/// Boxes that hold only an ad label and an ad payload.
pub struct LabelledSlots;

impl<D: Dom> Detector<D> for LabelledSlots {
    fn name(&self) -> &'static str {
        "labelled ad slots"
    }

    fn needs_text(&self) -> bool {
        true
    }

    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Text]
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, out: &mut Vec<Finding<D::Node>>) {
        if cx.opts.ads {
            from_hits(cx.dom, cx.hits, out);
        }
    }
}

/// The texts a label node may have. Labels are matched on whole text nodes; decorated forms
/// ("- Advertisement -") are normalised by the adapter's equality on trimmed text, so both
/// forms are asked for.
pub fn label_texts() -> &'static [String] {
    static ALL: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    ALL.get_or_init(|| {
        // The walk compares lower-cased (text::lower), so each label is asked for once, bare and
        // in dashes.
        let mut forms: Vec<String> = Vec::new();
        for l in AD_LABELS.iter() {
            let form = crate::text::lower(l);
            for decorated in [form.clone(), format!("- {form} -")] {
                if !forms.contains(&decorated) {
                    forms.push(decorated);
                }
            }
        }
        forms
    })
}

/// The slots of the label hits among `hits` (other hits are ignored).
pub fn from_hits<D: Dom>(dom: &D, hits: &[TextHit<D::Node>], out: &mut Vec<Finding<D::Node>>) {
    for hit in hits {
        if !is_ad_label(&hit.text) || normalise_label(&hit.text).is_empty() {
            continue;
        }
        if let Some(slot) = slot_of(dom, &hit.parent) {
            out.push(Finding::element_of(slot, &LABELLED_SLOT));
        }
    }
}

/// From the label's element up: the first box that holds more than the label must hold only
/// an ad payload besides it.
fn slot_of<D: Dom>(dom: &D, label_parent: &D::Node) -> Option<D::Node> {
    if dom.is_or_inside(label_parent, ad_slot::LABEL_NOT_INSIDE) {
        return None;
    }
    if dom.is_or_inside(label_parent, "form") {
        return None;
    }
    let mut cur = label_parent.clone();
    let mut from: Option<D::Node> = None;
    for _ in 0..MAX_LEVELS {
        if dom.has_more_children_than(&cur, MAX_SLOT_CHILDREN) || meaningful_len(&dom.own_text(&cur)) > FURNITURE_TEXT {
            return None;
        }
        if meaningful_len(&dom.text(&cur)) > FURNITURE_TEXT {
            return None;
        }
        let has_payload =
            dom.has(&cur, PAYLOAD) || has_empty_slot(dom, &cur) || from.as_ref().is_some_and(|f| only_empty_besides(dom, &cur, f));
        if has_payload && dom.has_more_children_than(&cur, 1) {
            return Some(cur);
        }
        if has_payload {
            return None;
        }
        from = Some(cur.clone());
        cur = dom.parent(&cur)?;
        if matches!(dom.tag(&cur).as_str(), "body" | "html" | "main" | "article" | "nav" | "ul" | "ol" | "header") {
            return None;
        }
    }
    None
}

/// Whether `scope` holds an empty box sized or named for an ad (`[ad_slot] empty_slot`): the
/// slot an ad script fills, beside its label. Empty: no text and nothing visible inside.
pub fn has_empty_slot<D: Dom>(dom: &D, scope: &D::Node) -> bool {
    dom.select(Some(scope), ad_slot::EMPTY_SLOT).iter().any(|n| {
        meaningful_len(&dom.text(n)) == 0
            && !dom.has(n, crate::rules::lists::CLIMB_MEDIA)
            && !dom.matches(n, crate::rules::lists::CLIMB_MEDIA)
    })
}

/// Whether every child of `parent` besides `label_side` (the child that holds the label) is
/// an empty box or shows nothing (a script, a separator), and one is an empty box: the slot a
/// script fills, whatever it is called (`<div>`, a custom element).
fn only_empty_besides<D: Dom>(dom: &D, parent: &D::Node, label_side: &D::Node) -> bool {
    let mut boxes = 0;
    for c in dom.children(parent) {
        if dom.same(&c, label_side) || crate::detect::climb::INVISIBLE_TAGS.contains(&dom.tag(&c).as_str()) {
            continue;
        }
        let empty = crate::detect::climb::shows_nothing(dom, &c) && !dom.attr(&c, "style").is_some_and(|s| s.contains("background"));
        if !empty {
            return false;
        }
        boxes += 1;
    }
    boxes > 0
}
