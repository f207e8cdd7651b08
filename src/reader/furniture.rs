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
    "[class*='wp-block-jetpack-subscriptions']",
    "form[id^='subscribe-blog']",
    "form[action*='email-subscriptions']",
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

/// A Jetpack subscribe form inside a block group.
const SUBSCRIBE_FORM: &str =
    "[class*='wp-block-jetpack-subscriptions'], form[id^='subscribe-blog'], form[action*='email-subscriptions']";

/// A block group holding a subscribe form and at most this much other text is the post-end
/// "Discover more from {Site}" / "Subscribe to get the latest posts" footer (whatever the
/// language), and goes as a whole; a larger group is article content that happens to hold a
/// form, and only the form goes.
const MAX_SUBSCRIBE_GROUP_TEXT: usize = 300;

/// Removes every furniture container from `doc`.
pub fn strip(doc: &Document) {
    for group in doc.select(".wp-block-group").iter() {
        let form = group.select(SUBSCRIBE_FORM);
        if !form.exists() {
            continue;
        }
        let total = group.text().chars().count();
        let in_form = form.text().chars().count();
        if total.saturating_sub(in_form) <= MAX_SUBSCRIBE_GROUP_TEXT {
            group.remove();
        }
    }
    for sel in FURNITURE {
        doc.select(sel).remove();
    }
}
