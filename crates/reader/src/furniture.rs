//! WordPress furniture removed from the page before extraction.
//!
//! These are the containers of ad slots, subscribe nags and share/related bars that WordPress
//! (WordAds, Jetpack) and common ad plugins put inside or right after the post body. Readability
//! keeps some of them because they sit inside the article container; removing them first keeps
//! them out of both the scoring and the output. Only class/id anchors that never mark article
//! text are listed (match the class, not the translated label). The lists are `[reader]` in
//! `rules/rules.toml`: a block group holding a subscribe form and at most
//! `MAX_SUBSCRIBE_GROUP_TEXT` of other text is the post-end "Discover more from {Site}" footer
//! (whatever the language) and goes whole; a larger group is article content that happens to
//! hold a form, and only the form goes.

use adstrip_core::rules::reader::{FURNITURE, MAX_SUBSCRIBE_GROUP_TEXT, SUBSCRIBE_FORM};
use dom_query::Document;

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
