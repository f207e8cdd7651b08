//! Article content that Readability's clean-up would lose, protected before it runs.
//!
//! - **Code blocks**: syntax highlighters write line breaks in `<pre>` as `<br>`, and
//!   Readability turns each run of two `<br>` into a paragraph, so a code block came out as
//!   prose fragments. Inside `pre` every `<br>` becomes the line break it shows as.
//! - **Figures in layout wrappers**: a `div` holding only figures, two or more (side-by-side
//!   images) has more images than paragraphs and is dropped whole by Readability's
//!   conditional clean-up, captions and all. Such wrappers are unwrapped, so the figures stand
//!   in the article as they do on the page.
//! - **Rendered math**: KaTeX writes every formula twice, as MathML and as styled spans (for
//!   its own stylesheet, which the reader view does not have), and MathJax 3 draws glyphs from
//!   CSS, keeping the text only in its assistive MathML (MathJax 2 draws with characters next to
//!   it). Where a formula has MathML, the MathML stays and the drawing goes.
//!
//! - **The lead image**: WordPress puts a post's featured image (`img.wp-post-image`) above the
//!   post body, outside what Readability keeps. When the page's lead image (`og:image`, JSON-LD)
//!   is such an image of the page and the article does not show it, it is put first
//!   ([`with_lead_image`]). An `og:image` that is not an image of the page is not added.
//!
//! - **Text only in `noscript`**: some blogs (Blogger's post pages) write the post with a script
//!   and keep the only copy of its text in a `noscript` beside it. Where the `noscript` is all
//!   its parent shows and holds prose, it becomes the markup it holds, as a browser without
//!   scripts shows it; a `noscript` next to content a script already drew stays out.
//!
//! The sanitiser keeps the language class of code blocks ([`is_code_class`]).

use dom_query::{Document, NodeRef};

/// Rendering that duplicates a formula's MathML (KaTeX's HTML output, MathJax 3's CSS glyphs).
/// MathJax 2 (HTML-CSS and CommonHTML output) draws with real characters next to its
/// assistive MathML, which would show every formula twice.
const MATH_DRAWING: &str = ".katex-html, mjx-container > mjx-math, .MathJax > nobr, .MathJax_CHTML > .mjx-chtml";

/// Prepares `doc` for extraction (see the module notes).
pub fn protect(doc: &Document) {
    for br in doc.select("pre br").nodes() {
        br.replace_with_html("\n");
    }
    for drawing in doc.select(MATH_DRAWING).nodes() {
        if has_mathml_sibling(drawing) {
            drawing.remove_from_parent();
        }
    }
    for noscript in doc.select("body noscript").nodes() {
        shown_without_scripts(noscript);
    }
    // Innermost first (document order reversed), so nested wrappers unwrap one after another.
    let wrappers = doc.select("div").nodes().to_vec();
    for div in wrappers.iter().rev() {
        let kids = div.element_children();
        let figures = kids.len() >= 2 && kids.iter().all(|k| k.has_name("figure"));
        let loose_text = div.children_it(false).any(|c| c.is_text() && !c.text().trim().is_empty());
        if figures && !loose_text {
            if let Some(first) = div.first_child() {
                first.unwrap_node(); // moves the div's children before it and removes the div
            }
        }
    }
}

/// A `noscript` with less text than this (characters, spaces not counted) is an image's or a
/// tracker's fallback, not the post.
const MIN_NOSCRIPT_TEXT: usize = 200;

/// Elements that show nothing.
const HIDDEN: &str = "script, style, noscript, template, link, meta";

/// Turns a `noscript` that holds the only copy of its parent's text into that markup.
fn shown_without_scripts(noscript: &NodeRef<'_>) {
    let Some(parent) = noscript.parent() else {
        return;
    };
    // Anything else the parent shows: text, or an element that is not a script's.
    let shows_more =
        parent.children_it(false).any(|c| c.id != noscript.id && if c.is_element() { !c.is(HIDDEN) } else { !c.text().trim().is_empty() });
    if shows_more {
        return;
    }
    // The parser keeps a `noscript`'s content as text when scripting is on, as elements when off.
    let markup = if noscript.element_children().is_empty() { noscript.text().to_string() } else { noscript.inner_html().to_string() };
    let inner = Document::fragment(markup.as_str());
    if crate::text::letters(&inner.root().text()) >= MIN_NOSCRIPT_TEXT {
        noscript.replace_with_html(markup);
    }
}

/// Where themes put the featured image, outside the post body.
const FEATURED: &str = "img.wp-post-image, .post-thumbnail img, .wp-block-post-featured-image img, .featured-image img, .entry-header img";

/// The page's featured-image candidates (markup of at most a few `img`), read before extraction.
pub fn featured_images(doc: &Document) -> Vec<String> {
    doc.select(FEATURED).nodes().iter().take(8).map(|n| n.html().to_string()).collect()
}

/// `content_html` with the lead image put first when the article lacks it and one of the
/// page's featured images (`candidates`) is that image.
pub fn with_lead_image(content_html: String, lead: Option<&str>, candidates: &[String]) -> String {
    let Some(key) = lead.and_then(image_key) else {
        return content_html;
    };
    if image_urls(&content_html).any(|u| image_key(u).as_deref() == Some(key.as_str())) {
        return content_html;
    }
    let Some(img) = candidates.iter().find(|c| image_urls(c).any(|u| image_key(u).as_deref() == Some(key.as_str()))) else {
        return content_html;
    };
    let img = crate::sanitize::sanitize_fragment(img);
    if !img.contains("<img") {
        return content_html;
    }
    format!("<figure>{img}</figure>{content_html}")
}

