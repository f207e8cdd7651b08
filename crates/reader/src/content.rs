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
    fn code_class() {
        assert!(is_code_class("code", "language-rust") && is_code_class("pre", "lang-c++"));
        assert!(!is_code_class("p", "language-rust") && !is_code_class("code", "language-") && !is_code_class("code", "token"));
    }
}
