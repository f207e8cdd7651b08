//! Boilerplate that Readability keeps inside the article, taken out after extraction.
//!
//! Readability picks the article's container well but keeps what sits inside it: related-story
//! lists, share bars, tag lists, bylines and dates, author boxes, and the "Read also: <link>"
//! lines news sites put between paragraphs. Its own "unlikely candidate" check lets such blocks
//! through whenever their name also says "article" or "content" (`relatedArticles`). The
//! evidence, all in `[reader]` of `rules/rules.toml`:
//! - **Names.** A block whose class or id has a furniture word of its own (`boilerplate_names`:
//!   "share", "tags", "byline", "meta"...; `comment_names`; `author_names`), a `nav`, an article `footer`; and
//!   a block named as a list of other stories (`link_list_names`: "related", "teaser"...) when
//!   it is mostly links, since "article-teaser" is also the name of an article's own lead.
//! - **"See also" lines.** A short line that starts with a see-also phrase (`see_also`, 20
//!   languages) and is then a link, or a heading that is only the phrase (or the phrase and a
//!   colon) with the link lists that follow it.
//! - **Credits.** A short element of text named for a picture's credit (`credit_names`; in a
//!   caption also `caption_credit_names`); the caption's own words stay.
//! - **Cards of other posts.** Two or more short `article` elements with a headline and a link
//!   (a theme's related or latest posts under the post).
//!
//! What is never taken: the blocks of one name when together they hold more than
//! `max_boilerplate_percent` of the article's text (a live ticker whose entries are named
//! "comment" is the article); inline elements (a line's words); tables themselves; figures and
//! their captions, quotes, code, math, footnotes, and any block holding one of them.
//!
//! One case goes the other way: when comment blocks (`comment_names`) or an author box
//! (`author_names`) hold nearly all of the text, Readability took them for the article. They
//! go, and the caller's rescue ([`crate::fallback::rescue`]) takes the post's own container.

use crate::text::letters;
use adstrip_core::rules::reader::{
    AUTHOR_NAMES, BOILERPLATE_NAMES, CAPTION_CREDIT_NAMES, COMMENT_NAMES, CREDIT_LABELS, CREDIT_NAMES, END_NOTICES, LINK_LIST_NAMES,
    MAX_BOILERPLATE_PERCENT, PAYWALL_CALLS, SEE_ALSO,
};
use adstrip_core::text::name_words;
use dom_query::{Document, NodeRef, Selection};

/// Blocks the names may take; inline elements are part of a line and stay.
const BLOCKS: &str = "div, section, aside, nav, footer, header, ul, ol, li, p, dl, h2, h3, h4, h5, h6, form, address, details";

/// What is article content whatever its name says.
const KEEP: &str = "figure, figcaption, blockquote, pre, code, math, h1, .footnotes, [role='doc-endnotes']";

/// Share of the article's text in comment blocks past which the article is the comments.
const WRONG_PICK_PERCENT: usize = 90;

/// A "see also" line is short.
const MAX_SEE_ALSO_CHARS: usize = 220;

/// A label over a list ("Lesen Sie auch die folgenden Beiträge:") is short.
const MAX_LABEL_CHARS: usize = 60;

/// Link lists taken after a see-also heading, at most.
const MAX_LISTS_AFTER_HEADING: usize = 3;

