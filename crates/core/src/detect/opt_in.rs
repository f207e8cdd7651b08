//! Email opt-ins of any provider, plugin or theme (`[opt_in]` in `rules/rules.toml`).
//!
//! Evidence, one query each over the page: a form or embed of a mailing service or sign-up
//! plugin (`services`), or an email field (`input[type=email]`, or a text input whose name,
//! id, placeholder, aria-label or label says e-mail in one of many languages) in a box that
//! also says "subscribe" in one of many languages (`words`). Login, search, comment, contact,
//! shop and share-by-email forms are never opt-ins (`not_inside`, `not_form`, `max_fields`).
//! The finding is the outermost box that holds only the opt-in (its heading, pitch, image,
//! form and close button: bounded text, links and children), or the modal, bar or overlay
//! around it, with its backdrop.

use super::climb::in_named_region;
use super::{Context, Detector, Precheck, Work};
use crate::dom::Dom;
use crate::guard::Guard;
use crate::plan::Finding;
use crate::rules::code::OPT_IN;
use crate::rules::opt_in as v;
use crate::rules::FURNITURE_TEXT;
use crate::text::meaningful_len;
use std::collections::HashSet;

/// How far up an email field's form may be.
const FORM_LEVELS: usize = 12;
/// How many levels the box may climb above the form.
const BOX_LEVELS: usize = 8;
/// How many levels above the box a modal may start.
const MODAL_LEVELS: usize = 8;
/// Visible text fields an opt-in may ask for.
const TEXT_FIELDS: &str = "input[type='text'], input[type='email'], input:not([type])";
/// Links of the form itself that its box may hold besides (privacy, terms).
const FORM_LINKS: usize = 2;
/// What a box never holds besides the opt-in: page sections, posts, navigation, search.
const NOT_IN_BOX: &str = "main, article, nav, [role='navigation'], [role='search'], input[type='search']";

/// Text a link of a list of social profiles may show (an icon's name, "Follow us on ...").
const SOCIAL_LINK_TEXT: usize = 24;

/// Email sign-up boxes.
pub struct OptIns;

impl<D: Dom> Detector<D> for OptIns {
    fn name(&self) -> &'static str {
        "opt-ins"
    }

    /// Every opt-in starts at an input or a mailing service's markup.
    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Selector(format!("{}, {}", v::INPUTS, v::SERVICES))]
    }

    /// The services' markup in pieces, then the inputs.
    fn units(&self) -> usize {
        service_pieces().len() + 1
    }

    // No gate: the union of the services and the inputs is one long selector list, which a
    // page without any match checks on every element (110 ms on 100,000 elements); the pieces
    // ask the same in units.

    /// The services' markup in pieces, then the inputs: each match confirmed alone.
    fn work(&self, cx: &Context<'_, D>, unit: usize) -> Work {
        if !cx.opts.subscribe || !cx.opts.generic {
            return Work::Skip;
        }
        match service_pieces().get(unit) {
            Some(services) => Work::Select(services),
            None => Work::Select(v::INPUTS),
        }
    }

    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>) {
        // Per unit: the same box found by two units is one finding after the plan's collapse.
        let mut done: HashSet<D::Key> = HashSet::new();
        if let Work::Select(sel) = <Self as Detector<D>>::work(self, cx, unit) {
            for node in cx.dom.select(None, sel) {
                self.confirm(cx, unit, &node, &mut done, out);
            }
        }
    }

    fn confirm(&self, cx: &Context<'_, D>, unit: usize, node: &D::Node, done: &mut HashSet<D::Key>, out: &mut Vec<Finding<D::Node>>) {
        let dom = cx.dom;
        if unit < service_pieces().len() {
            // A service's form speaks for itself; an empty embed or a link to a hosted
            // campaign (filled or opened by script) needs the box's words too.
            let form = dom.tag(node) == "form" || dom.is_or_has(node, "form, input[type='email']");
            consider(dom, cx.guard, node, form, done, out);
        } else if is_email_field(dom, node) {
            consider(dom, cx.guard, node, false, done, out);
        }
    }
}

/// The mailing services' markup in pieces (one unit each).
fn service_pieces() -> &'static [String] {
    static PIECES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PIECES.get_or_init(|| super::selectors::list_pieces(v::SERVICES))
}

/// Whether any of `words` occurs in `text` (lower-cased already).
pub(super) fn says(text: &str, words: &[&str]) -> bool {
    crate::text::contains_any(text, words)
}

