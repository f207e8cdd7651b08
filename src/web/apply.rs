//! Applying a plan to the live page, and undoing it exactly.
//!
//! Hiding never deletes: a finding gets `data-adstrip="KIND:RULE"`, its reason, and an inline
//! `display: none !important` (which beats the page's own `!important` rules); a bare text run
//! is wrapped in a marked `span`. Every change is recorded with what it replaced, so `undo`
//! puts back the exact attributes, inline styles and text nodes.

use crate::css::{KEEP, MARKER};
use crate::plan::{Finding, Target};
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

pub const REASON: &str = "data-adstrip-reason";
const OUTLINE: &str = "2px dashed #d33";

enum Change {
    Hidden { el: Element, old_style: Option<String>, old_title: Option<String> },
    Wrapped { span: Element },
    Kept { el: Element },
}

#[derive(Default)]
pub struct Applied {
    changes: Vec<Change>,
    outlined: bool,
}

const XHTML: &str = "http://www.w3.org/1999/xhtml";

/// The inline style of an HTML element. Checked by namespace, not `instanceof`: nodes of
/// another frame (the playground's) are instances of that frame's classes.
fn style_of(el: &Element) -> Option<web_sys::CssStyleDeclaration> {
    (el.namespace_uri().as_deref() == Some(XHTML)).then(|| el.unchecked_ref::<HtmlElement>().style())
}

fn hide(el: &Element) {
    if let Some(st) = style_of(el) {
        let _ = st.set_property_with_priority("display", "none", "important");
    } else {
        // SVG and other non-HTML elements: the marker attribute and the stylesheet do it.
        let _ = el.set_attribute("style", "display: none !important");
    }
}

fn show_outlined(el: &Element, reason: &str) {
    if let Some(st) = style_of(el) {
        let _ = st.set_property_with_priority("display", "revert", "important");
        let _ = st.set_property_with_priority("outline", OUTLINE, "important");
    }
    let _ = el.set_attribute("title", &format!("adstrip: {reason}"));
}

/// Puts an attribute back as it was: its old value, or absent.
fn restore(el: &Element, name: &str, old: Option<String>) {
    // Blink writes an inline style changed through the CSSOM back to the attribute lazily; a
    // read first makes it settle, else a pending write-back could recreate `style=""` after
    // the attribute is removed.
    let _ = el.get_attribute(name);
    let _ = match old {
        Some(v) => el.set_attribute(name, &v),
        None => el.remove_attribute(name),
    };
}

impl Applied {
    pub fn is_applied(&self, el: &Element) -> bool {
        self.changes.iter().any(|c| match c {
            Change::Hidden { el: e, .. } => e == el,
            Change::Wrapped { span } => span == el,
            Change::Kept { .. } => false,
        })
    }

    /// Applies one finding unless it already is; returns whether it changed the page.
    pub fn apply(&mut self, doc: &Document, f: &Finding<Element>) -> bool {
        match &f.target {
            Target::Element(el) => {
                if self.is_applied(el) || self.changes.iter().any(|c| matches!(c, Change::Hidden { el: e, .. } if e.contains(Some(el)))) {
                    return false;
                }
                let old_style = el.get_attribute("style");
                let old_title = el.get_attribute("title");
                let _ = el.set_attribute(MARKER, &f.marker());
                let _ = el.set_attribute(REASON, f.reason);
                hide(el);
                self.changes.push(Change::Hidden { el: el.clone(), old_style, old_title });
                if self.outlined {
                    show_outlined(el, f.reason);
                }
                true
            }
            Target::Text { parent, index, .. } => {
                let Some(text) = parent.child_nodes().item(*index as u32) else { return false };
                if text.node_type() != 3 {
                    return false;
                }
                let Ok(span) = doc.create_element("span") else { return false };
                let _ = span.set_attribute(MARKER, &f.marker());
                let _ = span.set_attribute(REASON, f.reason);
                hide(&span);
                if parent.insert_before(&span, Some(&text)).is_err() || span.append_child(&text).is_err() {
                    span.remove();
                    return false;
                }
                self.changes.push(Change::Wrapped { span });
                true
            }
        }
    }

    /// Marks an element the guard protects, so the stylesheet leaves it alone.
    pub fn keep(&mut self, el: &Element) {
        if el.get_attribute(KEEP).is_none() {
            let _ = el.set_attribute(KEEP, "");
            self.changes.push(Change::Kept { el: el.clone() });
        }
    }

    /// Undoes every change, newest first; returns how many.
    pub fn undo(&mut self) -> usize {
        let n = self.changes.len();
        for c in self.changes.drain(..).rev() {
            match c {
                Change::Hidden { el, old_style, old_title } => {
                    let _ = el.remove_attribute(MARKER);
                    let _ = el.remove_attribute(REASON);
                    restore(&el, "title", old_title);
                    restore(&el, "style", old_style);
                }
                Change::Wrapped { span } => {
                    if let Some(parent) = span.parent_node() {
                        while let Some(child) = span.first_child() {
                            let _ = parent.insert_before(&child, Some(&span));
                        }
                    }
                    span.remove();
                }
                Change::Kept { el } => {
                    let _ = el.remove_attribute(KEEP);
                }
            }
        }
        self.outlined = false;
        n
    }

    /// "Show what was hidden": every hidden finding shown in place with an outline and its
    /// reason as a tooltip; `false` hides them again.
    pub fn outline(&mut self, on: bool) {
        self.outlined = on;
        for c in &self.changes {
            let el = match c {
                Change::Hidden { el, .. } => el,
                Change::Wrapped { span } => span,
                Change::Kept { .. } => continue,
            };
            let reason = el.get_attribute(REASON).unwrap_or_default();
            if on {
                show_outlined(el, &reason);
            } else {
                if let Some(st) = style_of(el) {
                    let _ = st.remove_property("outline");
                }
                let old_title = match c {
                    Change::Hidden { old_title, .. } => old_title.clone(),
                    _ => None,
                };
                restore(el, "title", old_title);
                hide(el);
            }
        }
    }

    pub fn hidden_count(&self) -> usize {
        self.changes.iter().filter(|c| !matches!(c, Change::Kept { .. })).count()
    }
}