/// Removes boilerplate from the extracted article (parsed as a fragment).
pub fn prune(doc: &Document) {
    let total = chars(&doc.root());
    if total == 0 {
        return;
    }
    // The blocks of one name together hold at most the budget: a name that carries much of the
    // page (a live ticker's "comment" entries) marks its content.
    let budget = total * MAX_BOILERPLATE_PERCENT / 100;
    let named_blocks = named_blocks(doc, budget);
    let mut held: Vec<(&str, usize)> = Vec::new();
    for (node, name) in &named_blocks {
        match held.iter_mut().find(|(n, _)| n == name) {
            Some((_, sum)) => *sum += chars(node),
            None => held.push((name, chars(node))),
        }
    }
    // Comment blocks that hold (nearly) all of it mean Readability took the comments for the
    // article: they go, and the caller's rescue looks for the post's own container.
    let wrong_pick = total * WRONG_PICK_PERCENT / 100;
    for (node, name) in &named_blocks {
        let wrongly_picked = COMMENT_NAMES.contains(name) || AUTHOR_NAMES.contains(name);
        if held.iter().any(|(n, sum)| n == name && (*sum <= budget || (wrongly_picked && *sum >= wrong_pick))) {
            node.remove_from_parent();
        }
    }
    for node in doc.select("p, h2, h3, h4, h5, h6, div, li").nodes().iter() {
        if node.element_children().iter().any(is_block) {
            continue;
        }
        if node.is("p, div") && attached(node) && is_date_line(&node.text()) && !protected(node) && !in_table(node) {
            node.remove_from_parent();
            continue;
        }
        match see_also(node) {
            SeeAlso::No => {}
            _ if !attached(node) => {}
            SeeAlso::Line => node.remove_from_parent(),
            SeeAlso::Heading => {
                let mut next = node.next_element_sibling();
                for _ in 0..MAX_LISTS_AFTER_HEADING {
                    match next {
                        Some(n) if link_dense(&n) && !protected(&n) => {
                            next = n.next_element_sibling();
                            n.remove_from_parent();
                        }
                        _ => break,
                    }
                }
                node.remove_from_parent();
            }
        }
    }
    drop_credits(doc);
    drop_credit_captions(doc);
    drop_post_cards(doc, budget);
    drop_tail_from(doc, PAYWALL_CALLS);
    drop_tail_from(doc, END_NOTICES);
    drop_orphan_tail(doc);
}

/// How many of the article's last lines a paywall's call may be among.
const PAYWALL_LINES: usize = 12;
/// A paywall's call is a short line ...
const MAX_PAYWALL_LINE_CHARS: usize = 200;
/// ... and what goes with it (the call and the lines after it: the offer, its perks, "already a
/// subscriber? Log in") is at most this long ...
const MAX_PAYWALL_CHARS: usize = 1500;
/// ... and at most this share of the article's text.
const MAX_PAYWALL_PERCENT: usize = 40;

/// A paywall or membership drive where the page stops the article for those who do not pay
/// ("To view the full story, please subscribe ...", "Pour lire la suite ... créez votre
/// compte", "HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS": `paywall_calls`), or a
/// copyright, reprint or opinion notice (`end_notices`): the first of the article's last lines
/// that is short and says one of `phrases`, and every line after it, go, when together they
/// are short and a small share of the article. Quotes, figures, code and the like never go.
fn drop_tail_from(doc: &Document, phrases: &[&str]) {
    let total = chars(&doc.root());
    let lines: Vec<NodeRef> = doc
        .select("p, h2, h3, h4, h5, h6, div, li, span")
        .nodes()
        .iter()
        .filter(|n| !n.element_children().iter().any(|c| is_block(c) || c.is("span")) && !n.text().trim().is_empty())
        .copied()
        .collect();
    let tail = &lines[lines.len().saturating_sub(PAYWALL_LINES)..];
    let Some(at) = tail.iter().position(|n| {
        let text = n.text();
        letters(&text) <= MAX_PAYWALL_LINE_CHARS && adstrip_core::text::contains_any(&adstrip_core::text::lower(&text), phrases)
    }) else {
        return;
    };
    let cut = &tail[at..];
    let cut_chars: usize = cut.iter().map(chars).sum();
    if cut_chars > MAX_PAYWALL_CHARS || cut_chars * 100 > total * MAX_PAYWALL_PERCENT || cut.iter().any(protected) {
        return;
    }
    for n in cut {
        if attached(n) {
            n.remove_from_parent();
        }
    }
}

/// A post card is short.
const MAX_CARD_CHARS: usize = 300;

/// Cards of other posts: `article` elements with a headline and a link and little text, at
/// least two of them, together within the boilerplate budget. Themes render their related and
/// latest posts as such cards under the post; the post itself is one `article` with its text.
fn drop_post_cards(doc: &Document, budget: usize) {
    let cards: Vec<NodeRef> = doc
        .select("article")
        .nodes()
        .iter()
        .filter(|a| {
            let n = chars(a);
            n > 0
                && n <= MAX_CARD_CHARS
                && Selection::from(**a).select("h2, h3, h4, h5, h6").exists()
                && Selection::from(**a).select("a[href]").exists()
                && !holds_kept_text(a)
        })
        .copied()
        .collect();
    if cards.len() < 2 || cards.iter().map(chars).sum::<usize>() > budget {
        return;
    }
    for card in cards {
        card.remove_from_parent();
    }
}

