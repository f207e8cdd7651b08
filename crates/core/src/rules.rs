//! WordPress knowledge as data. The single source is `rules/rules.toml`; `build.rs` turns it
//! into the static tables below (with every `@name` list expanded), checked at build time.

use crate::plan::Kind;

/// What every finding carries: the rule (or code detector) that made it.
#[derive(Debug)]
pub struct RuleMeta {
    pub id: &'static str,
    pub kind: Kind,
    pub family: &'static str,
    /// One line, shown to the user.
    pub reason: &'static str,
    /// false: hide exactly the candidate, never its furniture-only ancestors.
    pub climb: bool,
}

/// One selector rule. See the header of `rules/rules.toml` for what each field means.
#[derive(Debug)]
pub struct Rule {
    pub meta: RuleMeta,
    pub select: &'static str,
    pub stylesheet: bool,
    pub evidence: Option<&'static str>,
    pub evidence_text: &'static [&'static str],
    pub max_text: usize,
    pub unless: Option<&'static str>,
    pub unless_has: Option<&'static str>,
    /// The candidate must hold an image linking to another host than the page's (a banner
    /// sold to an advertiser, not the site's own logo). Never confirmed while the host is unknown.
    pub external_link: bool,
}

include!(concat!(env!("OUT_DIR"), "/rules_gen.rs"));

/// The rules that are code, not selector lists (their reasons live here, beside their ids).
pub mod code {
    use super::RuleMeta;
    use crate::plan::Kind;

    pub const SUBSCRIBE_TEXT: RuleMeta = RuleMeta {
        id: "jetpack-subscribe-text",
        kind: Kind::Subscribe,
        family: "jetpack-subscribe-block",
        reason: "Jetpack post-end subscribe lines ('Discover more from ...', 'Subscribe to get the latest posts ...')",
        climb: true,
    };
    pub const LABELLED_SLOT: RuleMeta = RuleMeta {
        id: "labelled-ad-slot",
        kind: Kind::Ad,
        family: "labelled",
        reason: "a slot that holds only an ad label ('Advertisement', 'Anzeige', ...) and an ad",
        climb: true,
    };
    pub const ADVANCED_ADS_PREFIX: RuleMeta = RuleMeta {
        id: "advanced-ads-prefix",
        kind: Kind::Ad,
        family: "advanced-ads",
        reason: "Advanced Ads placement marked with the site's own prefix (PREFIX-target, data-PREFIX-trackid)",
        climb: true,
    };
    pub const AFFILIATE_PROMO: RuleMeta = RuleMeta {
        id: "affiliate-promo",
        kind: Kind::Ad,
        family: "affiliate",
        reason: "affiliate promotion outside the article: a widget that only links to a shop with a partner id (or to a shop such links go to), with its heading",
        climb: true,
    };

    pub const OPT_IN: RuleMeta = RuleMeta {
        id: "opt-in",
        kind: Kind::Subscribe,
        family: "opt-in",
        reason: "an email sign-up box (a newsletter or subscribe form of any provider), with its heading and pitch",
        climb: true,
    };
    pub const SIGNUP_CALL: RuleMeta = RuleMeta {
        id: "signup-call",
        kind: Kind::Subscribe,
        family: "signup-call",
        reason: "a newsletter call without a form of its own (a band, bar or card whose button or link opens the sign-up)",
        climb: true,
    };
    pub const SPONSORED_TEASER: RuleMeta = RuleMeta {
        id: "sponsored-teaser",
        kind: Kind::Ad,
        family: "sponsored-teaser",
        reason:
            "a sponsored teaser: a story card or list of links under a sponsor label ('Sponsored', 'Partner content', 'Sponsored by ...')",
        climb: true,
    };
    pub const AD_SLOT: RuleMeta = RuleMeta {
        id: "ad-slot",
        kind: Kind::Ad,
        family: "ad-slot",
        reason: "an ad slot: an ad label or ad-server markup in a box that holds nothing else",
        climb: true,
    };

    /// Every code rule.
    pub const ALL: &[&RuleMeta] =
        &[&SUBSCRIBE_TEXT, &LABELLED_SLOT, &ADVANCED_ADS_PREFIX, &AFFILIATE_PROMO, &OPT_IN, &SIGNUP_CALL, &AD_SLOT, &SPONSORED_TEASER];
}

/// Every rule's metadata: the selector rules, then the code rules.
pub fn all_meta() -> impl Iterator<Item = &'static RuleMeta> {
    RULES.iter().map(|r| &r.meta).chain(code::ALL.iter().copied())
}

/// A rule's metadata by id.
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    all_meta().find(|m| m.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_across_selector_and_code_rules() {
        let mut ids: Vec<_> = all_meta().map(|m| m.id).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    #[test]
    fn named_lists_are_expanded_everywhere() {
        for r in RULES {
            for s in [Some(r.select), r.evidence, r.unless, r.unless_has].into_iter().flatten() {
                assert!(!s.contains('@'), "{}: unexpanded list in {s}", r.meta.id);
            }
        }
        assert!(lists::GUARD_COMMENT_FORM.starts_with(lists::COMMENT_FORM));
    }
}
