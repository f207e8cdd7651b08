//! Scoring one labelled corpus page (the label shape of `tests/fixtures/corpus/README.md`)
//! against what the core finds: shared by the corpus test and `make corpus-report`.

use adstrip::detect::scan;
use adstrip::dom::Dom;
use adstrip::html::HtmlPage;
use adstrip::plan::Target;
use adstrip::text::meaningful_len;
use serde_json::Value;

/// One labelled block (one element a hide selector matches) and whether it was hidden.
#[derive(Debug, Clone)]
pub struct Block {
    pub selector: String,
    pub kind: String,
    pub family: String,
    pub visible: bool,
    pub hidden: bool,
}

#[derive(Debug, Default)]
pub struct PageScore {
    pub slug: String,
    pub wordpress: bool,
    pub language: String,
    pub blocks: Vec<Block>,
    /// Label problems (a selector that matches another count than the label says).
    pub label_errors: Vec<String>,
    /// (negative selector, rule that hid it).
    pub negatives_hidden: Vec<(String, &'static str)>,
    /// Article characters hidden outside labelled blocks.
    pub article_lost: usize,
    /// Bare text lines to hide: (line, hidden).
    pub lines: Vec<(String, bool)>,
    /// Article paragraphs that must stay but were hidden.
    pub kept_paragraphs_hidden: Vec<String>,
}

/// Scores a page against its label.
pub fn score_page(label: &Value, html: &str) -> PageScore {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    let plan = scan(&dom);
    let hidden = super::hidden(&plan);
    let is_hidden = |n: &_| hidden.iter().any(|h| dom.contains(h, n));
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut out = PageScore {
        slug: s(&label["slug"]),
        wordpress: label["wordpress"].as_bool().unwrap_or(false),
        language: label["language"].as_str().unwrap_or("en").to_string(),
        ..Default::default()
    };

    let mut block_nodes = Vec::new();
    for h in label["hide"].as_array().into_iter().flatten() {
        let sel = s(&h["selector"]);
        let nodes = dom.select(None, &sel);
        if Some(nodes.len() as u64) != h["count"].as_u64() {
            out.label_errors.push(format!("{}: selector {sel} matches {} (label says {})", out.slug, nodes.len(), h["count"]));
        }
        for n in &nodes {
            block_nodes.push(*n);
            out.blocks.push(Block {
                selector: sel.clone(),
                kind: s(&h["kind"]),
                family: s(&h["family"]),
                visible: h["visible"].as_bool().unwrap_or(false),
                hidden: is_hidden(n),
            });
        }
    }

    for neg in label["negatives"].as_array().into_iter().flatten() {
        let sel = s(&neg["selector"]);
        for n in dom.select(None, &sel) {
            // Hiding the negative or around it is wrong; hiding an empty ad slot inside it is not.
            let culprit = plan.findings.iter().find(|f| match &f.target {
                Target::Element(h) => dom.contains(h, &n) || (dom.contains(&n, h) && meaningful_len(&dom.text(h)) > 3),
                Target::Text { parent, .. } => dom.contains(&n, parent),
            });
            if let Some(f) = culprit {
                out.negatives_hidden.push((sel.clone(), f.rule()));
            }
        }
    }

    if let Some(sel) = label["article"].as_str() {
        let article = dom.select(None, sel);
        if article.len() != 1 {
            out.label_errors.push(format!("{}: article selector {sel} matches {}", out.slug, article.len()));
        }
        if let Some(a) = article.first() {
            for h in &hidden {
                out.article_lost += if dom.contains(h, a) {
                    meaningful_len(&dom.text(a))
                } else if dom.contains(a, h) && !block_nodes.iter().any(|b| dom.contains(b, h)) {
                    let inside: usize = block_nodes.iter().filter(|b| dom.contains(h, b)).map(|b| meaningful_len(&dom.text(b))).sum();
                    meaningful_len(&dom.text(h)).saturating_sub(inside)
                } else {
                    0
                };
            }
        }
    }

    for line in label["hide_text"].as_array().into_iter().flatten() {
        let line = s(line);
        let covered = plan.findings.iter().any(|f| match &f.target {
            Target::Text { text, .. } => text.contains(&line),
            Target::Element(n) => dom.text(n).contains(&line),
        });
        out.lines.push((line, covered));
    }
    if let Some(keep) = label["keep_text"].as_array() {
        for p in dom.select(None, "p") {
            let text = dom.text(&p);
            if keep.iter().any(|k| text.starts_with(k.as_str().unwrap_or("\u{0}"))) && is_hidden(&p) {
                out.kept_paragraphs_hidden.push(text.chars().take(40).collect());
            }
        }
    }
    out
}

/// Every labelled page of a corpus folder (`labels/*.json` with `pages/<slug>.html`), scored.
pub fn score_dir(dir: &std::path::Path) -> Vec<PageScore> {
    let mut labels: Vec<_> = std::fs::read_dir(dir.join("labels"))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    labels.sort();
    labels
        .iter()
        .map(|p| {
            let label: Value =
                serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let slug = label["slug"].as_str().unwrap_or_default();
            let bytes = std::fs::read(dir.join("pages").join(format!("{slug}.html"))).unwrap_or_else(|e| panic!("{slug}: {e}"));
            score_page(&label, &adstrip::html::decode_page(&bytes))
        })
        .collect()
}
