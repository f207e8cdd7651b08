//! Climbing: a finding grows to the outermost container that holds only the ad or nag, so no
//! empty box, stray "Advertisement" label, heading or separator is left behind.

use crate::dom::Dom;
use crate::guard::Guard;
use crate::plan::{Finding, Kind, Target};
use crate::rules::opt_in;
use crate::rules::{lists, FURNITURE_TEXT};
use crate::text::meaningful_len;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

/// How many levels a finding may climb at most.
const MAX_CLIMB: usize = 8;
/// Tags that never show content of their own.
pub const INVISIBLE_TAGS: &[&str] = &["script", "style", "noscript", "link", "meta", "br", "hr", "template"];
/// A nag's or slot's heading ("Subscribe via email", "Advertisement") may go with it.
pub const HEADING: &str = lists::CLIMB_HEADING;
pub const MAX_HEADING: usize = 100;
/// What makes a sibling content rather than furniture.
const MEDIA: &str = lists::CLIMB_MEDIA;

/// How many levels above a candidate still count as holding it. A sibling that holds another
/// ad deeper than this is judged by its own content (so climbing stops at it), and a page
/// nested thousands deep costs no more than an ordinary one.
const HOLDER_LEVELS: usize = 64;

/// For every element that is or holds a candidate (up to [`HOLDER_LEVELS`] above it): one such
/// candidate (the first met); and the candidates themselves.
pub struct Candidates<D: Dom> {
    holders: HashMap<D::Key, D::Node>,
    starts: HashSet<D::Key>,
}

impl<D: Dom> Candidates<D> {
    pub fn new(dom: &D, starts: &[D::Node]) -> Self {
        let mut holders = HashMap::new();
        for s in starts {
            let mut cur = Some(s.clone());
            for _ in 0..HOLDER_LEVELS {
                let Some(n) = cur else { break };
                if holders.contains_key(&dom.key(&n)) {
                    break; // its ancestors are in already
                }
                holders.insert(dom.key(&n), s.clone());
                cur = dom.parent(&n);
            }
        }
        Candidates { holders, starts: starts.iter().map(|s| dom.key(s)).collect() }
    }

    /// Whether `node` is a candidate itself (also one that holds another candidate met first).
    fn is_candidate(&self, dom: &D, node: &D::Node) -> bool {
        self.starts.contains(&dom.key(node))
    }

    /// A candidate that `node` is or holds.
    fn held_by(&self, dom: &D, node: &D::Node) -> Option<&D::Node> {
        self.holders.get(&dom.key(node))
    }
}

/// The text lengths ([`meaningful_len`]) of the elements climbing has measured, for the rest of
/// the climb: findings in one container meet the same siblings (the article's paragraphs beside
/// each of its ad blocks), and each is read and measured once. The page does not change while
/// the findings climb (one unit of work).
pub struct Lengths<D: Dom> {
    known: RefCell<HashMap<D::Key, usize>>,
}

impl<D: Dom> Lengths<D> {
    pub fn new() -> Self {
        Lengths { known: RefCell::new(HashMap::new()) }
    }

    fn of(&self, dom: &D, node: &D::Node) -> usize {
        let key = dom.key(node);
        if let Some(&len) = self.known.borrow().get(&key) {
            return len;
        }
        let len = meaningful_len(&dom.text(node));
        self.known.borrow_mut().insert(key, len);
        len
    }
}

impl<D: Dom> Default for Lengths<D> {
    fn default() -> Self {
        Self::new()
    }
}

pub fn climb_all<D: Dom>(dom: &D, guard: &Guard<D::Node>, raw: Vec<Finding<D::Node>>) -> Vec<Finding<D::Node>> {
    let starts: Vec<D::Node> = raw.iter().filter_map(|f| f.element().cloned()).collect();
    let others = Candidates::new(dom, &starts);
    let lengths = Lengths::new();
    let mut out = Vec::with_capacity(raw.len());
    for f in raw {
        match &f.target {
            Target::Element(n) if f.meta.climb => {
                let top = climb(dom, guard, n, &others, &lengths);
                let heading = (f.kind() == Kind::Subscribe).then(|| heading_before(dom, guard, &top)).flatten();
                out.push(Finding { target: Target::Element(top), ..f });
                if let Some(h) = heading {
                    out.push(Finding { target: Target::Element(h), ..f });
                }
            }
            _ => out.push(f),
        }
    }
    out
}