/// URL-like tokens of the markup's attribute values (`src`, `srcset`, lazy attributes).
fn image_urls(html: &str) -> impl Iterator<Item = &str> {
    html.split(['"', '\'', ' ', ',']).filter(|t| t.contains('/') && !t.contains(['<', '>', '=']))
}

/// An image's file name without query, WordPress size suffix (`-300x200`) or extension:
/// the sizes of one upload share it.
fn image_key(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next()?;
    let file = path.rsplit('/').next()?;
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let stem = match stem.rsplit_once('-') {
        Some((head, size)) if size.split_once('x').is_some_and(|(w, h)| is_num(w) && is_num(h)) => head,
        _ => stem,
    };
    let stem = stem.strip_suffix("-scaled").unwrap_or(stem);
    (stem.len() >= 3).then(|| stem.to_ascii_lowercase())
}

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the drawing's formula is also there as MathML next to it (never drop the only copy).
fn has_mathml_sibling(drawing: &NodeRef<'_>) -> bool {
    drawing.parent().is_some_and(|p| p.descendants_it().any(|d| d.has_name("math")))
}

/// A class token that names a code block's language (`language-rust`, `lang-js`): kept on
/// `pre` and `code`, where the reader view's and readers' own tools use it.
pub fn is_code_class(tag: &str, token: &str) -> bool {
    matches!(tag, "pre" | "code")
        && ["language-", "lang-"].iter().any(|p| {
            token.strip_prefix(p).is_some_and(|l| {
                !l.is_empty() && l.len() <= 32 && l.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pre_br_become_newlines() {
        let doc = Document::from("<pre><code>a<br>b<br/><br>c</code></pre><p>x<br>y</p>");
        protect(&doc);
        let h = doc.select("body").inner_html();
        assert_eq!(h.as_ref(), "<pre><code>a\nb\n\nc</code></pre><p>x<br>y</p>");
    }

    #[test]
    fn figure_wrappers_unwrapped_others_kept() {
        let doc = Document::from(
            "<div id=a><div class=pair><figure>1</figure> <figure>2</figure></div><div class=t>text <figure>3</figure></div></div>",
        );
        protect(&doc);
        assert!(!doc.select(".pair").exists() && doc.select(".t").exists() && doc.select("#a").exists());
        assert_eq!(doc.select("#a > figure").length(), 2);
    }

    #[test]
    fn noscript_that_holds_the_only_text_is_shown() {
        let post = "<p>A paragraph of the post that only readers without scripts see. </p>".repeat(4);
        let doc = Document::from(format!("<div class=post><script>render()</script><noscript>{post}</noscript></div><div class=img><img src=a><noscript>{post}</noscript></div><noscript><img src=b></noscript>"));
        protect(&doc);
        assert_eq!(doc.select("div.post > p").length(), 4, "{}", doc.html());
        // Beside content the page shows, or with no prose in it, a noscript stays out.
        assert_eq!(doc.select("div.img > p").length(), 0);
        assert_eq!(doc.select("noscript").length(), 2);
    }

    #[test]
    fn katex_keeps_mathml_only() {
        let doc = Document::from(
            r#"<span class="katex"><span class="katex-mathml"><math><mi>x</mi></math></span><span class="katex-html" aria-hidden="true"><span class="mord">x</span></span></span>"#,
        );
        protect(&doc);
        assert!(!doc.select(".katex-html").exists() && doc.select("math").exists());
        // Without MathML next to it, the drawing is the only copy and stays.
        let doc = Document::from(r#"<span class="katex"><span class="katex-html">x</span></span>"#);
        protect(&doc);
        assert!(doc.select(".katex-html").exists());
    }

    #[test]
    fn lead_image_first_when_missing() {
        let cands = vec![r#"<img class="wp-post-image" src="https://ex.org/up/Picard-825x510.jpg" alt="Picard">"#.to_string()];
        let lead = Some("https://ex.org/up/Picard.jpg");
        let out = with_lead_image("<div><p>Text</p></div>".into(), lead, &cands);
        assert!(out.starts_with(r#"<figure><img src="https://ex.org/up/Picard-825x510.jpg" alt="Picard"></figure><div>"#), "{out}");
        // Already in the article (another size of the same upload): unchanged.
        let has = r#"<div><img src="https://ex.org/up/Picard-300x185.jpg"></div>"#;
        assert_eq!(with_lead_image(has.into(), lead, &cands), has);
        // An og:image that is not an image of the page is not added.
        assert_eq!(with_lead_image("<p>x</p>".into(), Some("https://ex.org/card.png"), &cands), "<p>x</p>");
        assert_eq!(image_key("https://e.org/a/DSC_0228-scaled.jpg?resize=380%2C380").as_deref(), Some("dsc_0228"));
    }

    #[test]
    fn code_class() {
        assert!(is_code_class("code", "language-rust") && is_code_class("pre", "lang-c++"));
        assert!(!is_code_class("p", "language-rust") && !is_code_class("code", "language-") && !is_code_class("code", "token"));
    }
}
