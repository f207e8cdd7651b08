//! A depth cap before any parse of page HTML.
//!
//! html5ever checks scopes by walking its stack of open elements, so parsing a page nested `n`
//! deep costs about `n²`, and code that walks the tree recursively (the extractor's selector
//! matching) overflows the stack on deep enough pages. Browsers cap the tree at 512 levels when
//! parsing; [`cap_depth`] does the same before the parser sees the page: one linear pass over the
//! markup follows the tree builder closely enough to know how deep each start tag would land
//! (implied end tags of `p`, `li`, `td`, table parts, options and headings, end tags closing up
//! to their element within its scope, formatting elements re-opened after an implied close,
//! raw-text elements, comments, foreign content), and drops the tags of elements that would
//! land deeper than [`MAX_DEPTH`], with their end tags: their text and what is inside them stay,
//! at the cap. (Chromium keeps such elements, as siblings at its limit; dropping the tags is
//! simpler and the content is the same.)
//!
//! The pass leans towards counting deeper than the parser builds (a sloppily closed page may
//! count a little deeper than it parses). Real pages stay far below the cap: the 690 pages of
//! trafilatura's benchmark and the project's fixtures count at most 42 levels, and none is
//! changed. The common ways of nesting deep (block, inline and formatting chains, tables, lists,
//! SVG and MathML, misnested formatting) parse within twice the cap (`tests/hostile.rs`). Rare
//! combinations of foreign content, table parts, framesets and misnested end tags are still
//! counted short: a random search over 110 kinds of tag found pages that parse up to about
//! 4,300 deep after the pass (parse time in milliseconds natively; without the pass, 100,000
//! deep). The `depth` fuzz target looks for more.

use std::borrow::Cow;

/// How deep an element may be nested (Chromium's parser limit).
pub const MAX_DEPTH: usize = 512;

/// Pages with more elements than this are too complex to scan, clean or read (about 20 times
/// the biggest real page we know): it bounds the work per page.
pub const MAX_ELEMENTS: usize = 400_000;

/// How far up the open elements an end tag looks for its element: bounds the work per tag.
const SEARCH_LIMIT: usize = 2 * MAX_DEPTH;

/// What the pass saw of a page.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Shape {
    /// Start tags (elements the parser will create, near enough).
    pub elements: usize,
    /// The deepest nesting the page asks for (before the cap).
    pub deepest: usize,
    /// Start tags dropped because they would have landed deeper than [`MAX_DEPTH`].
    pub flattened: usize,
}

/// The page with every element deeper than [`MAX_DEPTH`] flattened into its ancestor at the
/// cap (unchanged, and not copied, when nothing is that deep), and what the pass saw.
pub fn cap_depth(html: &str) -> (Cow<'_, str>, Shape) {
    let mut cap = DepthCap::default();
    while !cap.step(html, usize::MAX) {}
    cap.finish(html)
}

/// [`cap_depth`] in pieces, for a caller that must stop now and then (the service worker's
/// scan): [`step`](DepthCap::step) over the same `html` until it says done, then
/// [`finish`](DepthCap::finish).
#[derive(Default)]
pub struct DepthCap {
    pass: Pass,
    /// Where the pass goes on; `None` once it is done.
    at: Option<usize>,
    started: bool,
}

impl DepthCap {
    /// Goes through at least `bytes` more bytes of `html` (to the end of the token there); true
    /// when the whole page has been seen.
    pub fn step(&mut self, html: &str, bytes: usize) -> bool {
        let from = if self.started { self.at } else { Some(0) };
        self.started = true;
        self.at = from.and_then(|i| self.pass.run_part(html, i, i.saturating_add(bytes)));
        self.at.is_none()
    }

    /// The capped page, once [`step`](DepthCap::step) said done.
    pub fn finish(self, html: &str) -> (Cow<'_, str>, Shape) {
        let pass = self.pass;
        let shape = Shape { elements: pass.elements, deepest: pass.deepest, flattened: pass.flattened };
        if pass.drops.is_empty() {
            return (Cow::Borrowed(html), shape);
        }
        let mut out = String::with_capacity(html.len());
        let mut at = 0;
        for (start, end) in pass.drops {
            out.push_str(&html[at..start]);
            at = end;
        }
        out.push_str(&html[at..]);
        (Cow::Owned(out), shape)
    }
}

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is text up to their own end tag. Not `noscript`: the parser runs
/// without scripting, so its content is markup.
const RAW: &[&str] = &["script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title"];

