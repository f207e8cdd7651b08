//! The article when Readability finds none, or too little: the post's own content container.
//!
//! Readability scores paragraphs and gives up on short posts (a few lines on WordPress.com, a
//! lead paragraph under a headline). Those pages still mark their article: WordPress themes put
//! the post body in `.entry-content` (classic themes) or `.wp-block-post-content` (block
//! themes) inside the post's `article`/`.hentry`, schema.org pages in `[itemprop=articleBody]`,
//! and many publishers repeat the body as JSON-LD `articleBody`. This module finds that
//! container, drops the post furniture around the text (comment areas, share and like bars,
//! post navigation, forms) and hands back its HTML, which goes through the same sanitiser as
//! Readability's output. The last resort is the page's body without its navigation, header,
//! footer and side bars: a page that has text is never refused.

use crate::text::letters;
use crate::{sanitize, text};
use dom_query::{Document, NodeRef};
use dom_smoothie::{Article, Readability};

/// Readability's article with less text than this (characters, spaces not counted) is compared
/// with the content container's, and the longer one is shown.
pub const MIN_TEXT: usize = 1;

/// The article taken from the content container, sanitised like Readability's.
pub struct Rescued {
    /// Metadata as Readability reads it (title, byline, site name, lead image, language).
    pub article: Article,
    pub content_html: String,
    pub text: String,
}

/// Readability's article with less prose than this ([`prose`]) is compared with the content
/// container's: Readability sometimes takes a list (a letter's signatories) or a form's messages
/// over the article next to it.
pub const MIN_PROSE: usize = 1000;

/// How much more prose than twice Readability's the container must hold to be shown instead.
const PROSE_MARGIN: usize = 500;

/// The content container's article when Readability's text (`found`) has fewer than
/// [`MIN_TEXT`] characters and the container holds more, or when Readability's holds little prose
/// ([`MIN_PROSE`]) and the container's more than twice as much and [`PROSE_MARGIN`] more; `None`
/// keeps Readability's. The container's boilerplate is pruned as Readability's is.
pub fn rescue(source: &str, url: Option<&str>, found: &str) -> Option<Rescued> {
    let have = letters(found);
    let have_prose = prose(found);
    if have >= MIN_TEXT && have_prose >= MIN_PROSE {
        return None;
    }
    let doc = crate::parse(source);
    crate::prepare(&doc);
    let content_html = sanitize::sanitize_article(&article_html(&doc)?);
    let text = text::plain_text(&content_html);
    let better = if have < MIN_TEXT { letters(&text) > have } else { prose(&text) > 2 * have_prose + PROSE_MARGIN };
    if !better {
        return None;
    }
    let r = Readability::with_document(crate::parse(source), url, None).ok()?;
    let meta = r.get_article_metadata(r.parse_json_ld());
    let article = Article {
        title: meta.title,
        byline: meta.byline,
        content: Default::default(),
        text_content: Default::default(),
        length: 0,
        excerpt: meta.excerpt,
        site_name: meta.site_name,
        dir: meta.dir,
        lang: meta.lang,
        published_time: meta.published_time,
        modified_time: meta.modified_time,
        image: meta.image,
        favicon: meta.favicon,
        url: meta.url,
    };
    Some(Rescued { article, content_html, text })
}

/// A paragraph this long, with a sentence's end in it, is prose.
const PROSE_PARAGRAPH: usize = 80;

/// Characters of the text's prose: its lines of at least [`PROSE_PARAGRAPH`] characters that
/// hold a sentence's end. A list of names, menu items or form messages has none, also when its
/// entries are lines of one paragraph (`<br>`).
pub fn prose(text: &str) -> usize {
    text.lines().filter(|p| p.contains(['.', '!', '?', '。', '！', '？', '؟', '।'])).map(letters).filter(|n| *n >= PROSE_PARAGRAPH).sum()
}

