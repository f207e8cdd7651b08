//! Advanced Ads: its front-end markup carries a prefix made from the site's host name
//! (`journ-target`, `data-journ-trackid`, ids `journ-123...`), so that blockers cannot use
//! one list for every site. The prefix is learned from the page itself (an element with class
//! `P-target` that also carries `data-P-trackid`), or from the host name when it is known.

use super::{Context, Detector, Precheck};
use crate::dom::Dom;
use crate::plan::Finding;
use crate::rules::{code::ADVANCED_ADS_PREFIX, lists::ADVANCED_ADS_PAYLOAD as PAYLOAD};
use crate::text::meaningful_len;

/// Advanced Ads' ad box is small: more text than this is content, not an ad.
const MAX_TEXT: usize = 40;
/// An ad the plugin tracks (`data-P-trackid`: only its ads carry it) may show a banner's
/// caption or a text ad's line or two.
const MAX_TRACKED_TEXT: usize = 200;

/// [`host_prefix`] as a regular expression (its first match in the host), for the extension's
/// pre-check.
pub const ADVANCED_ADS_PREFIX_RE: &str = "[A-Za-z][A-Za-z0-9_]{4}";

/// The prefix Advanced Ads derives from a host name: the first run of a letter and four more
/// letters, digits or underscores (`www.report24.news` gives `repor`).
pub fn host_prefix(host: &str) -> Option<String> {
    let b = host.as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    (0..b.len().saturating_sub(4))
        .find(|&i| b[i].is_ascii_alphabetic() && b[i..i + 5].iter().all(|c| word(*c)))
        .map(|i| host[i..i + 5].to_string())
}

/// A placeholder's id: the prefix, a dash and a long number or hash that the ad script fills.
fn placeholder_id(id: &str, prefix: &str) -> bool {
    id.strip_prefix(prefix).and_then(|r| r.strip_prefix('-')).is_some_and(|r| r.len() >= 6 && r.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Advanced Ads' site-prefixed placements.
pub struct AdvancedAds;

impl<D: Dom> Detector<D> for AdvancedAds {
    fn name(&self) -> &'static str {
        "Advanced Ads prefix"
    }

    fn run(&self, cx: &Context<'_, D>, _: usize, out: &mut Vec<Finding<D::Node>>) {
        if cx.opts.ads {
            find(cx.dom, cx.host, out);
        }
    }

    /// A learned prefix sits on `P-target`; the host's prefix on `P-...` classes and ids.
    fn precheck(&self) -> Vec<Precheck> {
        vec![Precheck::Selector("[class*='-target']".into()), Precheck::HostPrefix]
    }
}

fn find<D: Dom>(dom: &D, host: Option<&str>, out: &mut Vec<Finding<D::Node>>) {
    let mut prefixes: Vec<String> = Vec::new();
    if let Some(p) = host.and_then(host_prefix) {
        prefixes.push(p);
    }
    for node in dom.select(None, "[class*='-target'][class]") {
        let Some(class) = dom.attr(&node, "class") else { continue };
        for token in class.split_whitespace() {
            if let Some(p) = token.strip_suffix("-target") {
                let valid = !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
                if valid && tracked(dom, &node, p) && !prefixes.iter().any(|q| q == p) {
                    prefixes.push(p.to_string());
                }
            }
        }
    }
    for p in &prefixes {
        let selector = format!(".{p}-target, [id^='{p}-'], .{p}-widget");
        for node in dom.select(None, &selector) {
            let text = dom.text(&node);
            let placeholder = dom.attr(&node, "id").is_some_and(|id| placeholder_id(&id, p)) && dom.children(&node).is_empty();
            let max_text = if tracked(dom, &node, p) { MAX_TRACKED_TEXT } else { MAX_TEXT };
            if meaningful_len(&text) <= max_text && (placeholder || dom.is_or_has(&node, PAYLOAD)) {
                out.push(Finding::element_of(node, &ADVANCED_ADS_PREFIX));
            }
        }
    }
}

/// Whether the plugin tracks the element as an ad of prefix `p` (`data-P-trackid` or
/// `data-P-trackbid`).
fn tracked<D: Dom>(dom: &D, node: &D::Node, p: &str) -> bool {
    dom.attr(node, &format!("data-{p}-trackid")).is_some() || dom.attr(node, &format!("data-{p}-trackbid")).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_from_host_like_advanced_ads() {
        assert_eq!(host_prefix("www.report24.news").as_deref(), Some("repor"));
        assert_eq!(host_prefix("journalistenwatch.com").as_deref(), Some("journ"));
        assert_eq!(host_prefix("www.confidencial.com.ni").as_deref(), Some("confi"));
        assert_eq!(host_prefix("a.b.c"), None);
        assert!(placeholder_id("repor-ed2d6ae0e09ff0c86af9b79a37f62483", "repor"));
        assert!(!placeholder_id("repor-menu", "repor"));
    }
}