const FORMATTING: &[&str] = &["a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"];

/// Elements that stop an end tag's search for its element (the parser's scope boundaries).
const SCOPE: &[&str] = &["applet", "caption", "html", "table", "td", "th", "marquee", "object", "template", "foreignobject"];

/// Elements that set a marker in the list of active formatting elements.
const MARKERS: &[&str] = &["applet", "caption", "marquee", "object", "td", "th", "template"];

/// Start tags that close an open `p` (in button scope). `table` is not among them: it does not
/// in quirks mode, and counting one level too many is the safe side.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "search",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "plaintext",
    "hr",
    "dd",
    "dt",
    "li",
];

const SPECIAL: &[&str] = &[
    "address",
    "applet",
    "area",
    "article",
    "aside",
    "base",
    "basefont",
    "bgsound",
    "blockquote",
    "body",
    "br",
    "button",
    "caption",
    "center",
    "col",
    "colgroup",
    "dd",
    "details",
    "dir",
    "div",
    "dl",
    "dt",
    "embed",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "frame",
    "frameset",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "iframe",
    "img",
    "input",
    "keygen",
    "li",
    "link",
    "listing",
    "main",
    "marquee",
    "menu",
    "meta",
    "nav",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "ol",
    "p",
    "param",
    "plaintext",
    "pre",
    "script",
    "search",
    "section",
    "select",
    "source",
    "style",
    "summary",
    "table",
    "tbody",
    "td",
    "template",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "track",
    "ul",
    "wbr",
    "xmp",
];

/// HTML start tags that end foreign (SVG, MathML) content.
const BREAKOUT: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

struct Open {
    name: String,
    /// Attributes, for the parser's three-of-a-kind limit on re-opened formatting elements.
    attrs: String,
    /// Dropped by the cap: its tag is not written, its end tag neither.
    ghost: bool,
    foreign: bool,
}

#[derive(Default)]
struct Pass {
    stack: Vec<Open>,
    /// Elements on the stack that the parser builds (not ghosts).
    depth: usize,
    /// Formatting elements closed implicitly that the parser re-opens at the next content.
    closed_formatting: Vec<Open>,
    /// `closed_formatting.len()` when each marker element opened.
    markers: Vec<usize>,
    drops: Vec<(usize, usize)>,
    /// How many elements of each name are open: most searches are answered without a walk.
    open: std::collections::HashMap<String, usize>,
    elements: usize,
    deepest: usize,
    flattened: usize,
}

fn is(set: &[&str], name: &str) -> bool {
    set.contains(&name)
}

impl Pass {
    /// Goes through the page from byte `i` (a token boundary) to the first token boundary at or
    /// past `until`: where to go on, or `None` at the end of the page.
    fn run_part(&mut self, html: &str, mut i: usize, until: usize) -> Option<usize> {
        let b = html.as_bytes();
        while i < b.len() {
            if i >= until {
                return Some(i);
            }
            let Some(lt) = memchr(b'<', &b[i..]).map(|p| p + i) else {
                self.text(&b[i..]);
                break;
            };
            self.text(&b[i..lt]);
            i = lt;
            let next = b.get(i + 1).copied().unwrap_or(0);
            if b[i..].starts_with(b"<!--") {
                i = comment_end(b, i + 4);
            } else if next == b'!' || next == b'?' {
                i = find(b, i, b">").map_or(b.len(), |p| p + 1);
            } else if next == b'/' && b.get(i + 2).is_some_and(u8::is_ascii_alphabetic) {
                let (name, _, _, end) = tag(b, i + 2);
                self.end_tag(&name, i, end);
                i = end;
            } else if next.is_ascii_alphabetic() {
                let (name, attrs, self_closing, end) = tag(b, i + 1);
                let raw = self.start_tag(name, attrs, self_closing, i, end);
                i = end;
                if let Some(raw) = raw {
                    if raw == "plaintext" {
                        return None;
                    }
                    i = raw_end(b, i, raw.as_bytes());
                }
            } else {
                i += 1;
            }
        }
        None
    }