/// Empty rows (a builder's spacer or divider widget) that may stand between a sign-up box and
/// its heading row.
const MAX_SPACERS: usize = 3;

/// The heading a page builder sets in a row of its own before a sign-up box ("Newsletter"
/// over the box's row, Avada, Elementor, Divi): the box's previous sibling, past empty spacer
/// and divider rows, when it shows only a short heading that speaks of signing up, no link,
/// picture or paragraph.
fn heading_before<D: Dom>(dom: &D, guard: &Guard<D::Node>, boxed: &D::Node) -> Option<D::Node> {
    let parent = dom.parent(boxed)?;
    let children = dom.children(&parent);
    let at = children.iter().position(|c| dom.same(c, boxed))?;
    // The shape first (a few selector matches the browser answers at once): text is read only
    // of a sibling that may be an empty spacer row or a heading row, never of an article beside
    // the box. A builder's title element may be an h1 (the guard still keeps the page's headline).
    let heading = |c: &D::Node| dom.is_or_has(c, HEADING) || dom.is_or_has(c, "h1");
    let plain = |c: &D::Node| !dom.is_or_has(c, MEDIA) && !dom.has(c, "a[href], p, form");
    let mut spacers = 0;
    let prev = children[..at].iter().rev().filter(|c| !INVISIBLE_TAGS.contains(&dom.tag(c).as_str())).find(|c| {
        let spacer = spacers < MAX_SPACERS && !heading(c) && plain(c) && dom.text(c).trim().is_empty();
        spacers += usize::from(spacer);
        !spacer
    })?;
    if !(heading(prev) && plain(prev)) {
        return None;
    }
    let text = dom.text(prev);
    let len = meaningful_len(&text);
    if len == 0 || len > MAX_HEADING {
        return None;
    }
    let lower = crate::text::lower(&text);
    let speaks = crate::text::contains_any(&lower, opt_in::CALL_WORDS) || crate::text::contains_any(&lower, opt_in::WORDS);
    (speaks && guard.may_hide_container(dom, prev)).then(|| prev.clone())
}

fn climb<D: Dom>(dom: &D, guard: &Guard<D::Node>, start: &D::Node, others: &Candidates<D>, lengths: &Lengths<D>) -> D::Node {
    let mut cur = start.clone();
    for _ in 0..MAX_CLIMB {
        let Some(parent) = dom.parent(&cur) else { break };
        if !guard.may_hide_container(dom, &parent) || !only_furniture_besides(dom, &parent, &cur, others, lengths) {
            break;
        }
        if guard.refuse(dom, &parent).is_some() {
            break;
        }
        cur = parent;
    }
    cur
}

fn only_furniture_besides<D: Dom>(dom: &D, parent: &D::Node, cur: &D::Node, others: &Candidates<D>, lengths: &Lengths<D>) -> bool {
    if meaningful_len(&dom.own_text(parent)) > FURNITURE_TEXT {
        return false;
    }
    dom.children(parent).iter().filter(|c| !dom.same(c, cur)).all(|c| is_furniture(dom, c, others, lengths))
}

/// Whether an element shows nothing: no text at all and no media (an empty slot a script
/// fills, a spacer).
pub fn shows_nothing<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.text(node).trim().is_empty() && !dom.is_or_has(node, MEDIA)
}

/// A screen-reader-only line ([`lists::REGION_LABEL`]) with text of its own that does not
/// speak of signing up nor start with an ad label: it names the page's region around a box
/// ("Article content"), so it is no box's furniture.
fn names_a_region<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.matches(node, lists::REGION_LABEL) && region_text(&dom.text(node))
}

/// Whether a screen-reader line's text names a region ([`names_a_region`]).
fn region_text(text: &str) -> bool {
    meaningful_len(text) > 0 && !names_an_ad(text) && !super::opt_in::says(&crate::text::lower(text), opt_in::WORDS)
}

/// Whether a screen-reader line names an ad: its first word is an ad label ("Advertisement 2",
/// "Advertisement embed-more-topic", as an ad platform numbers its slots).
fn names_an_ad(text: &str) -> bool {
    text.split_whitespace().next().is_some_and(crate::text::is_ad_label)
}

