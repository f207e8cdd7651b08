//! Reader mode: pull the article out of a page and hand back clean, safe HTML and plain text.
//!
//! Why it is shaped like this:
//! - Finding the article is Readability's job; we use `dom_smoothie` (a Rust port of
//!   mozilla/readability) for it and do not second-guess its scoring.
//! - Everything we *show* goes through our own allow-list sanitiser ([`sanitize`]): the output
//!   of an extractor is still page-controlled markup, and the reader view must not run any of it.
//!   The sanitiser walks the parsed tree and writes fresh HTML, so nothing it has not seen and
//!   approved (element, attribute, URL scheme) can reach the output.
//! - WordPress furniture (WordAds slots, Jetpack subscribe blocks, share bars) is removed before
//!   extraction ([`furniture`]), so it neither pollutes scoring nor leaks into the article.
//! - The plain text ([`text`]) is built from the sanitised tree, so text and HTML always agree.
//!
//! What runs when: [`is_readerable`] is the cheap check (no extraction) for deciding whether to
//! offer reader mode at all; [`extract`] does the full work when the user asks for it.

#![forbid(unsafe_code)]

mod content;
mod fallback;
mod furniture;
mod lead;
mod prune;
mod sanitize;
mod several;
mod text;

use dom_query::Document;
use dom_smoothie::{Config, Readability};
use serde::Serialize;

pub use sanitize::sanitize_fragment;

/// Inputs larger than this are refused (one limit for every entry point).
pub use adstrip_core::dom::MAX_PAGE_BYTES as MAX_INPUT_BYTES;

/// Pages with more elements than this are refused rather than scored (bounds CPU time).
const MAX_ELEMENTS: usize = 400_000;

/// Character references (each `&`) a page may hold to be read. The extractor parses the page
/// several times and html5ever looks each named reference up: 2M `&amp;` (10 MB) took 5.7 s
/// natively and 13-19 s in the browser's wasm, 200,000 about 0.6 s natively. Real pages hold a
/// few thousand (5,340 at most over the 518 saved pages of the fixtures).
pub const MAX_CHAR_REFS: usize = 200_000;

/// The article as reader mode shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Article {
    /// Headline, as Readability picks it (metadata first, then `<title>`/`<h1>`).
    pub title: String,
    pub byline: Option<String>,
    pub site_name: Option<String>,
    pub published_time: Option<String>,
    pub lang: Option<String>,
    pub dir: Option<String>,
    pub excerpt: Option<String>,
    /// Sanitised article HTML (see [`sanitize`] for what survives).
    pub content_html: String,
    /// Plain text of `content_html`; paragraphs separated by blank lines.
    pub text: String,
    /// Result of [`is_readerable`] on the original page.
    pub readerable: bool,
    /// The page's lead image (`og:image` or JSON-LD), only if it is an http(s) URL.
    pub lead_image: Option<String>,
}

/// Why no article could be produced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The input is empty (nothing but white space).
    NotHtml,
    /// The input is larger than [`MAX_INPUT_BYTES`] (the size is given).
    TooLarge(usize),
    /// The page has more elements than we are willing to score.
    TooComplex,
    /// The page holds more character references than [`MAX_CHAR_REFS`] (the count is given).
    TooManyCharRefs(usize),
    /// Extraction ran but found nothing that looks like an article.
    NoArticle,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotHtml => f.write_str("input is not an HTML document"),
            ReadError::TooLarge(n) => {
                write!(f, "input is too large ({n} bytes, limit {MAX_INPUT_BYTES})")
            }
            ReadError::TooComplex => f.write_str("page has too many elements to extract"),
            ReadError::TooManyCharRefs(n) => {
                write!(f, "page has too many character references to extract ({n}, limit {MAX_CHAR_REFS})")
            }
            ReadError::NoArticle => f.write_str("no article found in the page"),
        }
    }
}

impl std::error::Error for ReadError {}

/// Cheap check, like Readability's `isProbablyReaderable`: is there enough visible paragraph
/// text to make reader mode worth offering? Does not extract anything.
pub fn is_readerable(html: &str) -> bool {
    if check_input(html).is_err() {
        return false;
    }
    let doc = parse(html);
    dom_smoothie::is_probably_readable(&doc, None, None)
}