    fn text(&mut self, t: &[u8]) {
        if !t.is_empty() {
            self.reopen_formatting();
        }
    }

    /// Whether the next tag is foreign content (SVG or MathML, outside their HTML integration
    /// points such as `mi` and `foreignObject`).
    fn foreign(&self) -> bool {
        self.stack.last().is_some_and(|o| {
            o.foreign && !matches!(o.name.as_str(), "mi" | "mo" | "mn" | "ms" | "mtext" | "foreignobject" | "desc" | "title")
        })
    }

    /// Handles a start tag; returns the name of a raw-text element whose content follows.
    fn start_tag(&mut self, name: String, attrs: String, self_closing: bool, start: usize, end: usize) -> Option<String> {
        self.elements += 1;
        let n = name.as_str();
        if self.foreign() && (is(BREAKOUT, n) || (n == "font" && attrs.contains(['c', 'f', 's']))) {
            while self.foreign() {
                self.pop();
            }
        }
        if self.foreign() {
            // Any tag is an element here, `html` too.
            if !self_closing {
                self.push(name, attrs, true, start, end);
            }
            return None;
        }
        if matches!(n, "html" | "head" | "body") {
            return None;
        }
        // Under a frameset the parser may ignore these tags (then no raw text follows): their
        // content is counted as markup, which at worst counts too deep.
        if n == "noframes" || ((is(RAW, n) || n == "plaintext") && !self.is_open("frameset")) {
            return Some(name);
        }
        if matches!(n, "td" | "th" | "tr" | "tbody" | "thead" | "tfoot" | "caption" | "colgroup") && !self.is_open("table") {
            return None; // table parts outside a table: the parser ignores the tag
        }
        if is(CLOSES_P, n) {
            self.close_p();
        }
        match n {
            "li" => self.close_item(&["li"]),
            "dd" | "dt" => self.close_item(&["dd", "dt"]),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
                if self.stack.last().is_some_and(|o| matches!(o.name.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")) =>
            {
                self.pop();
            }
            "td" | "th" => {
                self.close_upto(&["td", "th"], &["tr", "tbody", "thead", "tfoot", "table", "template"]);
                // The parser adds the row (and the body) a cell straight in a table lacks.
                self.implied_table_body();
                if self.stack.last().is_some_and(|o| matches!(o.name.as_str(), "tbody" | "thead" | "tfoot")) {
                    self.push_implied("tr");
                }
            }
            "tr" => {
                self.close_upto(&["tr"], &["tbody", "thead", "tfoot", "table", "template"]);
                self.implied_table_body();
            }
            "tbody" | "thead" | "tfoot" | "caption" | "colgroup" => self.close_upto(&[], &["table", "template"]),
            "rb" | "rp" | "rt" | "rtc" if self.find_open("ruby", SCOPE).is_some() => {
                // Implied end tags: an open `p` (or `rt`, ...) above the ruby closes.
                while self.stack.last().is_some_and(|o| {
                    matches!(o.name.as_str(), "dd" | "dt" | "li" | "optgroup" | "option" | "p" | "rb" | "rp" | "rt")
                        || (o.name == "rtc" && !matches!(n, "rp" | "rt"))
                }) {
                    self.pop();
                }
            }
            "option" | "optgroup" => {
                if self.stack.last().is_some_and(|o| o.name == "option") {
                    self.pop();
                }
                // In a select an optgroup closes the one before; elsewhere they nest.
                if n == "optgroup" && self.is_open("select") && self.stack.last().is_some_and(|o| o.name == "optgroup") {
                    self.pop();
                }
            }
            "a" | "nobr" => {
                // A second `a` closes the first (the adoption agency).
                if let Some(at) = self.find_open(n, SCOPE) {
                    // The first closes; blocks opened inside it stay open.
                    let o = self.stack.remove(at);
                    self.closed(&o.name);
                    if !o.ghost {
                        self.depth -= 1;
                    }
                }
            }
            _ => {}
        }
        if !is(SPECIAL, n) {
            self.reopen_formatting();
        }
        if is(VOID, n) {
            return None;
        }
        let foreign = matches!(n, "svg" | "math");
        if foreign && self_closing {
            return None;
        }
        self.push(name, attrs, foreign, start, end);
        None
    }

    fn push(&mut self, name: String, attrs: String, foreign: bool, start: usize, end: usize) {
        let ghost = self.depth >= MAX_DEPTH;
        if ghost {
            self.drops.push((start, end));
            self.flattened += 1;
        } else {
            self.depth += 1;
        }
        if !ghost && is(MARKERS, &name) {
            self.markers.push(self.closed_formatting.len());
        }
        self.opened(&name);
        self.stack.push(Open { name, attrs, ghost, foreign });
        // Ghosts included: how deep the page asks to go.
        self.deepest = self.deepest.max(self.stack.len());
    }

    /// `tbody`, when a row or cell goes straight into a table.
    fn implied_table_body(&mut self) {
        if self.stack.last().is_some_and(|o| o.name == "table") {
            self.push_implied("tbody");
        }
    }

    /// An element the parser creates without a tag in the page (nothing to drop).
    fn push_implied(&mut self, name: &str) {
        let ghost = self.depth >= MAX_DEPTH;
        if !ghost {
            self.depth += 1;
        }
        self.opened(name);
        self.stack.push(Open { name: name.to_string(), attrs: String::new(), ghost, foreign: false });
        self.deepest = self.deepest.max(self.stack.len());
    }

    /// Pops the current element; an implicitly closed formatting element will be re-opened.
    fn pop(&mut self) -> Option<Open> {
        let o = self.stack.pop()?;
        self.closed(&o.name);
        if o.ghost {
            return Some(o);
        }
        self.depth -= 1;
        if is(MARKERS, &o.name) {
            if let Some(len) = self.markers.pop() {
                self.closed_formatting.truncate(len);
            }
        }
        Some(o)
    }

    /// Pops everything above `at` (re-opening formatting elements among them), then `at`.
    fn close_to(&mut self, at: usize) {
        while self.stack.len() > at + 1 {
            if let Some(o) = self.pop() {
                if !o.ghost && is(FORMATTING, &o.name) {
                    self.remember_formatting(o);
                }
            }
        }
        self.pop();
    }

    fn remember_formatting(&mut self, o: Open) {
        let from = self.markers.last().copied().unwrap_or(0);
        let same: Vec<usize> = (from..self.closed_formatting.len())
            .filter(|&k| self.closed_formatting[k].name == o.name && self.closed_formatting[k].attrs == o.attrs)
            .collect();
        if same.len() >= 3 {
            self.closed_formatting.remove(same[0]);
        }
        self.closed_formatting.push(o);
    }

    /// Re-opens the formatting elements closed implicitly since the last marker.
    fn reopen_formatting(&mut self) {
        let from = self.markers.last().copied().unwrap_or(0);
        if self.closed_formatting.len() <= from {
            return;
        }
        let reopened: Vec<Open> = self.closed_formatting.drain(from..).collect();
        for o in reopened {
            if self.depth >= MAX_DEPTH {
                break; // the tags that opened them were let through below the cap
            }
            self.depth += 1;
            self.deepest = self.deepest.max(self.depth);
            self.opened(&o.name);
            self.stack.push(o);
        }
    }

    fn opened(&mut self, name: &str) {
        match self.open.get_mut(name) {
            Some(n) => *n += 1,
            None => {
                self.open.insert(name.to_string(), 1);
            }
        }
    }

    fn closed(&mut self, name: &str) {
        if let Some(n) = self.open.get_mut(name) {
            *n = n.saturating_sub(1);
        }
    }

    fn is_open(&self, name: &str) -> bool {
        self.open.get(name).is_some_and(|n| *n > 0)
    }

    /// The index of the nearest open `name`, looking no further than an element of `stop`.
    fn find_open(&self, name: &str, stop: &[&str]) -> Option<usize> {
        if !self.is_open(name) {
            return None;
        }
        for (k, o) in self.stack.iter().enumerate().rev().take(SEARCH_LIMIT) {
            if o.name == name {
                return Some(k);
            }
            if is(stop, &o.name) || o.foreign && o.name == "foreignobject" {
                return None;
            }
        }
        None
    }

    fn close_p(&mut self) {
        let mut stop = SCOPE.to_vec();
        stop.push("button");
        if let Some(at) = self.find_open("p", &stop) {
            self.close_to(at);
        }
    }

    /// `li`, `dd`, `dt`: closes an open item of `names` unless a special element (other than
    /// address, div and p) is in between.
    fn close_item(&mut self, names: &[&str]) {
        if !names.iter().any(|n| self.is_open(n)) {
            return;
        }
        for (k, o) in self.stack.iter().enumerate().rev().take(SEARCH_LIMIT) {
            if names.contains(&o.name.as_str()) {
                self.close_to(k);
                return;
            }
            if is(SPECIAL, &o.name) && !matches!(o.name.as_str(), "address" | "div" | "p") {
                return;
            }
        }
    }

    /// Table parts: closes up to an open element of `names`, or down to (not including) the
    /// nearest of `keep`.
    fn close_upto(&mut self, names: &[&str], keep: &[&str]) {
        for (k, o) in self.stack.iter().enumerate().rev().take(SEARCH_LIMIT) {
            if names.contains(&o.name.as_str()) {
                self.close_to(k);
                return;
            }
            if keep.contains(&o.name.as_str()) {
                if k + 1 < self.stack.len() {
                    self.close_to(k + 1);
                }
                return;
            }
        }
    }

    fn end_tag(&mut self, name: &str, start: usize, end: usize) {
        if matches!(name, "br" | "p") && self.foreign() {
            // These two end foreign content, like an HTML start tag there.
            while self.foreign() {
                self.pop();
            }
        }
        if matches!(name, "html" | "head" | "body" | "br") {
            return;
        }
        if !self.is_open(name) {
            return;
        }
        let special = is(SPECIAL, name) && !self.foreign();
        let mut found = None;
        for (k, o) in self.stack.iter().enumerate().rev().take(SEARCH_LIMIT) {
            if o.name == name {
                found = Some(k);
                break;
            }
            let list_scope = name == "li" && matches!(o.name.as_str(), "ol" | "ul");
            let button_scope = name == "p" && o.name == "button";
            let boundary = is(SCOPE, &o.name)
                || list_scope
                || button_scope
                || (!special && !is(FORMATTING, name) && is(SPECIAL, &o.name) && !o.foreign);
            if boundary {
                break;
            }
        }
        let Some(at) = found else {
            return;
        };
        if self.stack[at].ghost {
            self.drops.push((start, end));
        }
        if is(FORMATTING, name) {
            // The adoption agency: the formatting element closes, blocks inside it stay open.
            let o = self.stack.remove(at);
            self.closed(&o.name);
            if !o.ghost {
                self.depth -= 1;
            }
            return;
        }
        self.close_to(at);
    }
}

/// The end of a comment whose `<!--` ends before `from`.
fn comment_end(b: &[u8], from: usize) -> usize {
    if b[from..].starts_with(b">") {
        return from + 1;
    }
    if b[from..].starts_with(b"->") {
        return from + 2;
    }
    find(b, from, b"-->").map_or(b.len(), |p| p + 3)
}

/// Reads a tag from its name at `at`: (lower-case name, attributes, self-closing, end).
fn tag(b: &[u8], at: usize) -> (String, String, bool, usize) {
    let mut i = at;
    while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
        i += 1;
    }
    let name = String::from_utf8_lossy(&b[at..i]).to_ascii_lowercase();
    let attrs_start = i;
    let mut self_closing = false;
    while i < b.len() {
        match b[i] {
            b'>' => {
                // Kept for formatting elements only (the parser's three-of-a-kind limit).
                let attrs =
                    if is(FORMATTING, &name) { String::from_utf8_lossy(&b[attrs_start..i]).trim().to_string() } else { String::new() };
                return (name, attrs, self_closing, i + 1);
            }
            b'/' => {
                self_closing = true;
                i += 1;
                continue;
            }
            b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' => {}
            _ => {
                self_closing = false;
                // An attribute: its name, then `=` and a value, quoted or not.
                while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'=') {
                    i += 1;
                }
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if b.get(i) == Some(&b'=') {
                    i += 1;
                    while i < b.len() && b[i].is_ascii_whitespace() {
                        i += 1;
                    }
                    match b.get(i) {
                        Some(&q @ (b'"' | b'\'')) => i = memchr(q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p + 1),
                        _ => {
                            while i < b.len() && !matches!(b[i], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'>') {
                                i += 1;
                            }
                        }
                    }
                }
                continue;
            }
        }
        i += 1;
    }
    (name, String::new(), false, b.len())
}