/// Whether a child of `parent` other than `cur` names the region `parent` is ([`names_a_region`]):
/// a sign-up box climbing from `cur` stops below it.
pub fn in_named_region<D: Dom>(dom: &D, parent: &D::Node, cur: &D::Node) -> bool {
    dom.children(parent).iter().any(|c| !dom.same(c, cur) && names_a_region(dom, c))
}

/// A sibling that shows nothing of its own: a script, a separator, an ad label, an empty
/// box, or another ad or nag found on the page.
pub fn is_furniture<D: Dom>(dom: &D, node: &D::Node, others: &Candidates<D>, lengths: &Lengths<D>) -> bool {
    if INVISIBLE_TAGS.contains(&dom.tag(node).as_str()) {
        return true;
    }
    // A screen-reader line names the page's region (content) or an ad ("Advertisement 2",
    // furniture), read once.
    if dom.matches(node, lists::REGION_LABEL) {
        let text = dom.text(node);
        if names_an_ad(&text) {
            return true;
        }
        if region_text(&text) {
            return false;
        }
    }
    // A box's own close button, alone or in a row of its own (a sticky ad's "Close X" beside
    // an empty countdown line): nothing there to see but the button.
    let len = lengths.of(dom, node);
    if len <= FURNITURE_TEXT + MAX_CLOSE_TEXT && only_close_buttons(dom, node, len) {
        return true;
    }
    if len <= MAX_HEADING && dom.is_or_has(node, HEADING) && !dom.is_or_has(node, MEDIA) && !dom.has(node, "a[href], p") {
        return true;
    }
    // A sibling that holds another ad is furniture when it shows no more than that ad: no more
    // text, and no picture outside the ads it holds (the story cards of a feed beside its ad
    // slots are content, whatever their text says while a script has not filled them).
    if let Some(o) = others.held_by(dom, node) {
        return len <= lengths.of(dom, o) + FURNITURE_TEXT && !media_outside_candidates(dom, node, others);
    }
    len <= FURNITURE_TEXT && !dom.is_or_has(node, MEDIA) && !(len == 0 && is_scaffold(dom, node))
}

/// Whether `node` shows a picture, frame or field that is in none of the candidates it holds
/// (nor wraps one: an ad tag around the ad's own slot).
fn media_outside_candidates<D: Dom>(dom: &D, node: &D::Node, others: &Candidates<D>) -> bool {
    dom.select(Some(node), MEDIA).iter().any(|m| {
        if others.held_by(dom, m).is_some() {
            return false;
        }
        let mut cur = Some(m.clone());
        while let Some(a) = cur {
            if others.is_candidate(dom, &a) {
                return false;
            }
            if dom.same(&a, node) {
                return true;
            }
            cur = dom.parent(&a);
        }
        true
    })
}

/// A close button's words ("Close X", "Schließen", "Fermer la publicité") are at most this long.
const MAX_CLOSE_TEXT: usize = 24;

/// Whether the element (of `len` characters) is or holds a close button and shows nothing
/// else: every picture, button or field of it is a close button or inside one, and its text
/// outside them is furniture's.
fn only_close_buttons<D: Dom>(dom: &D, node: &D::Node, len: usize) -> bool {
    let buttons = if dom.matches(node, lists::CLIMB_CLOSE) { vec![node.clone()] } else { dom.select(Some(node), lists::CLIMB_CLOSE) };
    if buttons.is_empty() {
        return false;
    }
    let words: usize = buttons.iter().map(|b| meaningful_len(&dom.text(b))).sum();
    words <= MAX_CLOSE_TEXT
        && len.saturating_sub(words) <= FURNITURE_TEXT
        && dom.select(Some(node), MEDIA).iter().all(|m| dom.is_or_inside(m, lists::CLIMB_CLOSE))
}

/// An empty sibling of more elements than this is a frame for content a script fills in (a
/// "recommended for you" list of story placeholders), not an ad's furniture: climbing stops.
const MAX_EMPTY_FURNITURE_ELEMENTS: usize = 8;

fn is_scaffold<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.select(Some(node), "*").len() > MAX_EMPTY_FURNITURE_ELEMENTS
}