/// Holds a quote, code or math (a card never does).
fn holds_kept_text(node: &NodeRef) -> bool {
    Selection::from(*node).select("blockquote, pre, code, math").exists()
}

/// A picture's credit is a short line.
const MAX_CREDIT_CHARS: usize = 150;

/// Credit and copyright lines named so (`credit_names`, and in a caption `caption_credit_names`):
/// short elements of text, inside a caption or on their own; the caption's own words and the
/// picture stay.
fn drop_credits(doc: &Document) {
    let total = chars(&doc.root());
    for node in doc.select("[class], [id]").nodes().iter() {
        let in_caption = || node.ancestors_it(None).any(|a| a.has_name("figcaption") || name_in(&a, &["caption"]).is_some());
        let credit = name_in(node, CREDIT_NAMES).is_some() || (name_in(node, CAPTION_CREDIT_NAMES).is_some() && in_caption());
        if !credit || !attached(node) {
            continue;
        }
        let n = chars(node);
        if n == 0 || n > MAX_CREDIT_CHARS || n * 2 > total {
            continue;
        }
        if Selection::from(*node).select("img, picture, video, iframe, svg, figure, table, pre, math, p, li, h2, h3, h4, h5, h6").exists() {
            continue;
        }
        node.remove_from_parent();
    }
}

/// A caption that is only a credit is short.
const MAX_CREDIT_CAPTION_CHARS: usize = 80;

/// Captions, or lines of a caption, that are only a picture's credit (`credit_labels`: "Foto:
/// ...", "Imagen: ..."), whatever their names: the credit goes, the picture and the caption's own
/// words stay. A line that also holds the caption's words (after a line break, in the same
/// sentence) stays whole.
fn drop_credit_captions(doc: &Document) {
    for node in doc.select("figcaption, .wp-caption-text, figcaption p, figcaption div, figcaption span").nodes().iter() {
        if !attached(node) || node.element_children().iter().any(|c| is_block(c) || c.is("br, span")) {
            continue;
        }
        if Selection::from(*node).select("img, picture, video, iframe, svg, figure, table, pre, math").exists() {
            continue;
        }
        let text = adstrip_core::text::lower(node.text().trim_start_matches(|c: char| c.is_whitespace() || ".,;:-–—([".contains(c)));
        if letters(&text) <= MAX_CREDIT_CAPTION_CHARS && CREDIT_LABELS.iter().any(|l| text.starts_with(l)) {
            node.remove_from_parent();
        }
    }
}

fn in_table(node: &NodeRef) -> bool {
    node.ancestors_it(None).any(|a| a.has_name("table"))
}

/// A line that is only a date ("23.10.2018", "2020-04-03", "7. oktober 2020"): the post's
/// metadata, which the view shows above the article. Three groups of digits with `.` `/` `-`
/// between them, or a day and a year with one word (the month's name) between them. A number
/// with its unit ("71.1 MB"), a time, a count ("1 / 5") and anything in a table stay.
fn is_date_line(text: &str) -> bool {
    let text = text.trim();
    if text.chars().count() > 24 {
        return false;
    }
    // The line's shape: '9' for a group of digits, 'a' for a word.
    let mut shape = String::new();
    for token in text.split(|c: char| matches!(c, '.' | '/' | '-' | ',') || c.is_whitespace()).filter(|t| !t.is_empty()) {
        if token.len() <= 4 && token.bytes().all(|b| b.is_ascii_digit()) {
            shape.push('9');
        } else if token.chars().count() <= 10 && token.chars().all(char::is_alphabetic) {
            shape.push('a');
        } else {
            return false;
        }
    }
    matches!(shape.as_str(), "999" | "9a9")
}

/// A label at the article's end introduces something: a heading, or a short line ending in a
/// colon. At most this many are taken from the end.
const MAX_ORPHANS: usize = 4;

