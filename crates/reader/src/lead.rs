//! The standfirst: the lead paragraph under the headline, which Readability leaves out.
//!
//! News themes set the article's lead ("Die Abogebühr eines Nutzers soll...") in the article's
//! header next to the headline, in a block named for it (`lead_names` of `[reader]` in
//! `rules/rules.toml`: "atc-IntroText", "p.lead", ".subtitle"), and the body below it.
//! Readability keeps the body and drops the header, lead and all. The lead is put back first
//! when the page shows it before the article's first paragraph, in a block that holds both and
//! little else, and the article does not hold it already.
//!
//! What is not a lead: a block with too little or too much text, mostly links, or with no
//! sentence in it (a kicker, a teaser list); a caption (in a figure, holding an image, or also
//! named for a picture, or in a block so named: `lead_image_names`, "lead-asset-caption",
//! "summary-credit"); and a block that shares
//! with the article only a wrapper of the whole page (a sidebar's "summary" of other posts).

use crate::collapse_ws as collapse;
use crate::fallback::paragraphs_html;
use crate::prune::{link_chars, name_in};
use crate::text::letters;
use adstrip_core::rules::reader::{LEAD_IMAGE_NAMES, LEAD_NAMES};
use dom_query::{Document, NodeRef, Selection};

/// A lead holds at least this much text (characters, spaces not counted)...
const MIN_LEAD: usize = 60;
/// ... and at most this much.
const MAX_LEAD: usize = 600;
/// Lead candidates looked at, at most (the first ones in the page).
const MAX_CANDIDATES: usize = 8;
/// The article's first paragraph, as found in the page, is at least this long.
const MIN_ANCHOR: usize = 40;

/// A lead-named block this close under a block named for a picture, or holding one (a
/// "credit"), is its caption.
const PICTURE_DEPTH: usize = 3;

/// Ancestors of a lead looked at for the one that also holds the article's start, at most.
const MAX_SCOPE_DEPTH: usize = 12;

/// A lead the page shows, and the texts of its nearest ancestors (below `body`), innermost
/// first: the one that also holds the article's first paragraph is the lead's scope.
pub struct Lead {
    text: String,
    /// The text of the `article` (or `main`) the lead stands in.
    article: Option<String>,
    scopes: Vec<String>,
}

/// The page's lead candidates, read before extraction (the document is handed on).
pub fn candidates(doc: &Document) -> Vec<Lead> {
    let mut out = Vec::new();
    for node in doc.select(candidate_selector()).nodes() {
        if out.len() >= MAX_CANDIDATES {
            break;
        }
        let for_picture = |n: &NodeRef| name_in(n, LEAD_IMAGE_NAMES).is_some();
        let near_picture = for_picture(node)
            || node.ancestors_it(Some(PICTURE_DEPTH)).any(|a| for_picture(&a))
            || node.descendants_it().any(|d| d.is_element() && for_picture(&d));
        if name_in(node, LEAD_NAMES).is_none() || near_picture || in_figure(node) {
            continue;
        }
        let text = collapse(&node.text());
        let n = letters(&text);
        // Mostly links: a list of other stories.
        if !(MIN_LEAD..=MAX_LEAD).contains(&n) || !is_sentence(&text) || link_chars(node) * 2 > n {
            continue;
        }
        let scopes: Vec<String> = node
            .ancestors_it(Some(MAX_SCOPE_DEPTH))
            .take_while(|a| a.is_element() && !a.is("body, html"))
            .map(|a| collapse(&a.text()))
            .collect();
        let article = node.ancestors_it(None).find(|a| a.is("article, main, [role='main']")).map(|a| collapse(&a.text()));
        out.push(Lead { text, article, scopes });
    }
    out
}

/// A lead's scope holds at most this many times the text of the article and the lead: more is
/// the page around them (a sidebar's summary of other posts shares only the page's wrapper).
const MAX_SCOPE_RATIO: usize = 3;

/// The article with the page's lead first, when the lead stands before the article's first
/// paragraph in a block of the page that holds little else and the article lacks it;
/// `(html, text)` as given otherwise.
pub fn with_lead(content_html: String, text: String, leads: &[Lead]) -> (String, String) {
    let Some(first) = text.split("\n\n").map(collapse).find(|p| letters(p) >= MIN_ANCHOR) else {
        return (content_html, text);
    };
    let flat = collapse(&text);
    let lead = leads.iter().find(|l| {
        if flat.contains(&l.text) {
            return false;
        }
        let before = |scope: &str| matches!((scope.find(&l.text), scope.find(&first)), (Some(at), Some(body)) if at + l.text.len() <= body);
        // In the article's own `article` or `main`; else in the nearest block that holds the
        // article's start and little else.
        if let Some(article) = l.article.as_deref().filter(|a| a.contains(&first)) {
            return before(article);
        }
        l.scopes
            .iter()
            .find(|s| s.contains(&first))
            .is_some_and(|s| letters(s) <= MAX_SCOPE_RATIO * (letters(&flat) + letters(&l.text)) && before(s))
    });
    match lead {
        Some(l) => (format!("{}{content_html}", paragraphs_html(&l.text)), format!("{}\n\n{text}", l.text)),
        None => (content_html, text),
    }
}

