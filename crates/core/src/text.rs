//! Text helpers shared by detectors: label normalisation and how much real text a block holds.

use crate::rules::AD_LABELS;

/// The lower-case letter of `c` in the scripts adstrip's vocabulary is written in (Latin with its
/// extensions, Greek, Cyrillic, Armenian), else `c` itself: always `c` or its one-letter
/// `char::to_lowercase`. The standard conversion carries Unicode's whole case tables, about a
/// quarter of the always-on wasm's data; the words this core compares are in these scripts or in
/// scripts without case.
pub fn lower_char(c: char) -> char {
    let u = c as u32;
    let to = |v: u32| char::from_u32(v).unwrap_or(c);
    let even_up = |lo: u32, hi: u32| (lo..=hi).contains(&u) && (u - lo) % 2 == 0;
    match u {
        0x41..=0x5A => to(u + 32),
        0..=0x7F => c,
        0xC0..=0xDE if u != 0xD7 => to(u + 32),
        0x178 => 'ÿ',
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => to(u + 1),
        0x386 => 'ά',
        0x388..=0x38A => to(u + 37),
        0x38C => 'ό',
        0x38E..=0x38F => to(u + 63),
        0x391..=0x3AB if u != 0x3A2 => to(u + 32),
        0x400..=0x40F => to(u + 80),
        0x410..=0x42F => to(u + 32),
        0x4C0 => 'ӏ',
        0x4C1..=0x4CE if u % 2 == 1 => to(u + 1),
        0x531..=0x556 => to(u + 48),
        0x1E9E => 'ß',
        _ if u != 0x130
            && (even_up(0x100, 0x12F)
                || even_up(0x132, 0x137)
                || even_up(0x14A, 0x177)
                || even_up(0x200, 0x21F)
                || even_up(0x222, 0x233)
                || even_up(0x3D8, 0x3EF)
                || even_up(0x460, 0x481)
                || even_up(0x48A, 0x4BF)
                || even_up(0x4D0, 0x52F)
                || even_up(0x1E00, 0x1E95)
                || even_up(0x1EA0, 0x1EFF)) =>
        {
            to(u + 1)
        }
        _ => c,
    }
}

/// `s` lower-cased letter by letter ([`lower_char`]): the one lower-casing of the detectors.
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower_char).collect()
}

/// Whether `text` holds one of `words` (as `str::contains` of each would say), in one pass: at
/// each position only the words that start with its byte are compared (a chain per first byte,
/// built on the stack for each call). The detectors ask this of every box they measure, with
/// word lists of up to a hundred entries in twenty languages.
pub fn contains_any(text: &str, words: &[&str]) -> bool {
    /// Longer lists (none today) take the plain way; word indices fit a byte below `END`.
    const CHAINED: usize = 255;
    const END: u8 = u8::MAX;
    if words.len() > CHAINED {
        return words.iter().any(|w| text.contains(w));
    }
    // head[b]: the first word starting with byte b; next[i]: the next word with the same byte.
    let mut head = [END; 256];
    let mut next = [END; CHAINED];
    for (i, w) in words.iter().enumerate().rev() {
        let Some(&b) = w.as_bytes().first() else { return true };
        next[i] = head[b as usize];
        head[b as usize] = i as u8;
    }
    let bytes = text.as_bytes();
    (0..bytes.len()).any(|at| {
        let mut i = head[bytes[at] as usize];
        while i != END {
            if bytes[at..].starts_with(words[i as usize].as_bytes()) {
                return true;
            }
            i = next[i as usize];
        }
        false
    })
}

