//! Advanced Ads: its front-end markup carries a prefix made from the site's host name
//! (`journ-target`, `data-journ-trackid`, ids `journ-123...`), so that blockers cannot use
//! one list for every site. The prefix is learned from the page itself (an element with class
//! `P-target` that also carries `data-P-trackid`), or from the host name when it is known.

use crate::detect::selectors::is_or_has;
use crate::dom::Dom;
use crate::plan::{Finding, Target};
use crate::rules::special::ADVANCED_ADS_PREFIX;
use crate::text::meaningful_len;

/// Advanced Ads' ad box is small: more text than this is content, not an ad.
const MAX_TEXT: usize = 40;
/// What a prefixed box holds when it is an ad.
const PAYLOAD: &str = "ins, iframe, amp-ad, script, img, object, embed, [id^='div-gpt-ad']";

pub fn run<D: Dom>(dom: &D, out: &mut Vec<Finding<D::Node>>) {
    let mut prefixes: Vec<String> = Vec::new();
    for node in dom.select(None, "[class*='-target'][class]") {
        let Some(class) = dom.attr(&node, "class") else { continue };
        for token in class.split_whitespace() {
            if let Some(p) = token.strip_suffix("-target") {
                let valid = !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if valid
                    && (dom.attr(&node, &format!("data-{p}-trackid")).is_some()
                        || dom.attr(&node, &format!("data-{p}-trackbid")).is_some())
                    && !prefixes.iter().any(|q| q == p)
                {
                    prefixes.push(p.to_string());
                }
            }
        }
    }
    for p in &prefixes {
        let (rule, kind, reason) = ADVANCED_ADS_PREFIX;
        let selector = format!(".{p}-target, [id^='{p}-'], .{p}-widget");
        for node in dom.select(None, &selector) {
            let text = dom.text(&node);
            if meaningful_len(&text) <= MAX_TEXT && is_or_has(dom, &node, PAYLOAD) {
                out.push(Finding { target: Target::Element(node), kind, rule, reason });
            }
        }
    }
}