/// Blocks whose class or id holds a lead name anywhere (`name_in` then wants it as a word): one
/// query instead of a look at every paragraph and `div` of the page.
fn candidate_selector() -> &'static str {
    static SELECTOR: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    SELECTOR.get_or_init(|| {
        let names: Vec<String> = LEAD_NAMES.iter().flat_map(|n| [format!("[class*='{n}' i]"), format!("[id*='{n}' i]")]).collect();
        format!("body :is(p, div, h2):is({})", names.join(", "))
    })
}

/// A caption, in a figure or holding one.
fn in_figure(node: &NodeRef) -> bool {
    node.is("figure, figcaption")
        || node.ancestors_it(None).any(|a| a.is("figure, figcaption"))
        || Selection::from(*node).select("figure, figcaption, img").exists()
}

/// A lead says something: a sentence's end (a full stop, not a decimal point), or a dozen words
/// (not figures).
fn is_sentence(text: &str) -> bool {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if matches!(c, '.' | '!' | '?' | '。' | '！' | '？')
            && chars.peek().is_none_or(|n| n.is_whitespace() || matches!(n, '"' | '”' | '’' | '»' | ')'))
        {
            return true;
        }
    }
    text.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2).count() >= 12
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = "<p>The body's first paragraph, which Readability keeps as the article's start.</p><p>More of it.</p>";

    fn lead_of(page: &str, text: &str) -> String {
        let doc = Document::from(page);
        with_lead(String::new(), text.to_string(), &candidates(&doc)).1
    }

    #[test]
    fn the_standfirst_goes_first() {
        let page = format!(
            "<article><header><h1>Headline</h1><p class='atc-IntroText'>The lead says in two lines what the article is about, and why it matters now.</p></header>{BODY}</article>"
        );
        let text = "The body's first paragraph, which Readability keeps as the article's start.\n\nMore of it.";
        assert!(lead_of(&page, text).starts_with("The lead says in two lines"));
        // Already in the article: unchanged.
        let with = format!("The lead says in two lines what the article is about, and why it matters now.\n\n{text}");
        assert_eq!(lead_of(&page, &with), with);
    }

    #[test]
    fn other_blocks_are_no_lead() {
        let text = "The body's first paragraph, which Readability keeps as the article's start.\n\nMore of it.";
        // After the body, outside any article, a list of links, or no sentence: nothing added.
        for page in [
            format!("<article>{BODY}<p class='summary'>A summary that comes after the body of the article, as a box.</p></article>"),
            format!("<div id=page><aside><p class='lead'>A lead-named block in a sidebar, not in the article at all.</p><ul>{}</ul></aside><article>{BODY}</article></div>", "<li>Another post's headline in the sidebar list</li>".repeat(8)),
            format!("<article><p class='intro'><a href='/a'>Another story with a long headline</a> and <a href='/b'>one more story here</a></p>{BODY}</article>"),
            format!("<article><h2 class='subtitle'>Kicker words without any end or many words</h2>{BODY}</article>"),
            format!("<article><div class='market-summary'>S&P 500 2,111.72 -14.43 (-0.68%) Dow 30 18,037.10 -105.32 (-0.58%)</div>{BODY}</article>"),
            format!("<article><div class='summary-credit'><p class='summary'>The vessel found on Sunday, as it was lifted out of the water at the port. By CUSTOMS</p></div>{BODY}</article>"),
            format!("<article><p class='summary'>The vessel found on Sunday, as it was lifted out of the water at the port. <span class='credit'>By CUSTOMS</span></p>{BODY}</article>"),
            format!("<article><div class='lead-asset-caption'>The president with his general at State House, the day after. Credit: HERALD</div>{BODY}</article>"),
            format!("<article><figure><img src=a><figcaption class='intro'>The president with his general at State House, the day after the takeover.</figcaption></figure>{BODY}</article>"),
        ] {
            assert_eq!(lead_of(&page, text), text, "{page}");
        }
    }
}