/// An `input[type=email]`, or a text input that names an e-mail address.
pub fn is_email_field<D: Dom>(dom: &D, input: &D::Node) -> bool {
    let ty = dom.attr(input, "type").unwrap_or_default().to_ascii_lowercase();
    if ty == "email" {
        return true;
    }
    for a in ["name", "id", "placeholder", "aria-label", "value"] {
        if dom.attr(input, a).is_some_and(|s| says(&crate::text::lower(&s), v::FIELD_WORDS)) {
            return true;
        }
    }
    // Its label: the label around it, or the one that names its id.
    if let Some(p) = dom.parent(input) {
        if dom.tag(&p) == "label" && says(&crate::text::lower(&dom.text(&p)), v::FIELD_WORDS) {
            return true;
        }
    }
    match dom.attr(input, "id") {
        Some(id) if !id.is_empty() && !id.contains(['"', '\\']) => {
            dom.select(None, &format!("label[for=\"{id}\"]")).iter().any(|l| says(&crate::text::lower(&dom.text(l)), v::FIELD_WORDS))
        }
        _ => false,
    }
}

/// The form an element is or sits in (a few levels up at most).
fn form_of<D: Dom>(dom: &D, node: &D::Node) -> Option<D::Node> {
    crate::dom::enclosing(dom, node, "form", FORM_LEVELS)
}

/// Whether a form asks for more than an opt-in does (a password, a message, a phone number,
/// a search, a coupon, a friend's address; or many text fields).
/// Honeypot fields (hidden traps for bots) and hidden inputs (a mailing service's settings:
/// AWeber's `meta_message`) ask the reader nothing and do not count.
fn asks_for_more<D: Dom>(dom: &D, form: &D::Node) -> bool {
    let real = |sel: &str| {
        dom.select(Some(form), sel)
            .into_iter()
            .filter(|n| !dom.is_or_inside(n, v::HONEYPOT) && !dom.matches(n, "input[type='hidden']"))
            .count()
    };
    real(v::NOT_FORM) > 0 || real(TEXT_FIELDS) > v::MAX_FIELDS
}

fn consider<D: Dom>(
    dom: &D,
    guard: &Guard<D::Node>,
    start: &D::Node,
    service: bool,
    done: &mut HashSet<D::Key>,
    out: &mut Vec<Finding<D::Node>>,
) {
    if dom.is_or_inside(start, v::NOT_INSIDE) {
        return;
    }
    let form = form_of(dom, start);
    if let Some(f) = &form {
        if asks_for_more(dom, f) {
            return;
        }
    }
    let anchor = form.unwrap_or_else(|| start.clone());
    if !done.insert(dom.key(&anchor)) {
        return;
    }
    if guard.refuse(dom, &anchor).is_some() {
        return;
    }
    let boxed = box_of(dom, guard, &anchor);
    if !service && !says_subscribe(dom, &boxed) {
        return;
    }
    let target = modal_of(dom, guard, &boxed).unwrap_or(boxed);
    // A field without a form (a script posts it): the box itself must not ask for more.
    if asks_for_more(dom, &target) {
        return;
    }
    for b in backdrops(dom, &target) {
        out.push(Finding::element_of(b, &OPT_IN));
    }
    out.push(Finding::element_of(target, &OPT_IN));
}

/// Whether the box's text (sign-up words, or a lead magnet's offer: `offer_words`), its buttons' and fields' words, its form's address and names
/// (`/newsletter/subscribe`, `signup-form`), or the names of the box and what it holds
/// (`newsletter-signup-box`, `subscribe-newsletter`: `call_named`) say "subscribe".
fn says_subscribe<D: Dom>(dom: &D, boxed: &D::Node) -> bool {
    let text = crate::text::lower(&dom.text(boxed));
    if says(&text, v::WORDS) || says(&text, v::OFFER_WORDS) {
        return true;
    }
    let named =
        |n: &D::Node| super::signup_call::names_a_call(&[dom.attr(n, "class").unwrap_or_default(), dom.attr(n, "id").unwrap_or_default()]);
    if named(boxed) || dom.select(Some(boxed), "[class], [id]").iter().any(named) {
        return true;
    }
    let any_attr =
        |n: &D::Node, names: &[&str]| names.iter().any(|a| dom.attr(n, a).is_some_and(|s| says(&crate::text::lower(&s), v::WORDS)));
    dom.select(Some(boxed), "input, button").iter().any(|n| any_attr(n, &["value", "placeholder", "aria-label", "title"]))
        || dom
            .select(Some(boxed), "form")
            .iter()
            .chain(dom.matches(boxed, "form").then_some(boxed))
            .any(|f| any_attr(f, &["action", "id", "class", "name"]))
}

