//! Allow-list sanitiser for article HTML.
//!
//! The input is parsed (html5ever, via dom_query) and a *new* document is written from the
//! tree: an element reaches the output only if it is in [`KEEP`] (or, for a few video hosts,
//! is an iframe we rebuild ourselves), an attribute only if it is allowed for that element and
//! its value passes the URL/format check for it. Everything else is either unwrapped (its
//! children kept: unknown presentational wrappers) or dropped with its subtree ([`DROP`]:
//! anything that runs, embeds, submits or styles). Writing fresh markup rather than deleting
//! bad bits in place means parser quirks in the input cannot survive into the output.
//!
//! Lazy-loaded images are resolved here as well (`data-src`, `data-lazy-src`, `data-srcset`,
//! `srcset`), since this is the one place that sees every `<img>` of the article.

// From `[reader]` in rules.toml: the class tokens kept (captions and image alignment: page
// classes otherwise only serve the page's own CSS and scripts) and the attributes that may hold
// a lazy image's real address, best first (the extension's live pre-pass reads the same lists).
use adstrip_core::rules::reader::{KEEP_CLASSES, LAZY_SRC as LAZY_SRC_ATTRS, LAZY_SRCSET as LAZY_SRCSET_ATTRS};
use adstrip_core::rules::{SUBSCRIBE_HEADING, SUBSCRIBE_LINE};
use adstrip_core::text::is_ad_label;
use dom_query::{Document, NodeRef};

const HTML_NS: &str = "http://www.w3.org/1999/xhtml";
const MATHML_NS: &str = "http://www.w3.org/1998/Math/MathML";

/// MathML presentation elements written to the output (formulas are article text). Links
/// (`maction`), images (`mglyph`) and embedded markup (`annotation-xml`) are not among them;
/// other MathML elements are unwrapped.
const MATH_KEEP: &[&str] = &[
    "math",
    "menclose",
    "merror",
    "mfrac",
    "mi",
    "mmultiscripts",
    "mn",
    "mo",
    "mover",
    "mpadded",
    "mphantom",
    "mprescripts",
    "mroot",
    "mrow",
    "ms",
    "mspace",
    "msqrt",
    "mstyle",
    "msub",
    "msubsup",
    "msup",
    "mtable",
    "mtd",
    "mtext",
    "mtr",
    "munder",
    "munderover",
    "none",
    "semantics",
    "annotation",
];

/// MathML elements dropped with their content.
const MATH_DROP: &[&str] = &["annotation-xml", "maction", "mglyph", "malignmark"];

/// MathML layout attributes kept (values must also pass [`plain_value`]).
const MATH_ATTRS: &[&str] = &[
    "accent",
    "accentunder",
    "columnalign",
    "columnlines",
    "columnspacing",
    "columnspan",
    "depth",
    "display",
    "displaystyle",
    "encoding",
    "fence",
    "form",
    "frame",
    "height",
    "largeop",
    "linethickness",
    "lspace",
    "mathsize",
    "mathvariant",
    "maxsize",
    "minsize",
    "movablelimits",
    "notation",
    "rowalign",
    "rowlines",
    "rowspacing",
    "rowspan",
    "rspace",
    "scriptlevel",
    "separator",
    "stretchy",
    "symmetric",
    "voffset",
    "width",
];