/// A label line ("Contact:", "More photos of the meeting:") is short.
const MAX_LABEL_LINE_CHARS: usize = 120;

/// What ends the article with nothing after it: a heading that is not a sentence (the list it
/// headed was a list of other stories and went, or the extractor stopped before its section),
/// or a short line ending in a colon. Neither is text a reader can read on; each is taken from
/// the end, innermost first, while the article keeps text of its own.
fn drop_orphan_tail(doc: &Document) {
    for _ in 0..MAX_ORPHANS {
        let Some(last) = last_text_block(doc) else {
            return;
        };
        let text = last.text();
        let text = text.trim();
        // A heading that is a sentence ("It backs his version.") is the article's last word.
        let heading = last.is("h2, h3, h4, h5, h6") && !text.ends_with(['.', '!', '?', '…', '。', '！', '？']);
        let label = text.ends_with(':') && letters(text) <= MAX_LABEL_LINE_CHARS;
        if !(heading || label) || protected(&last) || letters(text) >= chars(&doc.root()) {
            return;
        }
        last.remove_from_parent();
    }
}

/// The last element with text of its own that holds no block (the article's last line).
fn last_text_block<'a>(doc: &'a Document) -> Option<NodeRef<'a>> {
    let mut node = doc.root();
    loop {
        let child = node.children_it(true).find(|c| !c.text().trim().is_empty())?;
        if child.is_text() {
            return Some(node).filter(|n| n.is_element());
        }
        if !child.element_children().iter().any(is_block) && is_block(&child) {
            return Some(child);
        }
        node = child;
    }
}

/// The outermost furniture blocks with their name, in one walk that does not enter kept
/// content or a block already taken; a named block with more than `budget` characters is
/// entered instead.
fn named_blocks(doc: &Document, budget: usize) -> Vec<(NodeRef<'_>, &'static str)> {
    let mut out = Vec::new();
    let mut stack: Vec<NodeRef> = doc.root().element_children();
    while let Some(node) = stack.pop() {
        if node.is(KEEP) {
            continue;
        }
        if node.is(BLOCKS) {
            let name =
                furniture_name(&node).or_else(|| name_in(&node, LINK_LIST_NAMES).filter(|_| link_dense(&node) || is_story_card(&node)));
            // A block too big to be furniture on its own ("content-behind-paywall" around the
            // article) is looked into: the furniture is inside it. Comment areas and author
            // boxes stay whole, for the wrong-pick test.
            let whole = |name: &str| COMMENT_NAMES.contains(&name) || AUTHOR_NAMES.contains(&name) || chars(&node) <= budget;
            if let Some(name) = name.filter(|n| whole(n)) {
                if !holds_kept(&node) {
                    out.push((node, name));
                }
                continue;
            }
        }
        stack.extend(node.element_children().into_iter().rev());
    }
    out
}

/// Whether the node is still in the article (an ancestor may have gone already).
fn attached(node: &NodeRef) -> bool {
    let mut cur = node.parent();
    while let Some(p) = cur {
        if p.is_document() || p.is_fragment() {
            return true;
        }
        cur = p.parent();
    }
    false
}

fn is_block(n: &NodeRef) -> bool {
    n.is("div, section, p, ul, ol, li, table, h2, h3, h4, h5, h6, figure, blockquote, pre")
}

/// The furniture name of a block: a word of its class or id, `nav`, or `footer` (the walk
/// never enters a quote or a figure, whose footers are their own).
fn furniture_name(node: &NodeRef) -> Option<&'static str> {
    if node.has_name("nav") {
        return Some("nav");
    }
    if node.has_name("footer") {
        return Some("footer");
    }
    name_in(node, BOILERPLATE_NAMES).or_else(|| name_in(node, COMMENT_NAMES)).or_else(|| name_in(node, AUTHOR_NAMES))
}