/// Trim, lower-case, collapse white space and strip decoration around a label
/// ("- Advertisement -", "ANZEIGE:", "Ads by ·").
pub fn normalise_label(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    lower(collapsed.trim_matches(|c: char| c.is_whitespace() || "-–—·•.:|()[]*".contains(c)))
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

/// How many characters of `s` are [`counted`] (not white space, not a separator): ASCII by a
/// byte test, the rest as chars.
pub fn count_counted(s: &str) -> usize {
    let ascii_counted = |b: u8| !matches!(b, b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | b' ' | b'-' | b'.' | b':' | b'|');
    if s.is_ascii() {
        return s.bytes().filter(|&b| ascii_counted(b)).count();
    }
    s.chars().filter(|&c| if c.is_ascii() { ascii_counted(c as u8) } else { counted(c) }).count()
}

/// Characters that [`normalise_label`] keeps wherever they stand (not white space, not the
/// decoration it trims).
fn label_char(c: char) -> bool {
    !c.is_whitespace() && !"-–—·•.:|()[]*".contains(c)
}

/// Whether `s` may be an ad label ([`is_ad_label`]): its normalised form keeps every
/// [`label_char`] (lower-casing maps a character to one character), so a text with more of
/// them than the longest label has is none.
fn may_be_label(s: &str) -> bool {
    static LONGEST: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    let longest = *LONGEST.get_or_init(|| AD_LABELS.iter().map(|l| l.chars().filter(|&c| label_char(c)).count()).max().unwrap_or(0));
    s.chars().filter(|&c| label_char(c)).nth(longest).is_none()
}

/// Characters of real text in a block: non-white-space characters once ad labels are removed.
/// An ad slot's "Advertisement" label does not make it content.
pub fn meaningful_len(text: &str) -> usize {
    if text.len() > LABEL_SCAN_LIMIT {
        return count_counted(text);
    }
    if may_be_label(text) && is_ad_label(text) {
        return 0;
    }
    // Most texts hold no label: one pass says so, without a lower-cased copy of an ASCII text.
    if !holds_a_label(text) {
        return count_counted(text);
    }
    let mut low = lower(text);
    let labels = strippable_labels();
    let present = labels_in(&low);
    // Each label in turn, longest first. A label that was not in the text can appear only
    // across the space a removal left: only those with a space are looked for again then.
    let mut removed = false;
    for (i, label) in labels.labels.iter().enumerate() {
        if (present[i] || removed && label.contains(' ')) && low.contains(label) {
            low = low.replace(label, " ");
            removed = true;
        }
    }
    count_counted(&low)
}

/// Whether `text`, lower-cased, holds a strippable label (as [`labels_in`] would find one), in
/// one pass without a lower-cased copy: an ASCII text is compared byte by byte ignoring case,
/// another character by character through [`lower_char`] (which maps each character to one,
/// so the positions are those of the copy).
fn holds_a_label(text: &str) -> bool {
    let s = strippable_labels();
    if text.is_ascii() {
        let bytes = text.as_bytes();
        return (0..bytes.len()).any(|i| {
            let rest = &bytes[i..];
            s.by_first_byte[bytes[i].to_ascii_lowercase() as usize].iter().any(|&k| {
                let label = s.labels[k].as_bytes();
                rest.len() >= label.len() && rest[..label.len()].eq_ignore_ascii_case(label)
            })
        });
    }
    text.char_indices().any(|(i, c)| {
        let mut first = [0u8; 4];
        lower_char(c).encode_utf8(&mut first);
        s.by_first_byte[first[0] as usize].iter().any(|&k| {
            let mut rest = text[i..].chars().map(lower_char);
            s.labels[k].chars().all(|l| rest.next() == Some(l))
        })
    })
}

/// The labels [`meaningful_len`] strips, longest first, and which of them start with
/// each byte (one pass over a text finds which it holds, where a search per label costs a
/// pass each: the core's hottest loop, over every box it measures).
struct Strippable {
    labels: Vec<&'static str>,
    by_first_byte: Vec<Vec<usize>>,
}

fn strippable_labels() -> &'static Strippable {
    static LABELS: std::sync::OnceLock<Strippable> = std::sync::OnceLock::new();
    LABELS.get_or_init(|| {
        // Longest first: a label inside a longer one ("advertisement" in "this advertisement has
        // not loaded yet, ...") must not break the longer one up before it is removed whole.
        let mut labels: Vec<&'static str> = AD_LABELS.iter().copied().filter(|l| strippable(l)).collect();
        labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
        let mut by_first_byte = vec![Vec::new(); 256];
        for (i, l) in labels.iter().enumerate() {
            by_first_byte[l.as_bytes()[0] as usize].push(i);
        }
        Strippable { labels, by_first_byte }
    })
}