/// Elements written to the output (with filtered attributes).
const KEEP: &[&str] = &[
    "a",
    "abbr",
    "address",
    "article",
    "aside",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "main",
    "mark",
    "ol",
    "p",
    "picture",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "section",
    "small",
    "source",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "tt",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements dropped together with everything inside them: active content, embedded documents,
/// forms (in an article they are subscribe or comment forms) and styling. SVG is dropped by
/// namespace (it can carry script, event handlers and links); MathML goes through [`MATH_KEEP`].
const DROP: &[&str] = &[
    "applet",
    "audio",
    "base",
    "button",
    "canvas",
    "datalist",
    "dialog",
    "embed",
    "fieldset",
    "form",
    "frame",
    "frameset",
    "head",
    "iframe",
    "input",
    "keygen",
    "label",
    "link",
    "map",
    "meta",
    "meter",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "param",
    "portal",
    "progress",
    "script",
    "select",
    "slot",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "track",
    "video",
    "xmp",
    "plaintext",
];

/// Elements without end tag.
const VOID: &[&str] = &["br", "col", "hr", "img", "source", "wbr"];

/// Attributes allowed on every kept element.
const GLOBAL_ATTRS: &[&str] = &["title", "lang", "dir", "id", "class"];

/// Prefix given to kept `id`s (and to same-page `#fragment` links): page ids must not clobber
/// names in the reader view's own document.
const ID_PREFIX: &str = "reader-";

/// Video hosts whose embed iframes are kept: (host, path pattern). The whole path must match
/// its pattern, segment by segment: `*` is one id (letters, digits, `-`, `_`), `*.html` an id
/// with that suffix. Nothing else passes: no `..`, no percent-escapes, no `\`, no extra segments
/// (`/embed/../../redirect` is not an embed page).
const VIDEO_EMBEDS: &[(&str, &str)] = &[
    ("www.youtube.com", "/embed/*"),
    ("youtube.com", "/embed/*"),
    ("www.youtube-nocookie.com", "/embed/*"),
    ("youtube-nocookie.com", "/embed/*"),
    ("player.vimeo.com", "/video/*"),
    ("www.dailymotion.com", "/embed/video/*"),
    ("dailymotion.com", "/embed/video/*"),
    ("geo.dailymotion.com", "/player.html"),
    ("geo.dailymotion.com", "/player/*.html"),
];

/// The sandbox given to kept video iframes: players need their own scripts, nothing more.
const VIDEO_SANDBOX: &str = "allow-scripts allow-same-origin allow-presentation allow-popups";

/// Raster image types allowed as `data:` URLs in `img src`.
const DATA_IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/avif", "image/bmp"];

/// Sanitises an HTML fragment (an article body) and returns the safe markup.
pub fn sanitize_fragment(html: &str) -> String {
    write_doc(&Document::fragment(adstrip_html::cap_depth(html).0.as_ref()), html.len())
}

/// The extracted article, its boilerplate pruned ([`crate::prune`]), sanitised.
pub fn sanitize_article(html: &str) -> String {
    let doc = Document::fragment(adstrip_html::cap_depth(html).0.as_ref());
    crate::prune::prune(&doc);
    write_doc(&doc, html.len())
}

fn write_doc(doc: &Document, input_len: usize) -> String {
    let mut out = String::with_capacity(input_len / 2);
    write_tree(&doc.root(), &mut out);
    out
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Close(String),
}

/// Walks the tree without recursion (deeply nested input must not overflow the stack).
fn write_tree(root: &NodeRef<'_>, out: &mut String) {
    let mut stack: Vec<Step<'_>> = root.children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Close(tag) => {
                out.push_str("</");
                out.push_str(&tag);
                out.push('>');
                continue;
            }
            Step::Enter(n) => n,
        };
        if node.is_text() {
            escape_text(&node.text(), out);
            continue;
        }
        if !node.is_element() {
            continue; // comments, doctypes, processing instructions
        }
        let Some(qn) = node.qual_name_ref() else {
            continue;
        };
        let in_html = &*qn.ns == HTML_NS;
        let in_math = &*qn.ns == MATHML_NS;
        let tag = qn.local.to_string().to_ascii_lowercase();
        drop(qn);
        if in_math {
            if MATH_KEEP.contains(&tag.as_str()) {
                out.push('<');
                out.push_str(&tag);
                write_math_attrs(&node, out);
                out.push('>');
                stack.push(Step::Close(tag));
                stack.extend(node.children_it(true).map(Step::Enter));
            } else if !MATH_DROP.contains(&tag.as_str()) {
                stack.extend(node.children_it(true).map(Step::Enter));
            }
            continue;
        }
        if !in_html || DROP.contains(&tag.as_str()) {
            if tag == "iframe" && in_html {
                write_video_iframe(&node, out);
            }
            continue;
        }
        if is_furniture(&node, &tag) {
            continue;
        }
        if !KEEP.contains(&tag.as_str()) {
            // Unknown wrapper (font, center, custom elements, html/body): keep its children.
            stack.extend(node.children_it(true).map(Step::Enter));
            continue;
        }
        out.push('<');
        out.push_str(&tag);
        write_attrs(&node, &tag, out);
        out.push('>');
        if VOID.contains(&tag.as_str()) {
            continue;
        }
        stack.push(Step::Close(tag));
        stack.extend(node.children_it(true).map(Step::Enter));
    }
}

