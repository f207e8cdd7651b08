//! The DOM trait: the only way the core reads a page.
//!
//! Natively it is implemented over html5ever ([`crate::html`]); in the browser over the live
//! `document` (`crate::web`). Both must answer every method the same way for the same page, so
//! that a page gives the same findings natively and in the browser. Keep it small: detectors
//! combine these few reads; anything costly for the browser (a walk over every node) is one
//! method here so that the web adapter can do it with one native browser call.

/// A text node found by [`Dom::find_text`]: its parent element, its position among the
/// parent's child nodes (elements, text and comments alike) and its text.
#[derive(Clone, Debug)]
pub struct TextHit<N> {
    pub parent: N,
    pub index: usize,
    pub text: String,
}

/// Where a [`Dom::select_step`] search stopped: the next node to look at, in document order.
#[derive(Clone, Debug)]
pub struct SelectCursor<N> {
    pub started: bool,
    pub next: Option<N>,
}

impl<N> Default for SelectCursor<N> {
    fn default() -> Self {
        SelectCursor { started: false, next: None }
    }
}

/// What [`Dom::find_text`] looks for in text nodes (never inside script, style, noscript,
/// template or textarea).
#[derive(Clone, Copy, Debug)]
pub struct TextQuery<'a> {
    /// Text nodes that contain one of these, case-sensitively.
    pub contains: &'a [&'a str],
    /// Text nodes whose whole text, with white space collapsed and trimmed and ASCII letters
    /// lower-cased, equals one of these.
    pub equals: &'a [&'a str],
}

/// Pages larger than this are refused by every entry point (the CLI, the reader): the biggest
/// real news pages are a few MB, and parsing costs several times the size in memory.
pub const MAX_PAGE_BYTES: usize = 50 * 1024 * 1024;

/// Text nodes longer than this (in UTF-16 code units, the browser's `length`) are never hits:
/// labels and subscribe lines are short, and the browser then need not copy a 20 MB text node
/// into wasm to look at it.
pub const MAX_HIT_UTF16: usize = 2000;

/// `text` and `own_text` give at most this many UTF-16 code units (the browser's `length`):
/// every decision compares text with thresholds far below it, and a 20 MB text node must not
/// be copied into wasm (or walked natively) to learn that it is long.
pub const MAX_TEXT_UTF16: usize = 100_000;

/// Cuts `s` to at most `max` UTF-16 code units, at a character boundary (both adapters cut
/// the same way, so a long text gives the same prefix natively and in the browser).
pub fn truncate_utf16(s: &mut String, max: usize) {
    if s.len() <= max {
        return; // UTF-16 units never outnumber UTF-8 bytes
    }
    let mut units = 0;
    for (i, c) in s.char_indices() {
        units += c.len_utf16();
        if units > max {
            s.truncate(i);
            return;
        }
    }
}

/// Elements found by what their attributes say: those `select` matches whose values of
/// `attrs` (absent ones read as empty) pass `keep`. The browser hands over every match's values
/// in one call and the core decides over them ([`Dom::gather_step`]), where a substring selector
/// per word, ASCII case-insensitive, costs the browser several times a whole query of the page.
#[derive(Debug)]
pub struct Gather {
    /// Which elements to look at: a cheap selector (`[class], [id]`, `a[href]`).
    pub select: &'static str,
    /// The attributes `keep` reads, in this order.
    pub attrs: &'static [&'static str],
    pub keep: fn(&[String]) -> bool,
}

impl Gather {
    /// Whether `keep` takes the element (its attributes read one by one).
    pub fn keeps<D: Dom + ?Sized>(&self, dom: &D, node: &D::Node) -> bool {
        let values: Vec<String> = self.attrs.iter().map(|a| dom.attr(node, a).unwrap_or_default()).collect();
        (self.keep)(&values)
    }
}

pub trait Dom {
    type Node: Clone;
    /// A cheap identity for hashing (the same element always gives the same key).
    type Key: Copy + Eq + std::hash::Hash;