/// Which strippable labels occur in `low` (by index), in one pass. A label starts with a
/// character's first byte, so it is only ever found at a character boundary.
fn labels_in(low: &str) -> Vec<bool> {
    let s = strippable_labels();
    let mut present = vec![false; s.labels.len()];
    let bytes = low.as_bytes();
    for i in 0..bytes.len() {
        for &k in &s.by_first_byte[bytes[i] as usize] {
            if !present[k] && bytes[i..].starts_with(s.labels[k].as_bytes()) {
                present[k] = true;
            }
        }
    }
    present
}

/// The first `n` characters of the collapsed text.
pub fn excerpt(text: &str, n: usize) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed.chars().take(n).collect()
}

/// The words of a class or id name, lower-cased: split at dashes, underscores and
/// lower-to-upper case steps ("adBanner" is "ad", "banner"; "sidebar-werbung" is "sidebar",
/// "werbung"), never inside a word ("header" stays one word).
pub fn name_words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    any_name_word(name, |w| {
        words.push(w.to_string());
        false
    });
    words
}

/// Whether `f` says true of one of the words of a class or id name ([`name_words`]), in
/// order; one buffer for all the words (a scan asks this of every name on the page).
pub fn any_name_word(name: &str, mut f: impl FnMut(&str) -> bool) -> bool {
    let mut word = String::new();
    for part in name.split(['-', '_']) {
        word.clear();
        let mut prev_lower = false;
        for c in part.chars() {
            if c.is_uppercase() && prev_lower && !word.is_empty() {
                if f(&word) {
                    return true;
                }
                word.clear();
            }
            prev_lower = c.is_lowercase();
            word.push(lower_char(c));
        }
        if !word.is_empty() && f(&word) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`meaningful_len`] as written first: a search and a replace per label, in order.
    fn meaningful_len_by_search(text: &str) -> usize {
        if text.len() > LABEL_SCAN_LIMIT {
            return text.chars().filter(|c| counted(*c)).count();
        }
        if is_ad_label(text) {
            return 0;
        }
        let mut low = lower(text);
        let mut labels: Vec<&str> = AD_LABELS.iter().copied().filter(|l| strippable(l)).collect();
        labels.sort_by_key(|l| std::cmp::Reverse(l.len()));
        for label in labels {
            if low.contains(label) {
                low = low.replace(label, " ");
            }
        }
        low.chars().filter(|c| counted(*c)).count()
    }

    #[test]
    fn contains_any_says_what_a_search_per_word_says() {
        let words = ["newsletter", "inbox", "boletín", "рассылка", "e-mail list", "ニュースレター"];
        for text in [
            "",
            "sign up for our newsletter",
            "straight to your inbox!",
            "Suscríbete al boletín",
            "подпишитесь на рассылку",
            "ニュースレターに登録",
            "news letter",
            "inbo",
            "the e-mail lis",
            "ín",
        ] {
            assert_eq!(contains_any(text, &words), words.iter().any(|w| text.contains(w)), "{text:?}");
        }
        // Words that share their first byte are each compared (one chain per byte).
        let chained = ["nope", "newsletter", "nouvelles", "n", "ニュース", "ニュースレター"];
        for text in ["a newsletter", "no", "les nouvelles", "ニュースレター登録", "plain", "ニ"] {
            assert_eq!(contains_any(text, &chained), chained.iter().any(|w| text.contains(w)), "{text:?}");
        }
        // A list longer than a chain can index still answers the same.
        let many: Vec<String> = (0..300).map(|i| format!("w{i}x")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(contains_any("a w299x b", &many) && contains_any("w0x", &many) && !contains_any("w300x", &many));
        assert!(contains_any("anything", &["x", ""]));
        assert!(!contains_any("anything", &[]));
    }

    #[test]
    fn meaningful_len_finds_the_labels_in_one_pass_as_a_search_per_label_would() {
        let labels: Vec<&str> = AD_LABELS.iter().copied().filter(|l| strippable(l)).collect();
        let mut texts: Vec<String> = vec![
            String::new(),
            "Plain article text with no label at all.".into(),
            "Advertisement".into(),
            "ADVERTISEMENT - story continues below".into(),
            "Anzeige Werbung Publicité ΔΙΑΦΉΜΙΣΗ реклама text".into(),
            "- - - - - - - - - - - - - - - - - - - - - - - - - - - - - - Advertisement - - - - - - - - -".into(),
            "A\u{a0}text with non-breaking\u{2003}spaces — and dashes – here: 1.5 | ok".into(),
            "Über die Änderung: ANZEIGE hier, WERBUNG dort, und Schluss.".into(),
            "Sponsored Content Sponsored Content Sponsored Content Sponsored Content Sponsored Content".into(),
        ];
        // Every ad label as a whole text, however written, counts nothing.
        for l in AD_LABELS {
            texts.push((*l).to_string());
            texts.push(format!("  \n– {} –\n", l.to_uppercase()));
        }
        // Every label alone, in running text, glued to its neighbours, twice, and every pair
        // glued (a removal leaves a space where a label with a space could then appear).
        for (i, a) in labels.iter().enumerate() {
            texts.push(format!("Before {a} after"));
            texts.push(format!("x{a}y{a}z"));
            texts.push(a.to_uppercase());
            // Decorated and spaced out, as slots print them: still only a label.
            texts.push(format!(" -—- {} ·:· \u{a0}\n\t", a.to_uppercase()));
            texts.push(format!("[( {a} )] *|*"));
            texts.push(format!("{a} {a}"));
            let b = labels[(i * 7 + 3) % labels.len()];
            texts.push(format!("{a}{b} {b}{a}"));
            if let Some((head, tail)) = b.split_once(' ') {
                texts.push(format!("{head}{a}{tail}"));
            }
        }
        for t in &texts {
            assert_eq!(meaningful_len(t), meaningful_len_by_search(t), "{t:?}");
        }
    }

    #[test]
    fn lower_char_is_the_standard_lower_case_or_the_letter_itself() {
        let mut lowered = 0;
        for c in (0..0x3_0000).filter_map(char::from_u32) {
            let ours = lower_char(c);
            let std: Vec<char> = c.to_lowercase().collect();
            assert!(ours == c || std == [ours], "{c:?} ({:#x}) -> {ours:?}, std {std:?}", c as u32);
            lowered += usize::from(ours != c);
        }
        // Latin (with Vietnamese and Romanian), Greek, Cyrillic and Armenian capitals are all lowered.
        for (up, low) in [("PUBLICITÉ", "publicité"), ("ΔΙΑΦΉΜΙΣΗ", "διαφήμιση"), ("РЕКЛАМА", "реклама"), ("ҐЄЇ", "ґєї")]
        {
            assert_eq!(lower(up), low);
        }
        for (up, low) in [("QUẢNG CÁO", "quảng cáo"), ("REKLĀMA", "reklāma"), ("REKLAMĄ", "reklamą"), ("ȘTIRI", "știri"), ("ŻÓŁW", "żółw")]
        {
            assert_eq!(lower(up), low);
        }
        assert!(lowered >= 490, "{lowered}");
        // Every capital of those scripts that lower-cases to one letter is covered.
        for c in ('\u{41}'..='\u{24F}').chain('\u{370}'..='\u{3FF}').chain('\u{400}'..='\u{52F}').chain('\u{1E00}'..='\u{1EFF}') {
            let std: Vec<char> = c.to_lowercase().collect();
            if std.len() == 1
                && std[0] != c
                && c != '\u{220}'
                && !('\u{180}'..='\u{1FF}').contains(&c)
                && !('\u{234}'..='\u{24F}').contains(&c)
                && !('\u{370}'..='\u{385}').contains(&c)
                && !('\u{3CF}'..='\u{3D7}').contains(&c)
                && !('\u{3F0}'..='\u{3FF}').contains(&c)
            {
                assert_eq!(lower_char(c), std[0], "{c:?} ({:#x})", c as u32);
            }
        }
    }

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
        assert_eq!(meaningful_len("Advertisements Hello"), 5, "the longer label strips whole");
        assert_eq!(
            meaningful_len("Advertisement This advertisement has not loaded yet, but your article continues below."),
            0,
            "a label inside a longer one leaves the longer one whole"
        );
        let huge = "Advertisement ".repeat(10_000);
        assert_eq!(meaningful_len(&huge), 130_000, "past the limit every character counts");
    }
}