/// The word of `list` that the node's class or id holds as a word of its own, or as two
/// adjacent words run together ("read-more" for "readmore").
pub(crate) fn name_in(node: &NodeRef, list: &[&'static str]) -> Option<&'static str> {
    let find = |w: &str| list.iter().copied().find(|l| *l == w);
    ["class", "id"].iter().filter_map(|a| node.attr(a)).find_map(|names| {
        names.split_whitespace().find_map(|name| {
            let words = name_words(name);
            words.iter().find_map(|w| find(w)).or_else(|| words.windows(2).find_map(|p| find(&format!("{}{}", p[0], p[1]))))
        })
    })
}

/// Content of the article's own, whatever the names around it say.
fn protected(node: &NodeRef) -> bool {
    node.is(KEEP) || node.ancestors(None).iter().any(|a| a.is(KEEP)) || holds_kept(node)
}

fn holds_kept(node: &NodeRef) -> bool {
    Selection::from(*node).select(KEEP).exists()
}

/// Non-white-space characters of a node's text.
fn chars(node: &NodeRef) -> usize {
    letters(&node.text())
}

pub(crate) fn link_chars(node: &NodeRef) -> usize {
    Selection::from(*node).select("a").nodes().iter().map(chars).sum()
}

/// A card for another story: its headline is a link (`h3 > a`, `a > h3`), as the article's
/// own lead ("article-teaser") never is.
fn is_story_card(node: &NodeRef) -> bool {
    Selection::from(*node).select("h2, h3, h4, h5, h6").nodes().iter().any(|h| {
        chars(h) > 0 && (h.ancestors_it(None).take_while(|a| a.id != node.id).any(|a| a.has_name("a")) || link_chars(h) == chars(h))
    })
}

/// Most of the block's text is links (a list of other articles).
fn link_dense(node: &NodeRef) -> bool {
    let all = chars(node);
    all > 0 && link_chars(node) * 10 >= all * 6
}

enum SeeAlso {
    No,
    /// "Read also: <a>Another story</a>".
    Line,
    /// A heading "Related stories" over a list of links.
    Heading,
}

fn see_also(node: &NodeRef) -> SeeAlso {
    let text = node.text();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() || text.chars().count() > MAX_SEE_ALSO_CHARS {
        return SeeAlso::No;
    }
    let lower = text.to_lowercase();
    // Asked only once a phrase starts the line: most lines start with none.
    let mut links = None;
    for phrase in SEE_ALSO {
        let Some(rest) = lower.strip_prefix(phrase) else { continue };
        let bare = rest.trim_start_matches(|c: char| c.is_whitespace() || ":»|>–—-…!?.".contains(c));
        if bare.is_empty() {
            return SeeAlso::Heading;
        }
        // "Lesen Sie auch die folgenden Beiträge:" over a list of links.
        if lower.ends_with(':') && lower.chars().count() <= MAX_LABEL_CHARS && node.next_element_sibling().is_some_and(|n| link_dense(&n)) {
            return SeeAlso::Heading;
        }
        let marked = rest.trim_start().starts_with(|c: char| ":»|>–—-".contains(c));
        // The rest of the line is a link: its characters are (nearly) all link text.
        let links = *links.get_or_insert_with(|| link_chars(node));
        let linked = links * 10 >= letters(bare) * 8;
        if linked && (marked || links < letters(&text)) {
            return SeeAlso::Line;
        }
    }
    SeeAlso::No
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prune(html: &str) -> String {
        let doc = Document::fragment(html);
        super::prune(&doc);
        doc.root().html().to_string()
    }

    fn body(p: &str) -> String {
        format!(
            "<p>{}</p>{p}<p>{}</p>",
            "First paragraph of the story with enough words. ".repeat(6),
            "Last paragraph, also long. ".repeat(8)
        )
    }

    #[test]
    fn see_also_lines_and_lists_go() {
        let html = body(
            r#"<p><strong>Lea también: <a href="/x">Otra noticia del día</a></strong></p>
            <p>Read more: <a href="/y">Looted colonial art</a></p>
            <h3>Auch interessant</h3><ul><li><a href="/a">Ein Artikel</a></li><li><a href="/b">Noch einer</a></li></ul>"#,
        );
        let out = prune(&html);
        for gone in ["Lea también", "Otra noticia", "Read more", "Looted", "Auch interessant", "Ein Artikel", "Noch einer"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains("First paragraph") && out.contains("Last paragraph"));
    }

    #[test]
    fn sentences_that_start_like_a_phrase_stay() {
        let html = body(
            r#"<p>Mira Sorvino said the film was <a href="/m">a turning point</a> in her career.</p>
            <p>Related: the council met on Tuesday and voted to keep the library open.</p>
            <p><a href="/report.pdf">Download the full report (PDF)</a></p>"#,
        );
        let out = prune(&html);
        for kept in ["Mira Sorvino", "the council met", "Download the full report"] {
            assert!(out.contains(kept), "{kept} lost: {out}");
        }
    }

    #[test]
    fn cards_of_other_posts_go_with_their_heading() {
        let card = |t: &str| {
            format!(
                r#"<div><article id="post-{t}"><header><h3>{t}: a story of the week</h3></header><a href="/{t}"><img src="{t}.jpg"></a></article></div>"#
            )
        };
        let html = body(&format!("<h2>Weitere Beiträge</h2><div>{}{}{}</div>", card("Motor"), card("Bugatti"), card("Auktion")));
        let out = prune(&html);
        for gone in ["Motor", "Bugatti", "Auktion", "Weitere Beiträge"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        assert!(out.contains("First paragraph") && out.contains("Last paragraph"), "{out}");
        // One such card alone, or cards that are most of the page (a list of entries), stay.
        let one = prune(&body(&card("Motor")));
        assert!(one.contains("Motor"), "{one}");
        let entries = format!("<p>Intro.</p>{}{}", card("Motor"), card("Bugatti"));
        assert!(prune(&entries).contains("Bugatti"));
    }

    #[test]
    fn picture_credits_go_and_their_captions_stay() {
        let html = body(
            r#"<figure><img src="a.jpg"><figcaption>The harbour at dawn, before the storm. <span class="photo-credit">Foto: A. Person</span></figcaption></figure>
            <div class="wp-caption"><img src="b.jpg"><p class="credit">Bild: Jahr Media</p></div>
            <figure><img src="c.jpg"><figcaption class="caption">Miners at the gate. <span class="img-author">Pat Lee/Reuters files</span></figcaption></figure>
            <p class="copyright">© 2020 A Food Company. All Rights Reserved</p>
            <p>The <span class="author">author</span> of the report said more.</p>"#,
        );
        let out = prune(&html);
        for gone in ["Foto: A. Person", "Jahr Media", "Reuters files", "All Rights Reserved"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        // The captions, the pictures, and a word named "author" outside a caption stay.
        for kept in ["The harbour at dawn", "Miners at the gate", "a.jpg", "b.jpg", "c.jpg", "of the report said more", "First paragraph"] {
            assert!(out.contains(kept), "{kept} lost: {out}");
        }
        // A long block named "copyright" is no credit line: the article that a theme so named stays.
        let named = format!(r#"<div class="copyright-notice-wrap"><p>{}</p></div>"#, "A long paragraph of the story itself. ".repeat(8));
        assert!(prune(&body(&named)).contains("A long paragraph"));
    }

    #[test]
    fn furniture_named_blocks_go_but_never_the_article_or_figures() {
        let html = body(
            r#"<div class="relatedArticlesText"><a href="/r">Another story entirely</a></div>
            <div class="post-meta">Posted on 5 May 2020</div>
            <ul class="dropdown-menu"><li class="menu-item"><a href="/h">Wohnen</a></li><li class="menu-item"><a href="/g">Garten</a></li></ul>
            <figure class="social-image"><img src="x.jpg"><figcaption class="meta">The harbour at dawn</figcaption></figure>
            <blockquote><p>Words said.</p><footer>The speaker</footer></blockquote>"#,
        );
        let out = prune(&html);
        assert!(!out.contains("Another story") && !out.contains("Posted on") && !out.contains("Wohnen"), "{out}");
        for kept in ["The harbour at dawn", "The speaker", "First paragraph"] {
            assert!(out.contains(kept), "{kept} lost: {out}");
        }
        // A theme that names its whole body "entry-meta-content" keeps it.
        let whole = format!(r#"<div class="entry-meta-content">{}</div>"#, body(""));
        assert!(prune(&whole).contains("First paragraph"));
        // A teaser card of another story (its headline a link) goes, with its excerpt; the
        // article's own teaser (its lead, no linked headline) stays.
        let card = r#"<div class="teaser"><h3><a href="/other">Another story</a></h3><p>Its excerpt, a sentence or two long, with no link in it at all.</p></div>"#;
        let out = prune(&format!("{}{card}", body("")));
        assert!(out.contains("First paragraph") && !out.contains("Its excerpt"), "{out}");
        let lead = r#"<div class="article-teaser"><p>The article's own lead, a sentence or two long, with no link.</p></div>"#;
        assert!(prune(&format!("{lead}{}", body(""))).contains("own lead"));
        // A wrapper named for the paywall around the article is looked into: its newsletter
        // box goes, the article stays.
        let wrapped = format!(
            r#"<div class="content-behind-paywall">{}<section class="newsletter"><p>Want more from us?</p></section></div>"#,
            body("")
        );
        let out = prune(&wrapped);
        assert!(out.contains("First paragraph") && !out.contains("Want more"), "{out}");
    }

    #[test]
    fn a_line_that_is_only_a_date_goes() {
        for date in ["23.10.2018", "7. oktober 2020", "2020-04-03", "12/24/2019"] {
            assert!(is_date_line(date), "{date}");
        }
        for line in [
            "1945 changed everything.",
            "Route 66",
            "Chapter 12: The end",
            "12 eggs",
            "Hors-série n° 72",
            "1.",
            "2019",
            "Tel. 0863/91131",
            "1:2:3:4",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
        let out = prune("<div><p>03.04.2020</p><p>The report's first paragraph, which a reader reads.</p></div>");
        assert!(!out.contains("2020") && out.contains("first paragraph"), "{out}");
    }

    #[test]
    fn an_orphan_heading_or_label_at_the_end_goes() {
        let body = "<p>The report's closing paragraph, which a reader reads to its end.</p>";
        for tail in [
            "<h3>More stories from the region</h3>",
            "<p>Contact:</p>",
            "<div><h2>Related</h2><p><strong>Photos of the meeting:</strong></p></div>",
        ] {
            let out = prune(&format!("<div>{body}{tail}</div>"));
            assert!(out.contains("closing paragraph") && !out.contains(tail), "{tail}: {out}");
        }
        // A section with its text, a last line that says something, and a quote stay.
        for kept in [
            "<h3>Outlook</h3><p>Rain on Sunday.</p>",
            "<h2>It backs his version.</h2>",
            "<p>See you next week: bring boots.</p>",
            "<blockquote><p>He said:</p></blockquote>",
        ] {
            let out = prune(&format!("<div>{body}{kept}</div>"));
            assert!(out.contains(&kept[..12]), "{kept}: {out}");
        }
    }

    #[test]
    fn captions_that_are_only_a_credit_go_and_the_caption_words_stay() {
        let html = body(
            r#"<figure><img src="/a.jpg" alt="a"><figcaption>Foto: Sascha Klahn</figcaption></figure>
            <figure><img src="/b.jpg" alt="b"><figcaption>. Imagen: Télam</figcaption></figure>
            <figure><img src="/c.jpg" alt="c"><figcaption><div><p>© upixa / Getty Images / iStock</p><p>Verschiedene Tabletten und Kapseln</p></div></figcaption></figure>
            <figure><img src="/d.jpg" alt="d"><figcaption>The telescope at dusk.<span>Credit: Ou Dongqu/Xinhua</span></figcaption></figure>
            <figure><img src="/e.jpg" alt="e"><figcaption>The mayor at the opening. Foto: LN</figcaption></figure>
            <figure><img src="/f.jpg" alt="f"><figcaption>©5 Minuten<br>Spezialisiert auf Reinigungen</figcaption></figure>
            <figure><img src="/g.jpg" alt="g"><figcaption>Photo: the new station at night, seen from the bridge over the river in the first week of its service</figcaption></figure>"#,
        );
        let out = prune(&html);
        for gone in ["Sascha Klahn", "Télam", "upixa", "Ou Dongqu"] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
        for kept in [
            "/a.jpg",
            "/b.jpg",
            "Verschiedene Tabletten",
            "The telescope at dusk.",
            "The mayor at the opening. Foto: LN",
            "Spezialisiert auf",
            "seen from the bridge",
        ] {
            assert!(out.contains(kept), "{kept} lost: {out}");
        }
    }

    #[test]
    fn a_paywall_call_or_a_copyright_notice_and_what_follows_go_at_the_end() {
        let body = format!(
            "<p>{}</p><p>The report's closing paragraph, which a reader reads to its end.</p>",
            "A long paragraph of the story. ".repeat(12)
        );
        for (tail, gone) in [
            (
                "<p>Subscribe now to our eNATION edition for the full story.</p><p>For the latest stories download our apps.</p>",
                ["Subscribe now", "download our apps"],
            ),
            (
                "<p>Pour lire la suite<br>et accéder à 3 articles par mois, créez votre compte</p><p>Créer un compte</p>",
                ["Pour lire la suite", "Créer un compte"],
            ),
            (
                "<h3>HAZTE MIEMBRO Y DISFRUTA DE BENEFICIOS EXCLUSIVOS</h3><p><a href=\"/m\">Hágase miembro ahora</a></p>",
                ["HAZTE", "Hágase"],
            ),
            // A copyright or opinion notice goes the same way.
            (
                "<p>This article is the copyrighted property of Example News.</p><p>Written permission must be obtained before reprint.</p>",
                ["copyrighted property", "Written permission"],
            ),
            ("<p><em>Dieser Beitrag gibt die Meinung des Autors wieder, nicht notwendigerweise die der Redaktion.</em></p>", ["Meinung des Autors", "Redaktion"]),
        ] {
            let out = prune(&format!("<div>{body}{tail}</div>"));
            assert!(out.contains("closing paragraph"), "{tail}: {out}");
            for g in gone {
                assert!(!out.contains(g), "{g} in {out}");
            }
        }
    }

    #[test]
    fn words_of_subscribing_in_the_article_stay() {
        let long = "A long paragraph of the story. ".repeat(12);
        for (html, kept) in [
            // Not a call: an article may end on its subscribers.
            (
                format!("<div><p>{long}</p><p>The service's subscribers will pay two euros more from March.</p></div>"),
                "subscribers will pay",
            ),
            // A call far from the end is the article's own line (a quote, an example).
            (
                format!(
                    "<div><p>Subscribe now, the ad said.</p>{}</div>",
                    "<p>Another paragraph of the story that goes on.</p>".repeat(14)
                ),
                "Subscribe now, the ad said.",
            ),
            // A call whose tail would take much of a short article stays.
            (
                format!(
                    "<div><p>Short lead.</p><p>Please subscribe to the council's alerts, the mayor said.</p><p>{}</p></div>",
                    "More of the story. ".repeat(10)
                ),
                "Please subscribe",
            ),
            // A quote is the article's, whatever it says.
            (format!("<div><p>{long}</p><blockquote><p>Subscribe now or lose it all.</p></blockquote></div>"), "Subscribe now or lose"),
        ] {
            let out = prune(&html);
            assert!(out.contains(kept), "{kept} lost: {out}");
        }
    }

    #[test]
    fn a_name_that_holds_much_of_the_article_is_its_content_unless_comments() {
        // A live ticker whose entries are named "comment-entry": more than a quarter of the text.
        let entries: String = (0..6)
            .map(|i| {
                format!(
                    r#"<div class="comment-entry"><p>Minute {i}: the visitors press on and score, a long account of the play.</p></div>"#
                )
            })
            .collect();
        let html = format!("<p>{}</p>{entries}", "Opening words of the report, long enough to be read. ".repeat(3));
        assert!(prune(&html).contains("Minute 5"), "ticker lost");
        // Readability took the comments for the article: they go whole (the rescue takes over).
        let comments = r#"<div id="comments"><h3>Leave a reply</h3><p>Great post, thanks for writing it.</p></div>"#;
        assert!(!prune(comments).contains("Great post"));
        // So did an author box; beside the article it is furniture like any other.
        let bio = r#"<div class="author-info"><p class="author-bio">Born 1983, she writes about cities and the people in them.</p></div>"#;
        assert!(!prune(bio).contains("Born 1983"));
        let beside = format!("<p>{}</p>{bio}", "Opening words of the report, long enough to be read. ".repeat(8));
        let out = prune(&beside);
        assert!(out.contains("Opening words") && !out.contains("Born 1983"), "{out}");
    }
}
