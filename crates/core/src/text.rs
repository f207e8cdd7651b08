//! Text helpers shared by detectors: label normalisation and how much real text a block holds.

use crate::rules::AD_LABELS;

/// Trim, lower-case, collapse white space and strip decoration around a label
/// ("- Advertisement -", "ANZEIGE:", "Ads by ·").
pub fn normalise_label(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.trim_matches(|c: char| c.is_whitespace() || "-–—·•.:|()[]*".contains(c)).to_lowercase()
}

/// Whether a piece of text is an ad label and nothing else.
pub fn is_ad_label(s: &str) -> bool {
    let n = normalise_label(s);
    !n.is_empty() && AD_LABELS.contains(&n.as_str())
}

/// Labels long enough to strip from inside a block's text without eating ordinary words.
fn strippable(label: &str) -> bool {
    label.chars().count() >= 6
}

/// Past this many bytes a block is content whatever labels it holds: its length is counted
/// without looking for labels (a 20 MB text node must not cost 25 passes over a lower-cased copy).
const LABEL_SCAN_LIMIT: usize = 64 * 1024;

fn counted(c: char) -> bool {
    !c.is_whitespace() && !"-–—·•.:|".contains(c)
}

/// Characters of real text in a block: non-white-space characters once ad labels are removed.
/// An ad slot's "Advertisement" label does not make it content.
pub fn meaningful_len(text: &str) -> usize {
    if text.len() > LABEL_SCAN_LIMIT {
        return text.chars().filter(|c| counted(*c)).count();
    }
    if is_ad_label(text) {
        return 0;
    }
    let mut lower = text.to_lowercase();
    for label in AD_LABELS.iter().filter(|l| strippable(l)) {
        if lower.contains(label) {
            lower = lower.replace(label, " ");
        }
    }
    lower.chars().filter(|c| counted(*c)).count()
}

/// The first `n` characters of the collapsed text.
pub fn excerpt(text: &str, n: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.chars().take(n).collect()
}

/// The words of a class or id name, lower-cased: split at dashes, underscores and
/// lower-to-upper case steps ("adBanner" is "ad", "banner"; "sidebar-werbung" is "sidebar",
/// "werbung"), never inside a word ("header" stays one word).
pub fn name_words(name: &str) -> impl Iterator<Item = String> + '_ {
    name.split(['-', '_']).flat_map(|part| {
        let mut words = Vec::new();
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase();
            cur.extend(c.to_lowercase());
        }
        if !cur.is_empty() {
            words.push(cur);
        }
        words
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_recognised_with_decoration() {
        assert!(is_ad_label("Advertisements"));
        assert!(is_ad_label("  - Advertisement -  "));
        assert!(is_ad_label("ANZEIGE"));
        assert!(!is_ad_label("ANZEIGEN"));
        assert!(!is_ad_label("Advertising rates for our print edition"));
    }

    #[test]
    fn meaningful_length_ignores_labels_but_not_words() {
        assert_eq!(meaningful_len("Advertisement"), 0);
        assert_eq!(meaningful_len(" ANZEIGE \n "), 0);
        assert_eq!(meaningful_len("Werbung Hallo"), 5);
        assert_eq!(meaningful_len("read the thread"), 13);
        assert_eq!(meaningful_len("Advertisements Hello"), 6, "overlapping labels strip once");
        let huge = "Advertisement ".repeat(10_000);
        assert_eq!(meaningful_len(&huge), 130_000, "past the limit every character counts");
    }
}