/// The end of a raw-text element's content: the start of `</name` (or the end of the page).
fn raw_end(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut i = from;
    while let Some(p) = find(b, i, b"</") {
        let after = p + 2;
        let matches = b.len() >= after + name.len()
            && b[after..after + name.len()].eq_ignore_ascii_case(name)
            && b.get(after + name.len()).is_none_or(|c| matches!(c, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>'));
        if matches {
            return p;
        }
        i = after;
    }
    b.len()
}

fn memchr(needle: u8, hay: &[u8]) -> Option<usize> {
    hay.iter().position(|&c| c == needle)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let first = needle[0];
    let mut i = from;
    while let Some(p) = memchr(first, &b[i.min(b.len())..]) {
        let at = i + p;
        if b[at..].starts_with(needle) {
            return Some(at);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use dom_query::Document;

    /// The deepest element of a parsed page (html = 1).
    fn parsed_depth(html: &str) -> usize {
        let doc = Document::from(html);
        let mut deepest = 0;
        let mut stack = vec![(doc.root(), 0usize)];
        while let Some((n, d)) = stack.pop() {
            deepest = deepest.max(d);
            for c in n.element_children() {
                stack.push((c, d + 1));
            }
        }
        deepest
    }

    #[test]
    fn ordinary_pages_are_untouched() {
        let pages = [
            "<p>one<p>two<p>three<ul><li>a<li>b<li><ul><li>c</ul></ul><table><tr><td>1<td>2<tr><td>3</table>",
            "<div><b>bold<div>block</b>after</div></div><select><option>a<option>b</select><dl><dt>t<dd>d<dt>t2</dl>",
            "<svg><g/><g><path/></g></svg><math><mi>x</mi></math><script>if (a<b) document.write('<div>')</script>",
        ];
        for p in pages {
            let (out, shape) = cap_depth(p);
            assert!(matches!(out, Cow::Borrowed(_)), "{p}");
            assert_eq!(shape.flattened, 0);
            assert!(shape.deepest < 12, "{p}: {shape:?}");
        }
    }

    #[test]
    fn sloppy_repetition_does_not_count_as_nesting() {
        let p = "<p><font face=arial>x".repeat(2000)
            + "<table><tr>"
            + &"<td><font>y".repeat(2000)
            + "</table>"
            + &"<li><b>z".repeat(2000)
            + &"<a href=#>w".repeat(2000);
        let (_, shape) = cap_depth(&format!("<ul>{p}"));
        assert_eq!(shape.flattened, 0, "{shape:?}");
    }

    #[test]
    fn deep_chains_are_flattened_at_the_cap() {
        for unit in ["<div>", "<table><tr><td>", "<span>", "<b>", "<div/>", "<li><ul>", "<blockquote><p>", "<svg><g>", "<noscript><div>"] {
            let html = unit.repeat(5000) + "deep text";
            let (out, shape) = cap_depth(&html);
            assert!(shape.flattened > 0, "{unit}");
            let depth = parsed_depth(&out);
            assert!((MAX_DEPTH / 2..=MAX_DEPTH * 2).contains(&depth), "{unit}: parsed depth {depth}");
            assert!(out.contains("deep text"));
        }
    }

    #[test]
    fn reopened_formatting_counts() {
        // Formatting elements closed by `</div>` are re-opened by the parser at the next text.
        let fonts: String = (0..3000).map(|k| format!("<font size={k}>")).collect();
        let html = format!("<div>{fonts}</div>x<div>y</div>");
        let (out, _) = cap_depth(&html);
        assert!(parsed_depth(&out) <= MAX_DEPTH * 2, "{}", parsed_depth(&out));
    }

    #[test]
    fn end_tags_of_flattened_elements_go_too() {
        let html = "<div>".repeat(MAX_DEPTH + 10) + "in" + &"</div>".repeat(MAX_DEPTH + 10) + "<p id=after>after</p>";
        let (out, shape) = cap_depth(&html);
        assert_eq!(shape.flattened, 10);
        assert_eq!(out.matches("<div>").count(), out.matches("</div>").count());
        let doc = Document::from(out.as_ref());
        assert_eq!(doc.select("#after").parent().nodes()[0].node_name().as_deref(), Some("body"));
    }
}
