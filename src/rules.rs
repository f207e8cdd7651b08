//! WordPress knowledge as data. The single source is `rules/rules.toml`; `build.rs` turns it
//! into the static tables below, checked at build time.

use crate::plan::Kind;

/// One detection rule. See the header of `rules/rules.toml` for what each field means.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub kind: Kind,
    pub family: &'static str,
    pub reason: &'static str,
    pub select: &'static str,
    pub stylesheet: bool,
    pub evidence: Option<&'static str>,
    pub evidence_text: &'static [&'static str],
    pub max_text: usize,
    pub climb: bool,
    pub unless: Option<&'static str>,
    pub unless_has: Option<&'static str>,
    /// The candidate must hold an image linking to another host than the page's (a banner
    /// sold to an advertiser, not the site's own logo). Never confirmed while the host is unknown.
    pub external_link: bool,
}

include!(concat!(env!("OUT_DIR"), "/rules_gen.rs"));

/// Rules that are not selector lists but code (their reasons live here, beside their ids).
pub mod special {
    use crate::plan::Kind;
    pub const SUBSCRIBE_TEXT: (&str, Kind, &str) = (
        "jetpack-subscribe-text",
        Kind::Subscribe,
        "Jetpack post-end subscribe lines ('Discover more from ...', 'Subscribe to get the latest posts ...')",
    );
    pub const LABELLED_SLOT: (&str, Kind, &str) = (
        "labelled-ad-slot",
        Kind::Ad,
        "a slot that holds only an ad label ('Advertisement', 'Anzeige', ...) and an ad",
    );
    pub const ADVANCED_ADS_PREFIX: (&str, Kind, &str) = (
        "advanced-ads-prefix",
        Kind::Ad,
        "Advanced Ads placement marked with the site's own prefix (PREFIX-target, data-PREFIX-trackid)",
    );
    pub const AFFILIATE_PROMO: (&str, Kind, &str) = (
        "affiliate-promo",
        Kind::Ad,
        "affiliate promotion outside the article: a widget that only links to a shop with a partner id (or to a shop such links go to), with its heading",
    );
}

pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}