/// From the form up: the outermost box that holds only the opt-in (bounded text and links
/// besides the form's own, bounded children; no second form, no page section), never the article body, a page section, or a
/// sidebar or footer as a whole.
fn box_of<D: Dom>(dom: &D, guard: &Guard<D::Node>, anchor: &D::Node) -> D::Node {
    // (Capped: a form left open by broken markup may swallow half the page.)
    let form_text = meaningful_len(&dom.text(anchor)).min(v::MAX_TEXT);
    let form_links = dom.select(Some(anchor), "a[href]").len().min(FORM_LINKS);
    let mut cur = anchor.clone();
    for _ in 0..BOX_LEVELS {
        let Some(p) = dom.parent(&cur) else { break };
        if !guard.may_hide_container(dom, &p) || dom.matches(&p, v::STOP) || dom.has_more_children_than(&p, v::MAX_CHILDREN) {
            break;
        }
        // The form's own text and links (consent lines, a privacy link) belong to the opt-in.
        let links = dom.select(Some(&p), "a[href]");
        if meaningful_len(&dom.text(&p)).saturating_sub(form_text) > v::MAX_TEXT
            || links.len().saturating_sub(form_links) > v::MAX_LINKS
            || dom.select(Some(&p), "form").len() > 1
            || holds_page_part(dom, &p)
        {
            break;
        }
        // A card of its own beside the box (an about-me column: heading, picture and link) is
        // the page's, not the opt-in's; so is a region a screen-reader line names.
        if dom.children(&p).iter().any(|c| !dom.same(c, &cur) && is_card(dom, c)) || in_named_region(dom, &p, &cur) {
            break;
        }
        // Links with titles (related posts, a list of articles) are content, not an opt-in's
        // privacy or social links.
        if links.iter().filter(|a| !dom.contains(anchor, a) && meaningful_len(&dom.text(a)) > v::MAX_LINK_TEXT).count() > 1 {
            break;
        }
        if guard.refuse(dom, &p).is_some() {
            break;
        }
        cur = p;
    }
    cur
}

/// The outermost modal, bar or overlay around the box (dialog markup, a pop-up plugin's
/// container, a fixed or sticky inline style), if it holds nothing but the opt-in.
fn modal_of<D: Dom>(dom: &D, guard: &Guard<D::Node>, boxed: &D::Node) -> Option<D::Node> {
    let mut found = None;
    let mut cur = Some(boxed.clone());
    for _ in 0..MODAL_LEVELS {
        let Some(n) = cur else { break };
        // A sticky sidebar or footer is a page section, not a pop-up.
        if !guard.may_hide_container(dom, &n) || dom.matches(&n, v::STOP) {
            break;
        }
        if dom.matches(&n, v::MODAL) {
            found = Some(n.clone());
        }
        cur = dom.parent(&n);
    }
    let m = found?;
    // Besides the box, a modal shows little more than its close button and a line or two.
    let text = meaningful_len(&dom.text(&m));
    let fits = text <= v::MODAL_TEXT
        && text.saturating_sub(meaningful_len(&dom.text(boxed))) <= v::MAX_TEXT
        && !holds_page_part(dom, &m)
        && dom.select(Some(&m), "form").len() <= 1
        && guard.refuse(dom, &m).is_none();
    fits.then_some(m)
}

/// The backdrops beside a modal that show nothing of their own.
fn backdrops<D: Dom>(dom: &D, modal: &D::Node) -> Vec<D::Node> {
    if !dom.matches(modal, v::MODAL) {
        return Vec::new();
    }
    let Some(parent) = dom.parent(modal) else { return Vec::new() };
    if dom.has_more_children_than(&parent, 200) {
        return Vec::new();
    }
    dom.children(&parent)
        .into_iter()
        .filter(|c| !dom.same(c, modal) && dom.matches(c, v::BACKDROP) && meaningful_len(&dom.text(c)) <= FURNITURE_TEXT)
        .collect()
}

/// Whether `node` holds something an opt-in's box never holds ([`NOT_IN_BOX`]); a list of
/// social profile links is no page navigation: the icons beside a sign-up form belong to it.
fn holds_page_part<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.select(Some(node), NOT_IN_BOX).iter().any(|n| !is_social_links(dom, n))
}

/// Navigation that only links to profiles on other sites: two hosts or more, each linked once
/// (instagram.com, pinterest.com, ...), with little text (icons, their names). A site's own
/// menu links to its own host again and again.
fn is_social_links<D: Dom>(dom: &D, nav: &D::Node) -> bool {
    if !dom.matches(nav, "nav, [role='navigation']") {
        return false;
    }
    let links = dom.select(Some(nav), "a[href]");
    if links.len() < 2 || meaningful_len(&dom.text(nav)) > SOCIAL_LINK_TEXT * links.len() {
        return false;
    }
    // (An e-mail or phone icon among them is no navigation either.)
    let mut hosts: Vec<String> = Vec::new();
    for a in &links {
        let href = dom.attr(a, "href").unwrap_or_default().trim().to_ascii_lowercase();
        if href.starts_with("mailto:") || href.starts_with("tel:") {
            continue;
        }
        match super::selectors::link_host(&href) {
            Some(h) if !hosts.contains(&h) => hosts.push(h),
            _ => return false,
        }
    }
    hosts.len() >= 2
}

/// A card: a heading, a picture and a link together (an author's column, a post teaser).
fn is_card<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.is_or_has(node, "h1, h2, h3, h4, h5, h6") && dom.is_or_has(node, "img, picture") && dom.is_or_has(node, "a[href]")
}