/// A block whose whole text is an ad label, or the "Discover more from … / Subscribe to get the
/// latest posts" footer, which some copies carry as bare text without its Jetpack wrapper.
fn is_furniture(node: &NodeRef<'_>, tag: &str) -> bool {
    if !matches!(tag, "p" | "div" | "span" | "h2" | "h3" | "h4" | "h5" | "h6" | "aside" | "section") {
        return false;
    }
    let Some(text) = short_text(node, 200) else {
        return false;
    };
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Ad labels and Jetpack's subscribe lines: `[text]` in rules.toml, as the detector reads them.
    is_ad_label(&t) || SUBSCRIBE_HEADING.iter().any(|h| t.starts_with(h)) || SUBSCRIBE_LINE.iter().any(|l| t.trim_end_matches('.') == *l)
}

/// The text of `node` if it is at most `limit` bytes in a small subtree; stops early otherwise,
/// so checking every block stays linear over the document (labels are a handful of nodes).
fn short_text(node: &NodeRef<'_>, limit: usize) -> Option<String> {
    const MAX_NODES: usize = 32;
    let mut s = String::new();
    for (i, d) in node.descendants_it().enumerate() {
        if i > MAX_NODES {
            return None;
        }
        if d.is_text() {
            s.push_str(&d.text());
            if s.len() > limit {
                return None;
            }
        }
    }
    Some(s)
}

fn write_math_attrs(node: &NodeRef<'_>, out: &mut String) {
    for a in node.attrs().iter() {
        let name = a.name.local.to_string().to_ascii_lowercase();
        if MATH_ATTRS.contains(&name.as_str()) && plain_value(&a.value) {
            push_attr(&name, &a.value, out);
        }
    }
}

/// A short keyword/length value: letters, digits, spaces and `.-#%`; nothing URL- or
/// script-like can pass.
fn plain_value(v: &str) -> bool {
    v.len() <= 64 && v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '#' | '%'))
}

fn write_attrs(node: &NodeRef<'_>, tag: &str, out: &mut String) {
    let attrs: Vec<(String, String)> =
        node.attrs().iter().map(|a| (a.name.local.to_string().to_ascii_lowercase(), a.value.to_string())).collect();
    let get = |name: &str| attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());

    if tag == "img" {
        write_img_attrs(&get, out);
    }
    for (name, value) in &attrs {
        let v = value.as_str();
        let kept: Option<String> = match name.as_str() {
            "title" | "lang" => Some(v.to_string()),
            "dir" => matches!(v.trim().to_ascii_lowercase().as_str(), "ltr" | "rtl" | "auto").then(|| v.trim().to_ascii_lowercase()),
            "id" => safe_id(v).map(|id| format!("{ID_PREFIX}{id}")),
            "class" => {
                let kept: Vec<&str> =
                    v.split_whitespace().filter(|c| KEEP_CLASSES.contains(c) || crate::content::is_code_class(tag, c)).collect();
                (!kept.is_empty()).then(|| kept.join(" "))
            }
            _ if GLOBAL_ATTRS.contains(&name.as_str()) => None,
            _ => element_attr(tag, name, v),
        };
        if let Some(k) = kept {
            push_attr(name, &k, out);
        }
    }
}