/// Extracts the article of `html`. `url` is the page address, used to make links and image
/// sources absolute (ignored unless it is an absolute URL).
/// The detector runs first, so no ad or nag it knows reaches the article.
pub fn extract(html: &str, url: Option<&str>) -> Result<Article, ReadError> {
    check_input(html)?;
    // Reader mode runs after the detector: no ad or nag it knows (bare subscribe lines
    // included) reaches the extractor.
    let cleaned = std::panic::catch_unwind(|| adstrip_html::clean_for_reading(&without_nul(html))).map_err(|_| ReadError::NoArticle)?;
    extract_checked(&cleaned, url)
}

/// For a page whose ads and nags are already gone (the extension's pre-pass drops what adstrip
/// hid in the live page; the playground drops its findings): extraction without the detector,
/// which the reader's wasm build therefore does not carry.
pub fn extract_prepared(html: &str, url: Option<&str>) -> Result<Article, ReadError> {
    check_input(html)?;
    extract_checked(&without_nul(html), url)
}

/// Extraction of a page that passed [`check_input`]. Extraction is third-party code working on
/// page-controlled input: a panic there must become an error, never take the caller down.
fn extract_checked(html: &str, url: Option<&str>) -> Result<Article, ReadError> {
    std::panic::catch_unwind(|| extract_inner(html, url)).unwrap_or(Err(ReadError::NoArticle))
}

/// A few stray NUL bytes in a page are dropped, as a browser's parser drops them from text.
fn without_nul(html: &str) -> std::borrow::Cow<'_, str> {
    if html.contains('\0') {
        html.replace('\0', "").into()
    } else {
        html.into()
    }
}

/// Percent-encodes non-ASCII characters: `€` becomes `%E2%82%AC`.
fn percent_encode_non_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The extractor slices embed attributes (and an object's inner HTML) by byte offsets around
/// video host names and panics when a multi-byte character sits right before one
/// (`<iframe src="€youtube.com/embed/x">`). Embeds with non-ASCII in them get it
/// percent-encoded, which is what a browser sends for such URLs anyway.
fn ascii_embeds(doc: &Document) {
    for node in doc.select("iframe, embed, object, object *").nodes() {
        for attr in node.attrs() {
            if !attr.value.is_ascii() {
                node.set_attr(&attr.name.local, &percent_encode_non_ascii(&attr.value));
            }
        }
        if node.has_name("object") {
            let inner = node.inner_html();
            if !inner.is_ascii() {
                node.set_html(percent_encode_non_ascii(&inner));
            }
        }
    }
}

fn extract_inner(source: &str, url: Option<&str>) -> Result<Article, ReadError> {
    // Capped once here, so that every parse below (the fallback's too) sees the capped page.
    let capped = adstrip_html::cap_depth(source).0;
    let source = capped.as_ref();
    let doc = parse(source);
    let readerable = dom_smoothie::is_probably_readable(&doc, None, None);
    prepare(&doc);
    let featured = content::featured_images(&doc);
    let leads = lead::candidates(&doc);
    ascii_embeds(&doc);
    // The extractor serialises the article through html5ever, slow on one huge text node.
    adstrip_html::split_long_text(&doc);

    let url = url.filter(|u| sanitize::is_absolute_http(u));
    let cfg = Config {
        // Classes are filtered by our sanitiser; we need them there to recognise captions.
        keep_classes: true,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut r = Readability::with_document(doc, url, Some(cfg)).map_err(map_err)?;
    let parsed = match r.parse() {
        Ok(a) => Some(a),
        Err(e @ dom_smoothie::ReadabilityError::TooManyElements(..)) => return Err(map_err(e)),
        Err(_) => None,
    };
    let content_html = parsed.as_ref().map(|a| sanitize::sanitize_article(&a.content)).unwrap_or_default();
    let text = text::plain_text(&content_html);
    // Readability found nothing or too little (short posts): the post's own content container.
    let (a, content_html, text) = match (parsed, fallback::rescue(source, url, &text)) {
        (_, Some(rescued)) => (rescued.article, rescued.content_html, rescued.text),
        // Pruning took all of it (an author box Readability took for the article, on a page
        // with no container to rescue from): the page has text, so it is shown unpruned.
        (Some(a), None) if text.trim().is_empty() => {
            let content_html = sanitize::sanitize_fragment(&a.content);
            let text = text::plain_text(&content_html);
            (a, content_html, text)
        }
        (Some(a), None) => (a, content_html, text),
        (None, None) => return Err(ReadError::NoArticle),
    };
    if text.trim().is_empty() {
        return Err(ReadError::NoArticle);
    }
    let (content_html, text) = lead::with_lead(content_html, text, &leads);
    let content_html = content::with_lead_image(content_html, a.image.as_deref(), &featured);
    Ok(Article {
        title: collapse_ws(&a.title),
        byline: non_empty(a.byline),
        site_name: non_empty(a.site_name),
        published_time: non_empty(a.published_time),
        lang: non_empty(a.lang),
        dir: a.dir.filter(|d| matches!(d.as_str(), "ltr" | "rtl" | "auto")),
        excerpt: non_empty(a.excerpt),
        content_html,
        text,
        readerable,
        lead_image: a.image.filter(|u| sanitize::is_absolute_http(u)),
    })
}

fn map_err(e: dom_smoothie::ReadabilityError) -> ReadError {
    match e {
        dom_smoothie::ReadabilityError::TooManyElements(..) => ReadError::TooComplex,
        _ => ReadError::NoArticle,
    }
}

/// What both of the page's parses get before the article is looked for (Readability's and the
/// rescue's): WordPress furniture out, other posts in full out, content Readability would lose
/// protected.
pub(crate) fn prepare(doc: &Document) {
    furniture::strip(doc);
    several::keep_titled(doc);
    content::protect(doc);
}

/// Parses page HTML with its nesting capped at [`adstrip_html::MAX_DEPTH`] (as browsers do):
/// parse time stays linear and no recursion over the tree can go deeper than that.
pub(crate) fn parse(html: &str) -> Document {
    Document::from(adstrip_html::cap_depth(html).0.as_ref())
}

/// Refuses what cannot be an HTML page, or has too many elements or character references to
/// extract, before any parsing work.
fn check_input(html: &str) -> Result<(), ReadError> {
    if html.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(html.len()));
    }
    if html.trim().is_empty() {
        return Err(ReadError::NotHtml);
    }
    let refs = html.bytes().filter(|&b| b == b'&').count();
    if refs > MAX_CHAR_REFS {
        return Err(ReadError::TooManyCharRefs(refs));
    }
    if adstrip_html::cap_depth(html).1.elements > MAX_ELEMENTS {
        return Err(ReadError::TooComplex);
    }
    Ok(())
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| collapse_ws(&v)).filter(|v| !v.is_empty())
}

pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html lang="en"><head><title>A headline - Site</title>
        <meta property="og:site_name" content="Site"></head><body>
        <nav><a href="/">Home</a> <a href="/about">About</a></nav>
        <article><h1>A headline</h1>
        <p>First paragraph of the article, long enough to be counted as real prose by the
        extractor, with a <a href="javascript:alert(1)">bad link</a> and a
        <a href="https://example.com/ok">good one</a>. It goes on for a while so that the
        scoring sees a proper block of text here.</p>
        <div class="wpcnt"><div class="wpa"><span class="wpa-about">Advertisements</span>
        <div class="u top">ad</div></div></div>
        <p onclick="x()">Second paragraph, also long enough to be part of the article body and
        not some stray caption; it has commas, words, and more words, to look like prose.</p>
        <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="https://example.com/p.jpg" alt="photo">
        <script>alert(1)</script>
        <p>Third paragraph closes the article with yet more sentences of ordinary text, so the
        extractor has three paragraphs, commas, and enough characters to be confident.</p>
        </article></body></html>"#;

    #[test]
    fn extracts_clean_article() {
        let a = extract(PAGE, Some("https://example.com/post/")).unwrap();
        assert_eq!(a.site_name.as_deref(), Some("Site"));
        assert_eq!(a.lang.as_deref(), Some("en"));
        assert!(a.text.starts_with("First paragraph"), "{}", a.text);
        assert!(a.text.contains("prose by the extractor"));
        assert_eq!(a.text.matches("\n\n").count(), 2, "three paragraphs: {}", a.text);
        assert!(!a.text.contains("Advertisements") && !a.text.contains("ad\n"));
        let h = &a.content_html;
        assert!(!h.contains("javascript:") && !h.contains("onclick") && !h.contains("<script"));
        assert!(h.contains(r#"href="https://example.com/ok""#));
        assert!(h.contains(r#"src="https://example.com/p.jpg""#), "{h}");
    }

    #[test]
    fn translated_wordpress_furniture_is_removed_by_structure() {
        let page = r#"<!doctype html><html lang="de"><head><title>Ein Beitrag</title></head><body>
        <article><h1>Ein Beitrag</h1><div class="entry-content">
        <p>Der erste Absatz des Beitrags ist lang genug, um als Artikeltext zu zählen, und er bleibt sichtbar, was auch immer daneben steht.</p>
        <div class="wpcnt"><div class="wpa wpmrec"><a class="wpa-about" href="https://wordpress.com/about-these-ads/">Über diese Anzeigen</a><div class="u belowpost"><div id="atatags-26942-5e42f496b4d36"></div></div></div></div>
        <p>Der zweite Absatz des Beitrags ist ebenfalls lang genug, um als Artikeltext zu zählen, und auch er bleibt sichtbar.</p>
        <div class="wordads-ad-wrapper"><div class="wordads-ad"><div class="wordads-ad-title">Werbung</div><div class="wordads-ad-content"></div></div></div>
        <div class="wp-block-group"><hr class="wp-block-separator"><h2 class="wp-block-heading">Entdecke mehr von Beispielblog</h2>
        <p>Abonniere, um die neuesten Beiträge per E-Mail zu erhalten.</p>
        <div class="wp-block-jetpack-subscriptions__container"><form id="subscribe-blog-1" action="https://wordpress.com/email-subscriptions" method="post"><input type="email" name="email"><button type="submit">Abonnieren</button></form></div></div>
        </div></article>
        <div class="google-auto-placed"><ins class="adsbygoogle"></ins></div>
        <div class="jetpack-subscribe-overlay"><p>Skip to content</p></div></body></html>"#;
        let a = extract(page, None).unwrap();
        assert_eq!(a.text.matches("\n\n").count(), 1, "two paragraphs only: {}", a.text);
        for gone in ["Anzeigen", "Werbung", "Entdecke", "Abonniere", "Skip"] {
            assert!(!a.text.contains(gone), "{gone} in {}", a.text);
        }
    }

    #[test]
    fn a_page_whose_only_text_is_furniture_is_still_read() {
        // Pruning takes an author box Readability took for the article; with nothing else on
        // the page, the page's text is shown rather than refused.
        let page = r#"<html><body><div class="author-info"><p class="author-bio">Born 1983, she sews and embroiders
            blankets for cats and dogs, and writes about every one of them in this small shop of hers.</p></div></body></html>"#;
        let a = extract(page, None).expect("a page with text is read");
        assert!(a.text.contains("Born 1983"), "{}", a.text);
    }

    #[test]
    fn refuses_bad_input() {
        assert_eq!(extract("", None), Err(ReadError::NotHtml));
        assert_eq!(extract("  \n ", None), Err(ReadError::NotHtml));
        assert_eq!(extract("\0 \0", None), Err(ReadError::NoArticle));
        let big = "a".repeat(MAX_INPUT_BYTES + 1);
        assert_eq!(extract(&big, None), Err(ReadError::TooLarge(MAX_INPUT_BYTES + 1)));
        assert_eq!(extract("<html><body></body></html>", None), Err(ReadError::NoArticle));
        assert!(ReadError::NoArticle.to_string().contains("no article"));
    }

    #[test]
    fn readerable_check() {
        assert!(is_readerable(PAGE));
        assert!(!is_readerable("<html><body><p>Too short.</p></body></html>"));
        assert!(!is_readerable(""));
    }

    #[test]
    fn text_keeps_paragraphs_lines_and_pre() {
        let t = text::plain_text(
            "<h2>Head</h2><p>one  two\n three</p><p>a<br>b</p><pre>x  = 1\n  y</pre><ul><li>i</li><li>j</li></ul><table><tr><td>c1</td><td>c2</td></tr><tr><td>d</td></tr></table><p>in<em>line</em> word</p>",
        );
        assert_eq!(t, "Head\n\none two three\n\na\nb\n\nx  = 1\n  y\n\ni\n\nj\n\nc1 c2\nd\n\ninline word");
        // Ruby annotations (furigana) are a reading aid, not words of the text.
        assert_eq!(
            text::plain_text("<p><ruby>子<rp>(</rp><rt>こ</rt><rp>)</rp></ruby>どもへの<ruby>虐待<rt>ぎゃくたい</rt></ruby></p>"),
            "子どもへの虐待"
        );
    }
}
