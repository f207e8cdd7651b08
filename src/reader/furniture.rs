//! WordPress furniture removed from the page before extraction.
//!
//! These are the containers of ad slots, subscribe nags and share/related bars that WordPress
//! (WordAds, Jetpack) and common ad plugins put inside or right after the post body. Readability
//! keeps some of them because they sit inside the article container; removing them first keeps
//! them out of both the scoring and the output. Only class/id anchors that never mark article
//! text are listed (see DESIGN.md §3: match the class, not the translated label).

use dom_query::Document;

/// Selectors of furniture containers, one family a line.
const FURNITURE: &[&str] = &[
    // WordAds classic / AMP / Smart / WATL / dynamic slots
    "div.wpcnt",
    "div.wpa",
    "div.wordads-ad-wrapper",
    "div.wordads-tag",
    "div[id^='atatags-']",
    // Jetpack subscribe block, modal, overlay, widget
    ".wp-block-jetpack-subscriptions",
    ".jetpack-subscribe-modal",
    ".jetpack-subscribe-overlay",
    ".widget_blog_subscription",
    ".jetpack_subscription_widget",
    "form[action*='subscribe.wordpress.com']",
    // Jetpack share buttons, likes and related posts
    "div.sharedaddy",
    "div#jp-relatedposts",
    "div.jp-relatedposts",
    // AdSense, Ezoic, Advanced Ads
    "ins.adsbygoogle",
    ".google-auto-placed",
    "[id^='ezoic-pub-ad-placeholder-']",
    ".ezoic-ad",
];

/// Removes every furniture container from `doc`.
pub fn strip(doc: &Document) {
    for sel in FURNITURE {
        doc.select(sel).remove();
    }
}
