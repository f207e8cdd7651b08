//! Sign-up calls without a form of their own (`call_*` in `[opt_in]` of `rules/rules.toml`):
//! a newsletter band, bar, card or dialog whose button or link opens the sign-up (a pop-up, a
//! newsletter page) or whose form a script fills in later.
//!
//! Evidence: a box that names itself so (a class or id naming a newsletter, a subscription, a
//! sign-up: `call_named`, as themes and plugins name these boxes), or a heading, button or
//! sign-up link (`call_starts`) that says so in its words or address; either way the box
//! speaks of a newsletter or an inbox in one of many languages (`call_words`). The box is the outermost one that holds only the
//! call (bounded text, few other links, no page section); it must offer an action (a button,
//! a link, a frame, or an empty box a script fills). Never in the article body unless the box
//! names itself so, never a menu entry, never a login, search, comment or cookie box.

use super::climb::{in_named_region, shows_nothing};
use super::opt_in::says;
use super::{names, Context, Detector, Precheck, Work};
use crate::dom::{Dom, Gather};
use crate::guard::Guard;
use crate::plan::Finding;
use crate::rules::code::SIGNUP_CALL;
use crate::rules::opt_in as v;
use crate::text::{self, meaningful_len};
use std::collections::HashSet;

/// How many levels the box may climb above its start.
const BOX_LEVELS: usize = 6;
/// What a box never holds: page sections, posts, navigation, search.
const NOT_IN_BOX: &str =
    "main, article, nav, [role='navigation'], [role='search'], [role='menu'], .menu, .sub-menu, input[type='search'], input[type='password'], input[type='checkbox'], textarea";

/// Sign-up calls without a form.
pub struct SignupCalls;

impl<D: Dom> Detector<D> for SignupCalls {
    fn name(&self) -> &'static str {
        "sign-up calls"
    }

    fn precheck(&self) -> Vec<Precheck> {
        // Every call's box says one of the words.
        vec![Precheck::Words(v::CALL_WORDS), Precheck::Words(v::CALL_PAID_WORDS)]
    }

    /// The named boxes, the sign-up links, then the headings and buttons (in pieces: a long
    /// selector list over a huge page is a long task).
    fn units(&self) -> usize {
        2 + start_pieces().len()
    }

    fn work(&self, cx: &Context<'_, D>, unit: usize) -> Work {
        if !cx.opts.subscribe || !cx.opts.generic {
            return Work::Skip;
        }
        match unit {
            0 => Work::Gather(&NAMED),
            1 => Work::Gather(&SIGNUP_LINKS),
            _ => start_pieces().get(unit - 2).map_or(Work::Skip, |p| Work::Select(p)),
        }
    }

    fn run(&self, cx: &Context<'_, D>, unit: usize, out: &mut Vec<Finding<D::Node>>) {
        let mut done: HashSet<D::Key> = HashSet::new();
        for node in <Self as Detector<D>>::work(self, cx, unit).candidates(cx.dom) {
            self.confirm(cx, unit, &node, &mut done, out);
        }
    }

    fn confirm(&self, cx: &Context<'_, D>, unit: usize, node: &D::Node, done: &mut HashSet<D::Key>, out: &mut Vec<Finding<D::Node>>) {
        let dom = cx.dom;
        let named = unit == 0;
        let own_text = dom.text(node);
        // A heading, button or link starts a call only when it says so itself (its words or a
        // sign-up address): most of a page's headings and buttons cost one look.
        if !named && !start_says(dom, node, &own_text) {
            return;
        }
        if matches!(
            dom.tag(node).as_str(),
            "html" | "body" | "main" | "article" | "form" | "input" | "label" | "option" | "select" | "script" | "style"
        ) {
            return;
        }
        // (One `closest` first: the walk that lets a named box stand in `nav` runs only when
        // the box is inside one of those places at all.)
        let not_inside = dom.is_or_inside(node, v::NOT_INSIDE) && (!named || outside_nav_inside(dom, node));
        if not_inside || dom.is_or_inside(node, v::CALL_NOT_INSIDE) {
            return;
        }
        // In the article body only a box that names itself a call: a heading or a link there
        // is the article's own, as is a link in a sentence anywhere, or a button of the site's
        // header, navigation or footer.
        // A link to a newsletter service's page may be the link of a short line of its own
        // (a bar's pitch and "Subscribe"), also in the site's header or footer: it is no
        // menu button there, and no sentence of the article's.
        let service = !named && unit == 1 && links_to_service(dom, node) && short_line(dom, node);
        if !named
            && (dom.is_or_inside(node, v::CALL_ARTICLE_BODY)
                || dom.is_or_inside(node, "li, nav")
                || (!service && dom.is_or_inside(node, "p, header, footer, [role='banner'], [role='contentinfo']")))
        {
            return;
        }
        // A link with words before and after it in its line is part of a sentence ("bookmark
        // our homepage and sign up for our newsletters so we can keep you informed"), wherever
        // the line stands.
        if !named && dom.tag(node) == "a" && in_sentence(dom, node, &own_text) {
            return;
        }
        if meaningful_len(&own_text) > v::CALL_MAX_TEXT || cx.guard.refuse(dom, node).is_some() {
            return;
        }
        let boxed = box_of(dom, cx.guard, node);
        if !done.insert(dom.key(&boxed)) || is_menu_entry(dom, &boxed) || dom.has(&boxed, NOT_IN_BOX) {
            return;
        }
        // A call speaks of a newsletter or an inbox, and pitches it in a sentence of its own
        // (bare "Get our newsletter" or "Subscribe" buttons are the site's navigation) beside a
        // button or link to act on it; a box named for the call needs no button (a script
        // draws its form), nor a pitch while it holds the empty box the form goes into.
        let text = dom.text(&boxed);
        let lower = text::lower(&text);
        if !(says(&lower, v::CALL_WORDS) || says(&lower, v::CALL_PAID_WORDS)) || other_links(dom, &boxed) > v::CALL_OTHER_LINKS {
            return;
        }
        let pitched = std::iter::once(boxed.clone())
            .chain(dom.select(Some(&boxed), "*"))
            .any(|e| meaningful_len(&dom.own_text(&e)) >= v::CALL_MIN_TEXT);
        let acts = dom.is_or_has(&boxed, v::CALL_ACTIONS);
        if !(pitched && (acts || named) || named && !acts && has_fill_box(dom, &boxed)) {
            return;
        }
        out.push(Finding::element_of(boxed, &SIGNUP_CALL));
    }
}

