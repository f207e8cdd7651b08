//! The article guard: what must never be hidden, whatever a rule says.
//!
//! Never `html`, `body`, `main`, `article`; never the article container (the densest
//! paragraph-text container) nor any ancestor of it; never a headline; never a comment form
//! (its "notify me of new posts" checkbox looks like a subscribe nag to a naive detector), nor
//! the comments themselves.
//! A finding inside the article may hide at most a small share of its text.

use crate::dom::Dom;
use crate::rules::lists::{GUARD_COMMENTS as COMMENTS, GUARD_COMMENT_FORM as COMMENT_FORM, NOT_HEADLINE_INSIDE};
use crate::rules::{ARTICLE_CHARS, ARTICLE_SHARE};
use crate::text::meaningful_len;

/// Elements that are page structure, never an ad.
pub const STRUCTURE_TAGS: &[&str] = &["html", "head", "body", "main", "article"];
/// An `article` that is a box like any other: a theme's sidebar widget, or a card of a list
/// of teasers (an item of a "more on this topic" list; the page's own article is no list
/// item).
pub const ARTICLE_AS_BOX: &str = ".widget, li article";
/// Headlines: every `h1` that is not a sidebar or navigation widget's title.
const HEADLINE: &str = "h1";
/// A paragraph shorter than this does not count towards the article's density.
const MIN_PARAGRAPH: usize = 25;

pub struct Guard<N> {
    article: Option<N>,
    article_len: usize,
    headlines: Vec<N>,
}

impl<N: Clone> Guard<N> {
    pub fn new<D: Dom<Node = N>>(dom: &D) -> Self {
        let article = find_article(dom);
        let article_len = article_len(dom, article.as_ref());
        Guard { article, article_len, headlines: headlines(dom) }
    }

    /// A guard from its three parts, computed one at a time by a caller that works in pieces
    /// ([`find_article`], [`article_len`], [`headlines`]): the same as [`Guard::new`].
    pub fn from_parts(article: Option<N>, article_len: usize, headlines: Vec<N>) -> Self {
        Guard { article, article_len, headlines }
    }

    /// The article container (the densest paragraph-text container), if the page has one.
    pub fn article(&self) -> Option<&N> {
        self.article.as_ref()
    }

    /// The cheap refusals: page structure, or the article or an ancestor of it.
    fn structural<D: Dom<Node = N>>(&self, dom: &D, node: &N) -> Option<&'static str> {
        // (An `article` that a theme uses for a sidebar widget or a teaser card is a box like any
        // other.)
        let tag = dom.tag(node);
        let structure = STRUCTURE_TAGS.contains(&tag.as_str()) && !(tag == "article" && dom.matches(node, ARTICLE_AS_BOX));
        if structure || dom.matches(node, "[role='main']") {
            return Some("page structure (html, body, main, article)");
        }
        match &self.article {
            Some(a) if dom.contains(node, a) => Some("holds the article"),
            _ => None,
        }
    }

    /// Whether climbing may go up to this element: never to structure or the article.
    pub fn may_hide_container<D: Dom<Node = N>>(&self, dom: &D, node: &N) -> bool {
        self.structural(dom, node).is_none()
    }

    /// Why this element must not be hidden, if it must not.
    pub fn refuse<D: Dom<Node = N>>(&self, dom: &D, node: &N) -> Option<&'static str> {
        if let Some(why) = self.structural(dom, node) {
            return Some(why);
        }
        if self.headlines.iter().any(|h| dom.contains(node, h)) {
            return Some("holds the headline");
        }
        if dom.is_or_has(node, COMMENT_FORM) {
            return Some("holds a comment form");
        }
        if dom.is_or_has(node, COMMENTS) {
            return Some("holds the comments");
        }
        if let Some(a) = &self.article {
            if dom.contains(a, node) {
                let len = meaningful_len(&dom.text(node));
                let limit = ARTICLE_CHARS.max((self.article_len as f64 * ARTICLE_SHARE) as usize);
                if len > limit {
                    return Some("would hide too much of the article's text");
                }
            }
        }
        None
    }
}

/// The article's text length (0 without an article).
pub fn article_len<D: Dom>(dom: &D, article: Option<&D::Node>) -> usize {
    article.map_or(0, |a| meaningful_len(&dom.text(a)))
}

/// The page's headlines (every `h1` that is not a widget's or the navigation's title).
pub fn headlines<D: Dom>(dom: &D) -> Vec<D::Node> {
    dom.select(None, HEADLINE).into_iter().filter(|h| !dom.is_or_inside(h, NOT_HEADLINE_INSIDE)).collect()
}

/// A form with at most this much text is a sign-up, search or login form, not a page.
const SMALL_FORM_TEXT: usize = 1500;
/// How far above a paragraph its form may be.
const FORM_LEVELS: usize = 8;

/// The densest paragraph-text container: each paragraph gives its text length to its parent
/// and half of it to its grandparent; the highest score wins.
pub fn find_article<D: Dom>(dom: &D) -> Option<D::Node> {
    let mut scores: Vec<(D::Node, usize)> = Vec::new();
    let mut index: std::collections::HashMap<D::Key, usize> = std::collections::HashMap::new();
    let mut add = |n: D::Node, s: usize| {
        let k = dom.key(&n);
        match index.get(&k) {
            Some(&i) => scores[i].1 += s,
            None => {
                index.insert(k, scores.len());
                scores.push((n, s));
            }
        }
    };
    // A small form's paragraphs (a sign-up form's consent line) are never the article; a form
    // around a whole page (old ASP.NET sites) is not small.
    let mut small_forms: std::collections::HashMap<D::Key, bool> = std::collections::HashMap::new();
    // (Most paragraphs stand in no form: one `closest` says so before the bounded climb.)
    let in_form = |up: &D::Node| dom.is_or_inside(up, "form").then(|| crate::dom::enclosing(dom, up, "form", FORM_LEVELS)).flatten();
    for (p, text) in dom.select_texts("p, pre") {
        let len = meaningful_len(&text);
        if len < MIN_PARAGRAPH {
            continue;
        }
        if let Some(form) = dom.parent(&p).and_then(|up| in_form(&up)) {
            let small = *small_forms.entry(dom.key(&form)).or_insert_with(|| meaningful_len(&dom.text(&form)) <= SMALL_FORM_TEXT);
            if small {
                continue;
            }
        }
        if let Some(parent) = dom.parent(&p) {
            if let Some(gp) = dom.parent(&parent) {
                add(gp, len / 2);
            }
            add(parent, len);
        }
    }
    // The last of equal scores in the order met, as it always was.
    let mut best: Option<(D::Node, usize)> = None;
    for (n, s) in scores {
        if best.as_ref().is_none_or(|(_, b)| s >= *b) {
            best = Some((n, s));
        }
    }
    best.map(|(n, _)| n)
}