/// Element-specific attributes: returns the value to write, or `None` to drop it.
fn element_attr(tag: &str, name: &str, v: &str) -> Option<String> {
    match (tag, name) {
        ("a", "href") => {
            if let Some(frag) = v.trim().strip_prefix('#') {
                return safe_id(frag).map(|id| format!("#{ID_PREFIX}{id}"));
            }
            safe_url(v, UrlUse::Link)
        }
        ("blockquote" | "q" | "del" | "ins", "cite") => safe_url(v, UrlUse::Link),
        ("source", "srcset") => safe_srcset(v),
        ("source", "media" | "sizes") => Some(v.to_string()),
        ("source", "type") => v.starts_with("image/").then(|| v.to_string()),
        ("td" | "th", "colspan" | "rowspan") | ("col" | "colgroup", "span") => number(v),
        ("th", "scope") | ("td" | "th", "headers") | ("abbr" | "th", "abbr") => Some(v.to_string()),
        ("time" | "del" | "ins", "datetime") => Some(v.to_string()),
        ("ol", "start") | ("li", "value") => v.trim().parse::<i64>().ok().map(|n| n.to_string()),
        ("ol", "type") => matches!(v, "1" | "a" | "A" | "i" | "I").then(|| v.to_string()),
        ("ol", "reversed") | ("details", "open") => Some(String::new()),
        ("table", "summary") => Some(v.to_string()),
        _ => None,
    }
}

/// `<img>`: `src` (resolved from lazy-loading attributes when needed), `srcset`, `sizes`, `alt`,
/// `width`, `height`. Written first, so the generic loop must not repeat them.
fn write_img_attrs<'a>(get: &dyn Fn(&str) -> Option<&'a str>, out: &mut String) {
    let src = get("src").and_then(|s| safe_url(s, UrlUse::Image));
    let src = match src {
        Some(s) if !is_placeholder(&s) => Some(s),
        placeholder => lazy_src(get).or(placeholder),
    };
    if let Some(s) = &src {
        push_attr("src", s, out);
    }
    let srcset = ["srcset", "data-srcset", "data-lazy-srcset"].iter().find_map(|a| get(a).and_then(safe_srcset));
    if let Some(s) = srcset {
        push_attr("srcset", &s, out);
        if let Some(sizes) = get("sizes").or_else(|| get("data-sizes")) {
            if sizes != "auto" {
                push_attr("sizes", sizes, out);
            }
        }
    }
    if let Some(alt) = get("alt") {
        push_attr("alt", alt, out);
    }
    for dim in ["width", "height"] {
        if let Some(n) = get(dim).and_then(number) {
            push_attr(dim, &n, out);
        }
    }
}

/// The real image URL of a lazy-loaded image, if any attribute holds one.
fn lazy_src<'a>(get: &dyn Fn(&str) -> Option<&'a str>) -> Option<String> {
    LAZY_SRC_ATTRS
        .iter()
        .filter_map(|a| get(a))
        .filter_map(|v| safe_url(v, UrlUse::Image))
        .find(|v| !is_placeholder(v))
        .or_else(|| LAZY_SRCSET_ATTRS.iter().filter_map(|a| get(a)).find_map(best_srcset_url))
}

/// A `src` that only stands in for the real image until a script swaps it: an inline
/// data URL (lazy loaders use tiny GIFs/SVGs) or a well-known placeholder file name.
fn is_placeholder(src: &str) -> bool {
    let s = src.trim().to_ascii_lowercase();
    if s.is_empty() || s.starts_with("data:") && s.len() < 256 {
        return true;
    }
    let file = s.split(['?', '#']).next().unwrap_or("");
    let file = file.rsplit('/').next().unwrap_or("");
    ["placeholder", "blank.", "spacer.", "transparent.", "lazyload", "lazy-load", "loading.", "pixel.", "1x1.", "grey.gif", "gray.gif"]
        .iter()
        .any(|p| file.contains(p))
}