/// Whether a named box is or stands in a place no call is (`not_inside`), the site's
/// navigation aside (`call_named_nav`): it must still pitch the call in a sentence.
fn outside_nav_inside<D: Dom>(dom: &D, node: &D::Node) -> bool {
    let mut cur = Some(node.clone());
    while let Some(a) = cur {
        if dom.matches(&a, v::NOT_INSIDE) && !dom.matches(&a, v::CALL_NAMED_NAV) {
            return true;
        }
        cur = dom.parent(&a);
    }
    false
}

/// Whether a heading, button or link speaks of signing up: its text, or its address.
fn start_says<D: Dom>(dom: &D, node: &D::Node, text: &str) -> bool {
    let text = text::lower(text);
    says(&text, v::CALL_WORDS)
        || says(&text, v::WORDS)
        || dom.attr(node, "href").is_some_and(|h| says(&text::lower(&h), v::CALL_HREF_WORDS))
}

/// Boxes that name themselves a call: a class or id holding one of `call_named` (the elements
/// the names stage reads).
const NAMED: Gather = Gather { select: names::NAMED, attrs: names::ATTRS, keep: |v| names_a_call(names::class_and_id(v)) };

/// Whether a class or id (of a row's values) holds one of `call_named`.
pub(super) fn names_a_call(class_and_id: &[String]) -> bool {
    holds_any(class_and_id, v::CALL_NAMED)
}
/// Links to a sign-up page: an address holding one of `call_start_hrefs`, or on a newsletter
/// service's host (`call_service_hosts`).
const SIGNUP_LINKS: Gather =
    Gather { select: "a[href]", attrs: &["href"], keep: |v| holds_any(v, v::CALL_START_HREFS) || v.iter().any(|h| on_service_host(h)) };

/// Whether an address is on a newsletter service's host (or a subdomain of one).
fn on_service_host(href: &str) -> bool {
    crate::dom::url_host(href)
        .is_some_and(|host| v::CALL_SERVICE_HOSTS.iter().any(|s| host == *s || host.strip_suffix(s).is_some_and(|sub| sub.ends_with('.'))))
}

fn links_to_service<D: Dom>(dom: &D, node: &D::Node) -> bool {
    dom.tag(node) == "a" && dom.attr(node, "href").is_some_and(|h| on_service_host(&h))
}

/// The link's line (its `p`, if it stands in one) is short: a bar's pitch and its link, not
/// a paragraph.
fn short_line<D: Dom>(dom: &D, node: &D::Node) -> bool {
    let mut cur = dom.parent(node);
    while let Some(p) = cur {
        if dom.tag(&p) == "p" {
            return meaningful_len(&dom.text(&p)) <= v::CALL_MAX_TEXT / 2;
        }
        cur = dom.parent(&p);
    }
    true
}

