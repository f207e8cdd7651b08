//! A post page that holds other posts in full: the one the page is about is kept, the rest go.
//!
//! Themes with "infinite scroll" load the next posts into the page below the first, each in an
//! `article` of its own, and a saved or long-read page holds several of them whole. Readability
//! scores them alike and takes the longest, which is often not the post the reader opened. The
//! page says which one it is about: its title (`og:title`, `<title>` with or without the site's
//! name) is the headline of that post. When exactly one of several full articles has that
//! headline, the other full articles are removed before extraction.
//!
//! What is left alone: a page whose articles hold no headline equal to the title (a front page,
//! an archive: the title is the site's or the section's), a page where more than one article
//! has it, and articles too short to be a post (teasers, cards, comments).

use crate::text::letters;
use dom_query::{Document, NodeRef, Selection};

/// An `article` with less text than this (characters, spaces not counted) is a teaser or a
/// card, not a post in full.
const MIN_POST_CHARS: usize = 500;

/// A headline matches a `<title>` that also holds the site's name when it is at least this
/// share (percent) of the title.
const MIN_TITLE_SHARE: usize = 40;

/// Removes the full articles other than the one whose headline is the page's title.
pub fn keep_titled(doc: &Document) {
    let titles = page_titles(doc);
    if titles.is_empty() {
        return;
    }
    let posts: Vec<NodeRef> = doc.select("article").nodes().iter().filter(|n| letters(&n.text()) >= MIN_POST_CHARS).copied().collect();
    // The innermost full articles: a wrapper around several of them is not one post.
    let posts: Vec<NodeRef> = posts.iter().filter(|p| !posts.iter().any(|q| q.id != p.id && is_inside(q, p))).copied().collect();
    if posts.len() < 2 {
        return;
    }
    let titled: Vec<(&NodeRef, String)> = posts.iter().filter_map(|p| titled_headline(p, &titles).map(|level| (p, level))).collect();
    let [(keep, level)] = titled.as_slice() else {
        return;
    };
    // The other posts come from the same template: their headline is of the same level. The
    // parts of one page (a recipe's "Ingredients" and "Method" sections) have lower ones.
    for post in
        posts.iter().filter(|p| p.id != keep.id && first_headline(p).is_some_and(|h| h.node_name().as_deref() == Some(level.as_str())))
    {
        post.remove_from_parent();
    }
}

/// The article's first headline (`h1` or `h2`).
fn first_headline<'a>(post: &NodeRef<'a>) -> Option<NodeRef<'a>> {
    Selection::from(*post).select("h1, h2").nodes().first().copied()
}

/// Whether `inner` lies inside `outer`.
fn is_inside(inner: &NodeRef, outer: &NodeRef) -> bool {
    inner.ancestors_it(None).any(|a| a.id == outer.id)
}

/// The page's titles, normalised ([`norm`]): `og:title`, `twitter:title` and `<title>`.
fn page_titles(doc: &Document) -> Vec<String> {
    let mut out: Vec<String> = doc
        .select("meta[property='og:title'], meta[name='twitter:title'], meta[property='twitter:title']")
        .nodes()
        .iter()
        .filter_map(|m| m.attr("content"))
        .map(|c| norm(&c))
        .collect();
    out.extend(doc.select("head title").nodes().first().map(|t| norm(&t.text())));
    out.retain(|t| !t.is_empty());
    out
}

/// The level (`h1`, `h2`) of the article's first headline when it is the page's title: equal
/// to one, or the start or end of one that adds the site's name, and most of it.
fn titled_headline(post: &NodeRef, titles: &[String]) -> Option<String> {
    let h = first_headline(post)?;
    let text = norm(&h.text());
    let is_title = !text.is_empty()
        && titles.iter().any(|t| {
            *t == text
                || ((t.starts_with(&text) || t.ends_with(&text)) && text.chars().count() * 100 >= t.chars().count() * MIN_TITLE_SHARE)
        });
    is_title.then(|| h.node_name().map(|n| n.to_string())).flatten()
}

/// Lower-cased letters and digits, every other run of characters one space: headlines and
/// titles differ in quotes, dashes and spacing.
fn norm(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(c.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn post(id: &str, headline: &str) -> String {
        let body = format!("<p>{}</p>", "A sentence of this post's own body, long enough to count as prose. ".repeat(10));
        format!("<article id='{id}'><h1>{headline}</h1>{body}</article>")
    }

    fn ids(doc: &Document) -> Vec<String> {
        doc.select("article").nodes().iter().filter_map(|n| n.id_attr()).map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_titled_post_stays_and_the_loaded_ones_go() {
        let page = format!(
            "<head><title>Diario | Blessing of the cars this Saturday</title></head><body><main>{}{}{}</main>\
             <aside><article id='card'><h2>Blessing of the cars this Saturday</h2></article></aside></body>",
            post("a", "Next story loaded below"),
            post("b", "“Blessing of the cars this Saturday”"),
            post("c", "A third story")
        );
        let doc = Document::from(page);
        keep_titled(&doc);
        assert_eq!(ids(&doc), ["b", "card"]);
    }

    #[test]
    fn front_pages_and_ties_are_left_alone() {
        let front = format!("<head><title>Diario: news</title></head><body>{}{}</body>", post("a", "One"), post("b", "Two"));
        let doc = Document::from(front);
        keep_titled(&doc);
        assert_eq!(ids(&doc), ["a", "b"]);
        let tie = format!("<head><title>Same</title></head><body>{}{}</body>", post("a", "Same"), post("b", "Same"));
        let doc = Document::from(tie);
        keep_titled(&doc);
        assert_eq!(ids(&doc), ["a", "b"]);
        // A headline that is only a small part of the title (a site name) does not match.
        let short = format!(
            "<head><title>Diario HOY: the whole long headline of the post</title></head><body>{}{}</body>",
            post("a", "Diario"),
            post("b", "Two")
        );
        let doc = Document::from(short);
        keep_titled(&doc);
        assert_eq!(ids(&doc), ["a", "b"]);
    }

    #[test]
    fn the_sections_of_one_post_stay() {
        let section = format!("<article id='s'><h2>Method</h2><p>{}</p></article>", "Stir the batter and bake it for an hour. ".repeat(20));
        let page = format!("<head><title>Plum cake | Recipes</title></head><body>{}{section}</body>", post("a", "Plum cake"));
        let doc = Document::from(page);
        keep_titled(&doc);
        assert_eq!(ids(&doc), ["a", "s"]);
    }

    #[test]
    fn a_wrapper_article_is_not_a_post_of_its_own() {
        let page = format!(
            "<head><meta property='og:title' content='Two'></head><body><article id='w'>{}{}</article></body>",
            post("a", "One"),
            post("b", "Two")
        );
        let doc = Document::from(page);
        keep_titled(&doc);
        assert_eq!(ids(&doc), ["w", "b"]);
    }
}