/// Parses a `srcset` into (url, descriptor) candidates.
fn srcset_candidates(v: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut tokens = v.split_whitespace().peekable();
    while let Some(tok) = tokens.next() {
        let (url, ended) = match tok.strip_suffix(',') {
            Some(u) => (u, true),
            None => (tok, false),
        };
        let mut desc = String::new();
        if !ended {
            if let Some(next) = tokens.peek() {
                if is_descriptor(next.trim_end_matches(',')) {
                    desc = next.trim_end_matches(',').to_string();
                    tokens.next();
                } else if *next == "," {
                    tokens.next();
                }
            }
        }
        if !url.is_empty() {
            out.push((url.to_string(), desc));
        }
    }
    out
}

fn is_descriptor(s: &str) -> bool {
    let Some(last) = s.chars().last() else {
        return false;
    };
    matches!(last, 'w' | 'x' | 'h') && s.len() > 1 && s[..s.len() - 1].chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// A `srcset` with every candidate URL checked; `None` if nothing safe remains.
fn safe_srcset(v: &str) -> Option<String> {
    let parts: Vec<String> = srcset_candidates(v)
        .into_iter()
        .filter_map(|(u, d)| {
            let u = safe_url(&u, UrlUse::Image)?;
            if is_placeholder(&u) {
                return None;
            }
            Some(if d.is_empty() { u } else { format!("{u} {d}") })
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// The widest (or highest-density) candidate of a `srcset`.
fn best_srcset_url(v: &str) -> Option<String> {
    srcset_candidates(v)
        .into_iter()
        .filter_map(|(u, d)| {
            let u = safe_url(&u, UrlUse::Image).filter(|u| !is_placeholder(u))?;
            let n: f64 = d.trim_end_matches(['w', 'x', 'h']).parse().unwrap_or(1.0);
            Some((u, n))
        })
        .fold(None, |best: Option<(String, f64)>, (u, n)| match best {
            Some((bu, bn)) if bn >= n => Some((bu, bn)),
            _ => Some((u, n)),
        })
        .map(|(u, _)| u)
}

/// Rebuilds a video-host embed as a sandboxed iframe; other iframes are dropped.
fn write_video_iframe(node: &NodeRef<'_>, out: &mut String) {
    let Some(src) = node.attr("src").or_else(|| node.attr("data-src")) else {
        return;
    };
    let Some(src) = video_embed_url(&src) else {
        return;
    };
    out.push_str("<iframe");
    push_attr("src", &src, out);
    for dim in ["width", "height"] {
        if let Some(n) = node.attr(dim).and_then(|v| number(&v)) {
            push_attr(dim, &n, out);
        }
    }
    if let Some(t) = node.attr("title") {
        push_attr("title", &t, out);
    }
    push_attr("sandbox", VIDEO_SANDBOX, out);
    push_attr("allowfullscreen", "", out);
    push_attr("referrerpolicy", "strict-origin-when-cross-origin", out);
    out.push_str("></iframe>");
}

/// `Some(https URL)` when `src` points at an embed page of a known video host.
fn video_embed_url(src: &str) -> Option<String> {
    let s = strip_url_noise(src);
    if s.contains('\\') || s.chars().any(|c| c.is_control() || c == ' ') {
        return None; // browsers read `\` as `/`: not a URL we could judge by its text
    }
    let lower = s.to_ascii_lowercase();
    let rest = lower.strip_prefix("https:").or_else(|| lower.strip_prefix("http:")).unwrap_or(&lower);
    let rest = rest.strip_prefix("//")?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    if host.contains(['@', ':', '%']) {
        return None; // credentials, ports or escapes: not a plain embed URL
    }
    // Keep the original case of path and query (video ids are case-sensitive).
    let orig_rest = &s[s.len() - rest.len()..];
    let after_host = &orig_rest[host_end..];
    let path_end = after_host.find(['?', '#']).unwrap_or(after_host.len());
    let path = &after_host[..path_end];
    VIDEO_EMBEDS.iter().any(|(h, p)| host == *h && path_matches(path, p)).then(|| format!("https://{orig_rest}"))
}

/// Whether `path` matches `pattern` (see [`VIDEO_EMBEDS`]).
fn path_matches(path: &str, pattern: &str) -> bool {
    let id = |s: &str| !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    let mut segments = path.split('/');
    let mut want = pattern.split('/');
    loop {
        match (segments.next(), want.next()) {
            (None, None) => return true,
            (Some(seg), Some("*")) if id(seg) => {}
            (Some(seg), Some(w)) if w.starts_with("*.") => {
                let suffix = &w[1..];
                if !seg.strip_suffix(suffix).is_some_and(id) {
                    return false;
                }
            }
            (Some(seg), Some(w)) if seg == w && !w.contains('*') => {}
            _ => return false,
        }
    }
}

/// What a URL attribute is used for: decides which schemes are acceptable.
#[derive(Clone, Copy, PartialEq, Eq)]
enum UrlUse {
    Link,
    Image,
}

/// Browsers ignore leading/trailing C0 controls and spaces and drop tabs and newlines anywhere
/// in a URL (`java\tscript:` is `javascript:`); we look at the URL the way they do.
fn strip_url_noise(v: &str) -> String {
    v.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// The URL to write if it is safe for `use_`; `None` otherwise.
fn safe_url(v: &str, use_: UrlUse) -> Option<String> {
    let s = strip_url_noise(v);
    if s.is_empty() || s.chars().any(char::is_control) {
        return None;
    }
    match scheme_of(&s) {
        None => Some(s), // relative (path, query, fragment or protocol-relative)
        Some(scheme) => {
            let ok = match scheme.as_str() {
                "http" | "https" => true,
                "mailto" | "tel" => use_ == UrlUse::Link,
                "data" => use_ == UrlUse::Image && is_raster_data_url(&s),
                _ => false,
            };
            ok.then_some(s)
        }
    }
}

/// The lower-cased scheme, if the URL has one (a `:` before any `/`, `?` or `#`).
fn scheme_of(s: &str) -> Option<String> {
    let end = s.find([':', '/', '?', '#'])?;
    if s.as_bytes()[end] != b':' {
        return None;
    }
    let scheme = &s[..end];
    // Anything before the colon that is not a valid scheme is still treated as one: refusing
    // an odd relative URL is cheaper than letting an obfuscated scheme through.
    Some(scheme.to_ascii_lowercase())
}

fn is_raster_data_url(s: &str) -> bool {
    let Some(rest) = s.get(5..) else { return false };
    let mime_end = rest.find([';', ',']).unwrap_or(rest.len());
    let mime = rest[..mime_end].trim().to_ascii_lowercase();
    DATA_IMAGE_TYPES.contains(&mime.as_str())
}

/// True for an absolute http(s) URL (used for the page URL and the lead image).
pub(crate) fn is_absolute_http(u: &str) -> bool {
    let s = strip_url_noise(u).to_ascii_lowercase();
    (s.starts_with("http://") || s.starts_with("https://")) && !s.chars().any(char::is_control)
}

/// An `id` value we are willing to write (prefixed): short and plain.
fn safe_id(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty() && v.len() <= 128 && v.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))).then(|| v.to_string())
}

fn number(v: &str) -> Option<String> {
    let v = v.trim();
    (!v.is_empty() && v.len() <= 6 && v.chars().all(|c| c.is_ascii_digit())).then(|| v.to_string())
}

fn push_attr(name: &str, value: &str, out: &mut String) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn escape_text(t: &str, out: &mut String) {
    for c in t.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\u{a0}' => out.push_str("&nbsp;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests;
