//! Jetpack's post-end subscribe lines, found by their text: "Discover more from {site}" and
//! "Subscribe to get the latest posts sent to your email." When a page carries them without
//! their wrappers (a saved or syndicated copy), they stand as bare text beside the article;
//! the finding is then the text run itself, which the adapter wraps before hiding. When they
//! fill an element of their own, the finding is that element.

use super::{Context, Detector, Precheck};
use crate::dom::{Dom, TextHit};
use crate::guard::Guard;
use crate::plan::{Finding, Target};
use crate::rules::{code::SUBSCRIBE_TEXT, SUBSCRIBE_HEADING, SUBSCRIBE_LINE};
use crate::text::meaningful_len;

/// The site name after "Discover more from" is short.
const MAX_SITE_NAME: usize = 80;

/// Whether every non-empty line of the text is one of Jetpack's subscribe lines.
fn only_nag_lines(text: &str) -> bool {
    let mut any = false;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let heading = SUBSCRIBE_HEADING.iter().any(|h| {
            line.strip_prefix(h.trim_end()).is_some_and(|rest| {
                let rest = rest.trim();
                !rest.is_empty() && rest.chars().count() <= MAX_SITE_NAME && !rest.contains(['.', '!', '?'])
            })
        });
        let sub = SUBSCRIBE_LINE.iter().any(|s| line.trim_end_matches('.') == *s);
        if !(heading || sub) {
            return false;
        }
        any = true;
    }
    any
}

fn has_line(text: &str) -> bool {
    SUBSCRIBE_LINE.iter().any(|s| text.contains(s))
}

/// Jetpack's subscribe lines found by their text.
pub struct SubscribeText;

impl<D: Dom> Detector<D> for SubscribeText {
    fn name(&self) -> &'static str {
        "subscribe lines"
    }

    fn needs_text(&self) -> bool {
        true
    }

    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Text]
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, out: &mut Vec<Finding<D::Node>>) {
        if cx.opts.subscribe {
            // Never a line the post's own prose quotes.
            let mut found = Vec::new();
            from_hits(cx.dom, cx.hits, &mut found);
            out.extend(found.into_iter().filter(|f| !in_article_body(cx.dom, cx.guard, f.target.node())));
        }
    }
}

/// Body paragraphs of the article (the guard's article container is their parent).
const BODY_PARAGRAPH: &str = "p, pre, blockquote";
/// A body paragraph holds at least this much text.
const MIN_BODY_TEXT: usize = 25;

/// Whether a line stands in the article's body: inside the article container, in a child of
/// it that body paragraphs follow (a quote of Jetpack's line in the post's prose). Lines after
/// the last paragraph, beside the article or directly in its container (a saved copy's bare
/// post-end lines) are not.
fn in_article_body<D: Dom>(dom: &D, guard: &Guard<D::Node>, at: &D::Node) -> bool {
    let Some(article) = guard.article() else { return false };
    if dom.same(at, article) || !dom.contains(article, at) {
        return false;
    }
    let mut top = at.clone();
    while let Some(p) = dom.parent(&top) {
        if dom.same(&p, article) {
            break;
        }
        top = p;
    }
    let kids = dom.children(article);
    let Some(i) = kids.iter().position(|k| dom.same(k, &top)) else { return false };
    kids[i + 1..].iter().any(|k| dom.matches(k, BODY_PARAGRAPH) && meaningful_len(&dom.text(k)) >= MIN_BODY_TEXT)
}

/// What a nag's text node contains: a heading's fixed start or a subscribe line.
pub fn needles() -> Vec<&'static str> {
    let mut needles: Vec<&str> = SUBSCRIBE_HEADING.iter().map(|h| h.trim_end()).collect();
    needles.extend(SUBSCRIBE_LINE.iter().copied());
    needles
}

/// The nags among `hits` (hits that are not nag lines are ignored).
pub fn from_hits<D: Dom>(dom: &D, hits: &[TextHit<D::Node>], out: &mut Vec<Finding<D::Node>>) {
    // A heading alone is not enough ("Discover more from" is also ordinary prose and Substack's
    // wording): the Jetpack subscribe sentence must stand in the same text run, or in the same
    // parent, or in the parent's next element.
    let confirmed = |hit: &TextHit<D::Node>| -> bool {
        if has_line(&hit.text) {
            return true;
        }
        hits.iter().any(|o| {
            has_line(&o.text)
                && (dom.same(&o.parent, &hit.parent)
                    || dom.parent(&o.parent).is_some_and(|op| dom.parent(&hit.parent).is_some_and(|hp| dom.same(&op, &hp))))
        })
    };
    for hit in hits {
        if !only_nag_lines(&hit.text) || !confirmed(hit) {
            continue;
        }
        let parent_text = dom.text(&hit.parent);
        let structural = matches!(dom.tag(&hit.parent).as_str(), "body" | "html" | "main" | "article" | "td" | "li");
        let target = if !structural && parent_text.trim() == hit.text.trim() {
            Target::Element(hit.parent.clone())
        } else {
            Target::Text { parent: hit.parent.clone(), index: hit.index, text: hit.text.clone() }
        };
        out.push(Finding::new(target, &SUBSCRIBE_TEXT));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nag_lines_only() {
        assert!(only_nag_lines("\nDiscover more from London Glossy Post\nSubscribe to get the latest posts sent to your email.\n"));
        assert!(!only_nag_lines("Discover more from the archive. We wrote about it before."));
        assert!(!only_nag_lines("Readers can discover more from our reporting below."));
    }
}
