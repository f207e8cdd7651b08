//! Reader mode keeps the article whole: each test reads an excerpt of a real page
//! (tests/fixtures/reader, see its README) and checks what a reader would look for in the view:
//! the first and last paragraphs, short and link-only paragraphs, every code block with its line
//! breaks and language, data tables as tables, footnotes with their back-links, figures with
//! captions, the lead image, rendered math, quotes and embedded tweets.
#![cfg(not(target_arch = "wasm32"))]

use adstrip::reader::{extract, Article};

fn read(name: &str, url: &str) -> Article {
    let path = format!("{}/tests/fixtures/reader/{name}", env!("CARGO_MANIFEST_DIR"));
    let html = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    extract(&html, Some(url)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn paragraphs(a: &Article) -> Vec<&str> {
    a.text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// A WordPress.com post of two lines, which Readability alone refuses ("no article found"):
/// its text comes from the post's content container, without the share, like and comment lines.
#[test]
fn short_wordpress_com_post_gives_its_text() {
    let a = read("short-post.html", "https://weselpower.wordpress.com/2009/12/23/monstergesprche-1/");
    assert_eq!(a.title, "Monstergespräche #1");
    assert!(a.text.starts_with("M:Wer rutscht als nächstes aus auf dem Glatteis?"), "{}", a.text);
    assert!(a.text.trim_end().ends_with("M: Gewonnen!"), "{}", a.text);
    for furniture in ["Teilen Sie dies mit", "Gefällt mir", "Ähnliche Beiträge", "Kommentare sind geschlossen", "Schlagwörter"] {
        assert!(!a.text.contains(furniture), "{furniture} in {}", a.text);
    }
}

/// A link-list post (headline, then a "via <link>" line per item), also refused by Readability
/// alone: every short and link-only paragraph is there, links included, first to last.
#[test]
fn short_and_link_only_paragraphs_kept() {
    let a = read("link-paragraphs.html", "https://nurmeinstandpunkt.wordpress.com/2020/01/23/blogposting-01-23-2020/");
    let p = paragraphs(&a);
    assert_eq!(p.first(), Some(&"Presseförderung: Studie zweifelt an Stütze vom Staat"), "{p:?}");
    assert_eq!(p.last(), Some(&"Posted from Diigo. The rest of my favorite links are here."), "{p:?}");
    assert!(p.contains(&"via netzpolitik.org https://netzpolitik.org"), "{p:?}");
    assert!(p.contains(&"via heise online News https://www.heise.de/"), "{p:?}");
    assert!(a.content_html.contains(r#"<a href="https://netzpolitik.org"#), "{}", a.content_html);
    assert!(!a.text.contains("Creative Commons-Lizenz"), "sidebar widget in {}", a.text);
}

/// Syntax-highlighted code (line breaks written as `<br>`): all ten blocks stay `pre`, with
/// their lines and the language class, and none is broken into paragraphs.
#[test]
fn every_code_block_with_lines_and_language() {
    let a = read("code-blocks.html", "https://v8.dev/blog/emscripten-standalone-wasm");
    let h = &a.content_html;
    assert_eq!(h.matches("<pre").count(), 10, "{h}");
    assert!(h.contains(r#"<code class="language-c">"#) && h.contains(r#"<code class="language-js">"#), "{h}");
    let first_pre = &h[h.find("<pre").unwrap()..h.find("</pre>").unwrap()];
    assert!(!first_pre.contains("<p>") && !first_pre.contains("<br"), "{first_pre}");
    assert!(
        a.text.contains("// add.c\n#include <emscripten.h>\n\nEMSCRIPTEN_KEEPALIVE\nint add(int x, int y) {\n  return x + y;\n}"),
        "{}",
        a.text
    );
    assert!(a.text.contains("emcc -O3 add.c -o add.wasm"));
}

/// Data tables stay tables: header cells and every row.
#[test]
fn data_tables_kept_as_tables() {
    let a = read("data-table.html", "https://www.smava.de/privatkredit/privatkredit-zinsen/");
    let h = &a.content_html;
    assert_eq!(h.matches("<table").count(), 3, "{h}");
    assert!(h.contains("<th>Kreditsumme</th>") && h.contains("<th>effektiver Jahreszins</th>"), "{h}");
    assert!(h.contains("<td>10.000 €</td>\n<td>36 Monate</td>\n<td>2,0 %</td>\n<td>286,35 €</td>"), "{h}");
}

/// A footnote (WordPress footnotes plugin): the reference, the note and its back-link, with
/// same-page links that still point at each other.
#[test]
fn footnotes_with_back_links() {
    let a = read("footnotes.html", "https://www.alexander-klier.net/zeitenkompetenz/zeitphilosophie/");
    let h = &a.content_html;
    assert!(h.contains(r##"<a href="#reader-footnote_0_110" id="reader-identifier_0_110""##), "{h}");
    assert!(h.contains(r#"<li id="reader-footnote_0_110">"#), "{h}");
    assert!(h.contains(r##"[<a href="#reader-identifier_0_110">↩</a>]"##), "{h}");
    // The quote that carries the reference is kept as a quote.
    assert!(h.contains("<blockquote><p><em>“Es ist nicht zu wenig Zeit"), "{h}");
    assert!(a.text.trim_end().ends_with("Quelle: www.zitate.net [↩]"), "{}", a.text);
}

/// Figures with captions, including pairs of figures side by side in a layout `div` (which
/// Readability's clean-up dropped whole), and the lead image.
#[test]
fn figures_with_captions_and_lead_image() {
    let a = read("figures.html", "https://ebike-mtb.com/advanced-offroad-pro-race-mtb-fs-test/");
    let h = &a.content_html;
    assert_eq!(h.matches("<figure").count(), 10, "{h}");
    assert_eq!(h.matches("<figcaption").count(), 10, "{h}");
    assert!(a.text.contains("Der schicke Lack des Advanced zieht die Blicke auf dem Trail auf sich."), "{}", a.text);
    let lead = "https://ebike-mtb.com/wp-content/uploads/sites/2/2023/10/Advanced_Offroad_Pro_WEB-Res-7169.jpg";
    assert_eq!(a.lead_image.as_deref(), Some(lead));
    assert!(h.contains(&format!(r#"<img src="{lead}""#)), "lead image not in the article: {h}");
    assert!(a.text.starts_with("Das neue Advanced OFFROAD Pro Race MTB FS soll nicht gebaut worden sein"), "{}", a.text);
}

/// Rendered math as MathML: every formula is there as `math`, with its parts.
#[test]
fn rendered_math_kept_as_mathml() {
    let a = read("math.html", "https://example.org/mathjax");
    let h = &a.content_html;
    assert_eq!(h.matches("<math").count(), 13, "{h}");
    assert!(h.contains("<msup>") && h.contains("<mfrac>"), "{h}");
    assert!(a.text.contains("there are two solutions to"), "{}", a.text);
}

/// Embedded tweets (the publisher's `blockquote.twitter-tweet`, its script gone) read as quotes.
#[test]
fn embedded_tweets_as_quotes() {
    let a = read("tweets.html", "http://www.hertha-blog.de/der-lange-und-die-alte-dame.html");
    let h = &a.content_html;
    assert_eq!(h.matches("<blockquote").count(), 2, "{h}");
    assert!(h.contains("<blockquote><p lang=\"de\" dir=\"ltr\">Läuft (weiter) bei uns!"), "{h}");
    assert!(a.text.contains("— Michael Preetz (@michaelpreetz) July 21, 2017"), "{}", a.text);
    assert!(a.text.starts_with("In diesem Sommer war Michael Preetz ganz vorne mit dabei."), "{}", a.text);
}

/// The featured image above the post body (outside what Readability keeps) is the page's lead
/// image: it comes first in the article, once, with the article text unchanged after it.
#[test]
fn featured_lead_image_outside_the_body_comes_first() {
    let a =
        read("lead-image.html", "https://dietagespresse.com/halloween-bizarrer-horrorclown-versetzt-oesterreich-in-angst-und-schrecken/");
    assert_eq!(a.lead_image.as_deref(), Some("https://dietagespresse.com/wp-content/uploads/2023/10/horrorclown.jpg"));
    let h = &a.content_html;
    assert!(h.starts_with(r#"<figure><img src="https://dietagespresse.com/wp-content/uploads/2023/10/horrorclown-768x432.jpg""#), "{h}");
    assert_eq!(h.matches("horrorclown-768x432.jpg\" srcset").count(), 1, "{h}");
    assert!(a.text.starts_with("Halloween lockt offenbar die bizarrsten Gestalten aus ihren Löchern."), "{}", a.text);
}

/// A few stray NUL bytes (a news page had a run of them after an ad image) are dropped as a
/// browser's parser drops them; the page is read, not refused.
#[test]
fn stray_nul_bytes_do_not_refuse_the_page() {
    let page = "<html><head><title>Juicio</title></head><body><img src=\"/ad.gif\">\0\0\0\0\n<article><h1>Juicio</h1>\
        <p>El juicio por el caso ingresó a su fase final y el tribunal fijó la próxima audiencia para este miércoles.</p>\
        <p>La sentencia podría dictarse esta semana, según fuentes del tribunal que siguen el proceso desde su inicio.</p></article></body></html>";
    let a = extract(page, None).expect("a page with stray NUL bytes has an article");
    assert!(a.text.starts_with("El juicio por el caso ingresó a su fase final"), "{}", a.text);
    assert!(!a.text.contains('\0'));
}