    /// Whether `select(None, ..)` sees the whole document (false for a view of a few subtrees
    /// added later, whose matches may depend on elements outside it).
    fn whole(&self) -> bool {
        true
    }
    /// The `body` element, or the document element when there is none.
    fn body(&self) -> Option<Self::Node>;
    /// All elements matching a CSS selector in document order, within `scope` (descendants
    /// only) or the whole document. An invalid selector matches nothing.
    fn select(&self, scope: Option<&Self::Node>, selector: &str) -> Vec<Self::Node>;
    /// Whether any element within the view (as `select(None, ..)` sees it) matches a CSS
    /// selector, without listing them (the browser stops at the first). When the adapter
    /// cannot tell (a selector it refuses), the answer is true: callers skip work only on a
    /// sure "none".
    fn any(&self, selector: &str) -> bool {
        !self.select(None, selector).is_empty()
    }
    /// Whether the element matches a CSS selector. An invalid selector matches nothing.
    fn matches(&self, node: &Self::Node, selector: &str) -> bool;
    /// Lower-case local name of the element.
    fn tag(&self, node: &Self::Node) -> String;
    fn attr(&self, node: &Self::Node, name: &str) -> Option<String>;
    /// The parent element (None at the document element).
    fn parent(&self, node: &Self::Node) -> Option<Self::Node>;
    /// Child elements in order.
    fn children(&self, node: &Self::Node) -> Vec<Self::Node>;
    /// Whether the element has more than `n` child elements (without building the list: the
    /// browser answers in one call, html5ever stops counting at `n + 1`).
    fn has_more_children_than(&self, node: &Self::Node, n: usize) -> bool;
    /// The text a reader could see: all descendant text except inside script, style,
    /// noscript, template, textarea and elements with the `hidden` attribute
    /// ([`HIDDEN_TEXT_SELECTOR`]); at most [`MAX_TEXT_UTF16`] units of it.
    fn text(&self, node: &Self::Node) -> String;
    /// The elements a CSS selector matches in the whole view (as `select(None, ..)`), each with
    /// its [`text`](Dom::text): the browser reads them all in one call, where a `text` per
    /// element crosses over several times (the guard reads every paragraph of the page).
    fn select_texts(&self, selector: &str) -> Vec<(Self::Node, String)> {
        texts_one_by_one(self, selector)
    }
    /// The text of the element's own text-node children, concatenated; at most
    /// [`MAX_TEXT_UTF16`] units of it.
    fn own_text(&self, node: &Self::Node) -> String;
    /// Whether the element, or one of its ancestors, matches a CSS selector (the browser's
    /// `closest`: one call however deep the page nests).
    fn is_or_inside(&self, node: &Self::Node, selector: &str) -> bool {
        let mut cur = Some(node.clone());
        while let Some(n) = cur {
            if self.matches(&n, selector) {
                return true;
            }
            cur = self.parent(&n);
        }
        false
    }
    /// Whether the element holds an element (a descendant) that matches a CSS selector,
    /// without listing them (the browser stops at the first).
    fn has(&self, node: &Self::Node, selector: &str) -> bool {
        !self.select(Some(node), selector).is_empty()
    }
    /// Whether the element matches a CSS selector or holds an element that does.
    fn is_or_has(&self, node: &Self::Node, selector: &str) -> bool {
        self.matches(node, selector) || self.has(node, selector)
    }
    /// Whether `ancestor` is `node` or contains it.
    fn contains(&self, ancestor: &Self::Node, node: &Self::Node) -> bool;
    /// Whether two handles are the same element.
    fn same(&self, a: &Self::Node, b: &Self::Node) -> bool;
    /// The element's key, for sets and maps (pages with thousands of findings).
    fn key(&self, node: &Self::Node) -> Self::Key;
    /// Text nodes matching the query, in document order.
    fn find_text(&self, query: &TextQuery<'_>) -> Vec<TextHit<Self::Node>> {
        let mut out = Vec::new();
        let mut cursor = Self::TextCursor::default();
        while !self.find_text_step(query, &mut cursor, &mut out, &mut || false) {}
        out
    }
    /// `select(None, selector)` in pieces: adds the matches to `out` in document order,
    /// resuming where `cursor` says, until done (true) or `out_of_time()` (false; call again
    /// with the same cursor). The browser's `querySelectorAll` is one piece (the default);
    /// html5ever's matching, many times slower, goes a few thousand elements at a time.
    fn select_step(
        &self,
        selector: &str,
        _cursor: &mut SelectCursor<Self::Node>,
        out: &mut Vec<Self::Node>,
        _out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        out.extend(self.select(None, selector));
        true
    }
    /// `select_step(g.select, ..)` keeping only the elements `g` keeps ([`Gather`]); the
    /// browser reads all their values in one call.
    fn gather_step(
        &self,
        g: &Gather,
        cursor: &mut SelectCursor<Self::Node>,
        out: &mut Vec<Self::Node>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        let mut found = Vec::new();
        let done = self.select_step(g.select, cursor, &mut found, out_of_time);
        out.extend(found.into_iter().filter(|n| g.keeps(self, n)));
        done
    }
    /// The values of `attrs` (absent ones as empty) of every element `select(None, selector)`
    /// matches, one row of `attrs.len()` values after another, handed to `each` a chunk of
    /// rows at a time in pieces like [`select_step`](Dom::select_step) (the clock is read
    /// after each chunk, so what `each` does counts): the browser reads a few thousand rows per
    /// call.
    fn attr_values_step(
        &self,
        selector: &str,
        attrs: &[&str],
        cursor: &mut SelectCursor<Self::Node>,
        each: &mut dyn FnMut(&[String]),
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool {
        let mut found = Vec::new();
        let done = self.select_step(selector, cursor, &mut found, out_of_time);
        let rows: Vec<String> = found.iter().flat_map(|n| attrs.iter().map(move |a| self.attr(n, a).unwrap_or_default())).collect();
        each(&rows);
        done
    }
    /// [`attr_values_step`](Dom::attr_values_step) in one go.
    fn attr_values(&self, selector: &str, attrs: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        let mut cursor = SelectCursor::default();
        while !self.attr_values_step(selector, attrs, &mut cursor, &mut |rows| out.extend_from_slice(rows), &mut || false) {}
        out
    }
    /// [`gather_step`](Dom::gather_step) in one go.
    fn gather(&self, g: &Gather) -> Vec<Self::Node> {
        let mut out = Vec::new();
        let mut cursor = SelectCursor::default();
        while !self.gather_step(g, &mut cursor, &mut out, &mut || false) {}
        out
    }
    /// Where a [`find_text_step`](Dom::find_text_step) search stopped.
    type TextCursor: Default;
    /// [`find_text`](Dom::find_text) in pieces: adds hits to `out`, resuming where `cursor`
    /// says, until the search is done (true) or `out_of_time()` (false; call again with the
    /// same cursor). The browser checks the clock every few hundred nodes; html5ever, fast
    /// enough, does it all at once.
    fn find_text_step(
        &self,
        query: &TextQuery<'_>,
        cursor: &mut Self::TextCursor,
        out: &mut Vec<TextHit<Self::Node>>,
        out_of_time: &mut dyn FnMut() -> bool,
    ) -> bool;
    /// The page's host name when known (the browser's location; natively the canonical URL
    /// the page declares, if any).
    fn host(&self) -> Option<String>;
}

/// Tags whose text a reader never sees.
pub const HIDDEN_TEXT_TAGS: &[&str] = &["script", "style", "noscript", "template", "textarea"];
/// The attribute that hides an element and its text (`display: none` in every browser's own
/// stylesheet): a sign-up form's "Thanks for signing up!" and error lines wait in it.
pub const HIDDEN_TEXT_ATTR: &str = "hidden";
/// The same tags and attribute as one selector list (for the browser's `querySelector`).
pub const HIDDEN_TEXT_SELECTOR: &str = "script, style, noscript, template, textarea, [hidden]";

/// Whether an element with this local name (any case) hides its text from a reader: a
/// hidden-text tag, or `has_hidden_attr()` (the [`HIDDEN_TEXT_ATTR`] attribute, asked only
/// of other tags). The adapters' text walks ask this of every element they enter.
pub fn hides_text(tag: &str, has_hidden_attr: impl FnOnce() -> bool) -> bool {
    HIDDEN_TEXT_TAGS.iter().any(|t| t.eq_ignore_ascii_case(tag)) || has_hidden_attr()
}

/// [`Dom::select_texts`] the plain way: `select`, then `text` of each match.
pub fn texts_one_by_one<D: Dom + ?Sized>(dom: &D, selector: &str) -> Vec<(D::Node, String)> {
    dom.select(None, selector)
        .into_iter()
        .map(|n| {
            let t = dom.text(&n);
            (n, t)
        })
        .collect()
}

/// Whether a text node's text matches the query: the one definition both adapters use.
pub fn text_matches(q: &TextQuery<'_>, text: &str) -> bool {
    // UTF-16 units never outnumber UTF-8 bytes: only long texts need counting.
    if text.len() > MAX_HIT_UTF16 && text.encode_utf16().count() > MAX_HIT_UTF16 {
        return false;
    }
    if crate::text::contains_any(text, q.contains) {
        return true;
    }
    if q.equals.is_empty() || text.len() > MAX_EQUALS_LEN {
        return false;
    }
    let norm = crate::text::lower(&text.split_whitespace().collect::<Vec<_>>().join(" "));
    q.equals.iter().any(|e| *e == norm)
}

/// Text longer than this cannot equal a label (labels are short); skip normalising it.
pub const MAX_EQUALS_LEN: usize = 256;

/// Where a page declares its own address when the adapter has no location: the canonical
/// link, else `og:url` (selector, attribute), in that order.
pub const PAGE_URL_SOURCES: [(&str, &str); 2] = [("link[rel='canonical'][href]", "href"), ("meta[property='og:url'][content]", "content")];

/// The host of the address the page declares ([`PAGE_URL_SOURCES`]), if any: the html adapter's
/// answer to [`Dom::host`]. The web adapter reads the same sources through the whole document
/// itself, because its view of added nodes would not see the page's head.
/// The element with this tag that `node` is or sits in, at most `levels` elements up (a
/// bounded `closest`, for markup left open by broken pages).
pub fn enclosing<D: Dom + ?Sized>(dom: &D, node: &D::Node, tag: &str, levels: usize) -> Option<D::Node> {
    let mut cur = Some(node.clone());
    for _ in 0..levels {
        let n = cur?;
        if dom.tag(&n) == tag {
            return Some(n);
        }
        cur = dom.parent(&n);
    }
    None
}

pub fn host_from_page_urls<D: Dom + ?Sized>(dom: &D) -> Option<String> {
    PAGE_URL_SOURCES.iter().find_map(|(sel, attr)| {
        let first = dom.select(None, sel).into_iter().next()?;
        dom.attr(&first, attr).as_deref().and_then(url_host)
    })
}

/// The host name of an absolute URL, lower-cased (`https://www.Example.com/a` gives
/// `www.example.com`); None for relative or malformed URLs.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url.trim().split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// An empty page: the `Dom` to name when no page is at hand (asking detectors for their
/// pre-check, which does not depend on the page).
pub struct NoDom;

impl Dom for NoDom {
    type Node = ();
    type Key = ();
    type TextCursor = ();