/// Content containers, most specific first; the first group with text wins, and within a group
/// the element with the most text (a post page can also list other posts' excerpts).
const CONTAINERS: &[&str] = &[
    "[itemprop='articleBody']",
    ".entry-content, .wp-block-post-content",
    ".post-content, .post-entry, .postcontent, .post-body, .entry",
    "article, .hentry, .type-post, [id^='post-'].post",
    "main, [role='main']",
    "#content, .content",
];

/// What is never part of the post inside those containers: comments and their forms, share,
/// like and related-post bars, post navigation, metadata lines, and what the page hides (as
/// Readability drops it).
const JUNK: &str = "script, style, noscript, template, nav, form, button, input, select, textarea, aside, \
    [role='navigation'], [role='complementary'], [role='banner'], [role='contentinfo'], \
    #comments, .comments, .comments-area, .comment-respond, #respond, .commentlist, .comment-list, .nocomments, \
    .sharedaddy, .sd-sharing, .sd-like, .jetpack-likes-widget-wrapper, #jp-post-flair, .jp-relatedposts, #jp-relatedposts, \
    .post-navigation, .navigation, .nav-links, .entry-meta, .entry-footer, .post-meta, .postmetadata, .tags-links, \
    .cat-links, .screen-reader-text, .skip-link, \
    [hidden], [style*='display:none'], [style*='display: none'], [style*='visibility:hidden'], [style*='visibility: hidden']";

/// The page-level blocks dropped for the last-resort body text.
const PAGE_JUNK: &str = "header, footer, #header, #footer, .site-header, .site-footer, #masthead, #colophon, \
    #sidebar, .sidebar, .widget-area, .widget, [role='search']";

/// Article HTML from the page's content container, JSON-LD `articleBody`, or its body text;
/// `None` when the page holds no text at all. `doc` is modified (furniture is removed).
pub fn article_html(doc: &Document) -> Option<String> {
    article_html_in(doc, true)
}

fn article_html_in(doc: &Document, outer: bool) -> Option<String> {
    // JSON-LD is read before anything is removed (the scripts go with the junk), and so is the
    // markup of `noscript` blocks: a page that puts its whole text there shows it to readers
    // without scripts (whether the parser made elements or raw text of it).
    let json_body = json_ld_article_body(doc);
    let noscript: String =
        if outer { doc.select("body noscript").nodes().iter().map(|n| n.inner_html().to_string()).collect() } else { String::new() };
    doc.select(JUNK).remove();
    for group in CONTAINERS {
        if let Some(best) = largest_text(doc, group) {
            return Some(best.html().to_string());
        }
    }
    if let Some(body) = json_body {
        return Some(paragraphs_html(&body));
    }
    doc.select(PAGE_JUNK).remove();
    let body = doc.select("body");
    let text_len = body.nodes().first().map_or(0, NodeRef::normalized_char_count);
    if text_len > 0 {
        return Some(body.inner_html().to_string());
    }
    (!noscript.trim().is_empty()).then(|| article_html_in(&crate::parse(&noscript), false)).flatten()
}

/// The element matching `sel` with the most text (ignoring elements inside another match, so a
/// nested container does not beat the one around it by a tie), if any has text.
fn largest_text<'a>(doc: &'a Document, sel: &str) -> Option<NodeRef<'a>> {
    doc.select(sel)
        .nodes()
        .iter()
        .map(|n| (n.normalized_char_count(), *n))
        .filter(|(len, _)| *len > 0)
        .fold(None, |best: Option<(usize, NodeRef<'a>)>, (len, n)| match best {
            Some((b, bn)) if b >= len => Some((b, bn)),
            _ => Some((len, n)),
        })
        .map(|(_, n)| n)
}

/// The longest `articleBody` string of the page's JSON-LD blocks.
pub fn json_ld_article_body(doc: &Document) -> Option<String> {
    doc.select("script[type='application/ld+json']")
        .nodes()
        .iter()
        .filter_map(|n| article_body_in(&n.text()))
        .filter(|s| !s.trim().is_empty())
        .max_by_key(String::len)
}

