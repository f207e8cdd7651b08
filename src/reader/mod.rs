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

mod furniture;
mod sanitize;
mod text;

use dom_query::Document;
use dom_smoothie::{Config, Readability};
use serde::Serialize;

pub use sanitize::sanitize_fragment;

/// Inputs larger than this are refused: no real article page comes close, and parsing a
/// document costs several times its size in memory.
pub const MAX_INPUT_BYTES: usize = 50 * 1024 * 1024;

/// Pages with more elements than this are refused rather than scored (bounds CPU time).
const MAX_ELEMENTS: usize = 400_000;

/// A text is "binary" when more than this share of it was not valid UTF-8 (see [`ReadError`]).
pub const MAX_REPLACEMENT_RATIO: f64 = 0.01;

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
    /// The input is empty, contains NUL bytes or is otherwise not a text document.
    NotHtml,
    /// The input is larger than [`MAX_INPUT_BYTES`] (the size is given).
    TooLarge(usize),
    /// The page has more elements than we are willing to score.
    TooComplex,
    /// Extraction ran but found nothing that looks like an article.
    NoArticle,
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotHtml => f.write_str("input is not an HTML document"),
            ReadError::TooLarge(n) => write!(
                f,
                "input is too large ({n} bytes, limit {MAX_INPUT_BYTES})"
            ),
            ReadError::TooComplex => f.write_str("page has too many elements to extract"),
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
    let doc = Document::from(html);
    dom_smoothie::is_probably_readable(&doc, None, None)
}

/// Extracts the article of `html`. `url` is the page address, used to make links and image
/// sources absolute (ignored unless it is an absolute URL).
pub fn extract(html: &str, url: Option<&str>) -> Result<Article, ReadError> {
    check_input(html)?;
    // Extraction is third-party code working on page-controlled input: a panic there must
    // become an error, never take the caller down.
    std::panic::catch_unwind(|| extract_inner(html, url)).unwrap_or(Err(ReadError::NoArticle))
}

fn extract_inner(html: &str, url: Option<&str>) -> Result<Article, ReadError> {
    let doc = Document::from(html);
    let readerable = dom_smoothie::is_probably_readable(&doc, None, None);
    furniture::strip(&doc);

    let url = url.filter(|u| sanitize::is_absolute_http(u));
    let cfg = Config {
        // Classes are filtered by our sanitiser; we need them there to recognise captions.
        keep_classes: true,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let mut r = Readability::with_document(doc, url, Some(cfg)).map_err(map_err)?;
    let a = r.parse().map_err(map_err)?;

    let content_html = sanitize::sanitize_fragment(&a.content);
    let text = text::plain_text(&content_html);
    if text.trim().is_empty() {
        return Err(ReadError::NoArticle);
    }
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

/// Refuses what cannot be an HTML page before any parsing work.
fn check_input(html: &str) -> Result<(), ReadError> {
    if html.len() > MAX_INPUT_BYTES {
        return Err(ReadError::TooLarge(html.len()));
    }
    if html.trim().is_empty() || html.contains('\0') {
        return Err(ReadError::NotHtml);
    }
    Ok(())
}

fn non_empty(s: Option<String>) -> Option<String> {
    s.map(|v| collapse_ws(&v)).filter(|v| !v.is_empty())
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