    fn body(&self) -> Option<()> {
        None
    }
    fn select(&self, _: Option<&()>, _: &str) -> Vec<()> {
        Vec::new()
    }
    fn matches(&self, _: &(), _: &str) -> bool {
        false
    }
    fn tag(&self, _: &()) -> String {
        String::new()
    }
    fn attr(&self, _: &(), _: &str) -> Option<String> {
        None
    }
    fn parent(&self, _: &()) -> Option<()> {
        None
    }
    fn children(&self, _: &()) -> Vec<()> {
        Vec::new()
    }
    fn has_more_children_than(&self, _: &(), _: usize) -> bool {
        false
    }
    fn text(&self, _: &()) -> String {
        String::new()
    }
    fn own_text(&self, _: &()) -> String {
        String::new()
    }
    fn contains(&self, _: &(), _: &()) -> bool {
        false
    }
    fn same(&self, _: &(), _: &()) -> bool {
        false
    }
    fn key(&self, _: &()) {}
    fn find_text_step(&self, _: &TextQuery<'_>, _: &mut (), _: &mut Vec<TextHit<()>>, _: &mut dyn FnMut() -> bool) -> bool {
        true
    }
    fn host(&self) -> Option<String> {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hidden_tags_and_their_selector_agree() {
        assert_eq!(HIDDEN_TEXT_SELECTOR, format!("{}, [{HIDDEN_TEXT_ATTR}]", HIDDEN_TEXT_TAGS.join(", ")));
    }

    #[test]
    fn truncation_counts_utf16_units_and_keeps_characters_whole() {
        let mut s = "ab\u{1F600}cd".to_string(); // the emoji is two UTF-16 units
        truncate_utf16(&mut s, 3);
        assert_eq!(s, "ab");
        let mut s = "ab\u{1F600}cd".to_string();
        truncate_utf16(&mut s, 4);
        assert_eq!(s, "ab\u{1F600}");
        let mut s = "é".repeat(10);
        truncate_utf16(&mut s, 10);
        assert_eq!(s.chars().count(), 10);
        truncate_utf16(&mut s, 4);
        assert_eq!(s, "éééé");
    }
}