/// The value of the first `"articleBody": "..."` in a JSON text (a string literal decoded).
fn article_body_in(json: &str) -> Option<String> {
    let at = json.find("\"articleBody\"")? + "\"articleBody\"".len();
    let rest = json[at..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                'b' | 'f' => out.push(' '),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    let cp = u32::from_str_radix(&hex, 16).ok()?;
                    // Surrogate pairs: combine with the next \uXXXX when it is a low surrogate.
                    let c = if (0xD800..0xDC00).contains(&cp) {
                        let tail: String = chars.by_ref().take(6).collect();
                        let lo = tail.strip_prefix("\\u").and_then(|h| u32::from_str_radix(h, 16).ok()).unwrap_or(0);
                        char::from_u32(0x10000 + ((cp - 0xD800) << 10) + lo.wrapping_sub(0xDC00))
                    } else {
                        char::from_u32(cp)
                    };
                    out.push(c.unwrap_or('\u{fffd}'));
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// Plain text as paragraphs: one `<p>` per non-empty line (the text is escaped).
pub(crate) fn paragraphs_html(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        out.push_str("<p>");
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out.push_str("</p>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_is_decoded() {
        let j = r#"{"@type":"NewsArticle","articleBody" : "Erste Zeile\nZweite \"Zeile\" \u00e4 \ud83d\ude00 Ende","x":1}"#;
        assert_eq!(article_body_in(j).as_deref(), Some("Erste Zeile\nZweite \"Zeile\" ä 😀 Ende"));
        assert_eq!(article_body_in(r#"{"articleBody": 3}"#), None);
        assert_eq!(article_body_in(r#"{"articleBody": "unterminated"#), None);
    }

    #[test]
    fn prose_counts_sentences_not_lists() {
        let names = (0..40).map(|i| format!("Signatory number {i}, University")).collect::<Vec<_>>().join("\n\n");
        assert_eq!(prose(&names), 0);
        let letter = "Our institutions are facing a moment of trial, and we write to say so plainly. ".repeat(2);
        assert_eq!(prose(&format!("{letter}\n\n{names}")), letters(&letter));
        // Signatories as lines of one paragraph (`<br>`), initials and all, are no prose either.
        let lines = (0..40).map(|i| format!("Signatory {i}, Emeritus Professor of Law, Univ. of Somewhere")).collect::<Vec<_>>().join("\n");
        assert_eq!(prose(&lines), 0);
    }

    #[test]
    fn paragraphs_are_escaped() {
        assert_eq!(paragraphs_html("a <b>\n\n c&d "), "<p>a &lt;b&gt;</p><p>c&amp;d</p>");
    }

    #[test]
    fn container_before_body_and_junk_removed() {
        let doc = Document::from(
            r#"<body><nav>Home</nav><div class="post hentry"><div class="entry-content"><p>Short post.</p>
            <div class="sharedaddy">Share this:</div></div><div id="comments">A comment</div></div><footer>Footer</footer></body>"#,
        );
        let h = article_html(&doc).unwrap();
        assert!(h.contains("Short post.") && !h.contains("Share") && !h.contains("comment") && !h.contains("Home"), "{h}");
    }

    #[test]
    fn json_ld_then_body_then_nothing() {
        let doc = Document::from(
            r#"<head><script type="application/ld+json">{"articleBody":"From JSON-LD."}</script></head><body><nav>Menu</nav></body>"#,
        );
        assert_eq!(article_html(&doc).as_deref(), Some("<p>From JSON-LD.</p>"));
        let doc = Document::from("<body><header>Site</header><div><span>Only text.</span></div></body>");
        assert!(article_html(&doc).unwrap().contains("Only text."));
        assert_eq!(article_html(&Document::from("<body><nav>Menu</nav> </body>")), None);
        let doc = Document::from("<body><noscript><div id='content'><p>Text for readers without scripts.</p></div></noscript></body>");
        assert_eq!(article_html(&doc).as_deref(), Some(r#"<div id="content"><p>Text for readers without scripts.</p></div>"#));
    }
}