/// Tags of running text: a link inside them stands in the line of their nearest other ancestor.
const INLINE: &[&str] = &["i", "em", "b", "strong", "span", "small", "u", "mark", "sup", "sub", "font", "q", "cite", "abbr", "s"];
/// How many inline levels a link's line may be above it.
const INLINE_LEVELS: usize = 6;

/// Whether a link stands inside a sentence: its line (the nearest ancestor that is not running
/// text) has a word before the link's text and one after it.
fn in_sentence<D: Dom>(dom: &D, link: &D::Node, link_text: &str) -> bool {
    let link_text = link_text.trim();
    if link_text.is_empty() {
        return false;
    }
    let mut line = dom.parent(link);
    for _ in 0..INLINE_LEVELS {
        match line {
            Some(ref l) if INLINE.contains(&dom.tag(l).as_str()) => line = dom.parent(l),
            _ => break,
        }
    }
    let Some(line) = line else { return false };
    let text = dom.text(&line);
    let Some(at) = text.find(link_text) else { return false };
    let word = |s: &str| s.chars().any(char::is_alphanumeric);
    word(&text[..at]) && word(&text[at + link_text.len()..])
}

/// Whether one of the values holds one of the (lower-case) words, ASCII case-insensitively.
fn holds_any(values: &[String], words: &[&str]) -> bool {
    values.iter().any(|s| crate::text::contains_any(&s.to_ascii_lowercase(), words))
}

fn start_pieces() -> &'static [String] {
    static PIECES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    PIECES.get_or_init(|| super::selectors::list_pieces(v::CALL_STARTS))
}

/// From the start up: the outermost box that holds only the call (climbing never takes in a
/// link of something else: a shop, a magazine, another section).
fn box_of<D: Dom>(dom: &D, guard: &Guard<D::Node>, start: &D::Node) -> D::Node {
    let own_links = other_links(dom, start);
    let mut cur = start.clone();
    for _ in 0..BOX_LEVELS {
        let Some(p) = dom.parent(&cur) else { break };
        if !guard.may_hide_container(dom, &p) || dom.matches(&p, v::STOP) || dom.has_more_children_than(&p, v::MAX_CHILDREN) {
            break;
        }
        if meaningful_len(&dom.text(&p)) > v::CALL_MAX_TEXT
            || other_links(dom, &p) > own_links
            || dom.select(Some(&p), "form").len() > 1
            || dom.has(&p, NOT_IN_BOX)
            || is_list_of_entries(dom, &p)
            || in_named_region(dom, &p, &cur)
            || guard.refuse(dom, &p).is_some()
        {
            break;
        }
        cur = p;
    }
    cur
}

/// Links that are not the call's own (their text, title or address says nothing of signing up):
/// a box holding several is a list of links or a section, not a call.
fn other_links<D: Dom>(dom: &D, scope: &D::Node) -> usize {
    let mut links = dom.select(Some(scope), "a[href]");
    if dom.matches(scope, "a[href]") {
        links.push(scope.clone());
    }
    links
        .iter()
        .filter(|a| {
            // The link's words: its text and its title ("Go here" titled "Get the newsletter").
            let text = text::lower(&format!("{} {}", dom.text(a), dom.attr(a, "title").unwrap_or_default()));
            let href = text::lower(&dom.attr(a, "href").unwrap_or_default());
            !says(&text, v::WORDS) && !says(&text, v::CALL_WORDS) && !says(&href, v::CALL_HREF_WORDS) && !on_service_host(&href)
        })
        .count()
}

/// Whether the box holds an empty box a script fills with the form (a classed `div`, `section`
/// or `span` with nothing inside).
fn has_fill_box<D: Dom>(dom: &D, boxed: &D::Node) -> bool {
    dom.select(Some(boxed), "div, section, span")
        .iter()
        .any(|n| dom.children(n).is_empty() && shows_nothing(dom, n) && !dom.attr(n, "class").unwrap_or_default().is_empty())
}

/// A menu's entry: an item (or the link of an item) of a list with other items.
fn is_menu_entry<D: Dom>(dom: &D, boxed: &D::Node) -> bool {
    let item = if dom.tag(boxed) == "li" { Some(boxed.clone()) } else { dom.parent(boxed).filter(|p| dom.tag(p) == "li") };
    item.and_then(|li| dom.parent(&li)).is_some_and(|list| dom.has_more_children_than(&list, 1) && is_list_of_entries(dom, &list))
}

/// A list whose items are mostly links (a menu, a footer's link list).
fn is_list_of_entries<D: Dom>(dom: &D, node: &D::Node) -> bool {
    matches!(dom.tag(node).as_str(), "ul" | "ol") && dom.select(Some(node), "li > a[href]").len() > 1
}
