//! Which selectors can match at all. The class and id names of the page (or of the view of
//! added nodes), and the values of the few other attributes rules test (a form's `action`, a
//! frame's `src`, ...), are read in one gather; a selector that requires a class, an id or a
//! value the page does not have cannot match, and is never asked of the browser. On most pages
//! most rules name classes the page does not have: a query each cost more than all the rest of
//! the scan.
//!
//! Every test here is wider than the browser's (names compared ASCII case-insensitively, as in
//! quirks mode; anything not understood counts as "may match"), so a skip never loses a match.

use super::selectors::{split_list, top_level};
use crate::dom::Dom;

/// The values of [`ATTRS`] of the elements in view, lower-cased (ASCII), each between two
/// newlines (`\nvalue\n`), one string per attribute.
#[derive(Debug)]
pub struct PageNames {
    values: Vec<String>,
    /// Which class names and ids the page may have: a name whose bit is clear is surely absent
    /// (most names a rule asks for), without a search through the values.
    class_bits: Bits,
    id_bits: Bits,
    /// Whether the names are the whole page's ([`Dom::whole`]), not a view's.
    pub whole: bool,
}

impl Default for PageNames {
    /// No names yet (and so none a selector requires).
    fn default() -> Self {
        PageNames { values: vec!["\n".to_string(); ATTRS.len()], class_bits: Bits::default(), id_bits: Bits::default(), whole: false }
    }
}

/// A set of names as 65,536 bits of their hashes.
#[derive(Debug)]
struct Bits(Vec<u64>);

impl Default for Bits {
    fn default() -> Self {
        Bits(vec![0; 1024])
    }
}

impl Bits {
    fn slot(name: &str) -> (usize, u64) {
        // FNV-1a, folded to 16 bits.
        let h = name.bytes().fold(0x811c_9dc5u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
        let bit = ((h >> 16) ^ h) as usize & 0xFFFF;
        (bit / 64, 1 << (bit % 64))
    }
    fn insert(&mut self, name: &str) {
        let (i, m) = Self::slot(name);
        self.0[i] |= m;
    }
    fn may_hold(&self, name: &str) -> bool {
        let (i, m) = Self::slot(name);
        self.0[i] & m != 0
    }
}

/// The elements whose names are read, and which attributes: `class` and `id` first, then those
/// rules test by value on elements that are few or rarely named (forms, frames, scripts).
pub const NAMED: &str = "[class], [id], [action], [src], [data-src], [itemtype], [name]";
pub const ATTRS: &[&str] = &["class", "id", "action", "src", "data-src", "itemtype", "name"];
const CLASS: usize = 0;
const ID: usize = 1;

/// The class and id of one row of [`ATTRS`] values (what names an element).
pub fn class_and_id(row: &[String]) -> &[String] {
    &row[..row.len().min(2)]
}

impl PageNames {
    pub fn read<D: Dom>(dom: &D) -> Self {
        Self::of(dom, &dom.attr_values(NAMED, ATTRS))
    }

    /// The names of `dom`'s view from the values of [`ATTRS`] it gave.
    pub fn of<D: Dom>(dom: &D, values: &[String]) -> Self {
        PageNames { whole: dom.whole(), ..Self::from_rows(values) }
    }

    /// From the values of [`ATTRS`], one row after another (as [`Dom::attr_values`] reads them).
    pub fn from_rows(values: &[String]) -> Self {
        let mut names = PageNames::default();
        names.add_rows(values);
        names
    }

    /// Adds rows of values of [`ATTRS`] (whole rows: a scan reads them a chunk at a time).
    pub fn add_rows(&mut self, values: &[String]) {
        for row in values.chunks(ATTRS.len()) {
            for (k, value) in row.iter().enumerate() {
                let all = &mut self.values[k];
                let start = all.len();
                all.push_str(value);
                all[start..].make_ascii_lowercase();
                match k {
                    CLASS => all[start..].split_ascii_whitespace().for_each(|c| self.class_bits.insert(c)),
                    ID => self.id_bits.insert(&all[start..]),
                    _ => {}
                }
                all.push('\n');
            }
        }
    }

    /// Whether some selector of `list` may match an element in view: false only when each
    /// one's subject requires a name the page does not have.
    pub fn may_match(&self, list: &str) -> bool {
        ListNeeds::read(list).parts.iter().any(|(_, part)| self.meets(part))
    }

    /// The selectors of one of the rules' lists that may match ([`ListNeeds`], read once per
    /// list and kept).
    pub fn narrow(&self, list: &'static str) -> Narrowed {
        let needs = ListNeeds::of(list);
        let kept: Vec<&str> = needs.parts.iter().filter(|(_, part)| self.meets(part)).map(|(r, _)| &list[r.clone()]).collect();
        match kept.len() {
            0 => Narrowed::Nothing,
            n if n == needs.parts.len() => Narrowed::Whole,
            _ => Narrowed::Parts(kept.join(", ")),
        }
    }

    /// Over the whole page every compound of a selector must match some element; over a view
    /// of added nodes only its subject (the last compound) is sure to be in view.
    fn meets(&self, compounds: &[Option<Vec<Need>>]) -> bool {
        let ok = |c: &Option<Vec<Need>>| c.as_ref().is_none_or(|reqs| reqs.iter().all(|r| self.has(r)));
        match compounds.last() {
            None => true,
            Some(subject) if !self.whole => ok(subject),
            Some(_) => compounds.iter().all(ok),
        }
    }

    fn has(&self, req: &Need) -> bool {
        match req {
            Need::Class(c) | Need::Value { attr: CLASS, op: '~', value: c } if !self.class_bits.may_hold(c) => return false,
            Need::Id(i) | Need::Value { attr: ID, op: '=', value: i } if !self.id_bits.may_hold(i) => return false,
            _ => {}
        }
        let (attr, op, value) = match req {
            Need::Class(c) => (CLASS, '~', c),
            Need::Id(i) => (ID, '=', i),
            Need::Value { attr, op, value } => (*attr, *op, value),
        };
        let Some(values) = self.values.get(attr) else { return true };
        // The value between the newlines that frame each one, as the operator places it; a
        // word of a list (`~`) between white space.
        let (before, after) = match op {
            '=' => ("\n", "\n"),
            '^' | '|' => ("\n", ""),
            '$' => ("", "\n"),
            '~' => {
                let bytes = values.as_bytes();
                return values.match_indices(value.as_str()).any(|(at, _)| {
                    at.checked_sub(1).is_some_and(|b| bytes[b].is_ascii_whitespace())
                        && bytes.get(at + value.len()).is_none_or(u8::is_ascii_whitespace)
                });
            }
            _ => ("", ""),
        };
        values.contains(&[before, value, after].concat())
    }
}

/// What [`PageNames::narrow`] makes of a list: no selector may match, all may, or these may.
#[derive(Debug, PartialEq, Eq)]
pub enum Narrowed {
    Nothing,
    Whole,
    Parts(String),
}

/// A selector list as the names test reads it: each selector (its place in the list) with
/// the needs of its compounds in order, the subject last (`None`: a compound not followed,
/// which may match anything).
#[derive(Debug)]
pub struct ListNeeds {
    parts: Vec<(std::ops::Range<usize>, Compounds)>,
}

/// The needs of a selector's compounds, in order (`None`: not followed).
type Compounds = Vec<Option<Vec<Need>>>;

impl ListNeeds {
    fn read(list: &str) -> Self {
        let parts = split_list(list).into_iter().map(|selector| {
            // (Each selector is a slice of the list: its place is where it starts.)
            let start = selector.as_ptr() as usize - list.as_ptr() as usize;
            let mut compounds = Vec::new();
            let mut at = 0;
            for (i, c) in top_level(selector) {
                if matches!(c, ' ' | '>' | '+' | '~') {
                    compounds.push(requirements(&selector[at..i]));
                    at = i + 1;
                }
            }
            compounds.push(requirements(&selector[at..]));
            (start..start + selector.len(), compounds)
        });
        ListNeeds { parts: parts.collect() }
    }

    /// The needs of one of the rules' lists, read the first time it is asked for (a scan asks
    /// for every list; the pages of a session, and their added nodes, again and again).
    fn of(list: &'static str) -> &'static ListNeeds {
        thread_local! {
            static READ: std::cell::RefCell<Vec<(*const u8, usize, &'static ListNeeds)>> = Default::default();
        }
        // Known by address and length: a `&'static str` is never freed, so no other list ever
        // comes to stand at its address. (A few dozen lists: a look down a vector.)
        READ.with(|read| {
            let mut read = read.borrow_mut();
            if let Some((_, _, needs)) = read.iter().find(|(at, len, _)| *at == list.as_ptr() && *len == list.len()) {
                return *needs;
            }
            let needs: &'static ListNeeds = Box::leak(Box::new(ListNeeds::read(list)));
            read.push((list.as_ptr(), list.len(), needs));
            needs
        })
    }
}

/// What a compound selector requires of an element's names (lower-cased).
#[derive(Debug, PartialEq, Eq)]
enum Need {
    Class(String),
    Id(String),
    /// `[attr op value]` of one of [`ATTRS`] (by index; `op`: `=`, `^`, `$`, `*`, `~`, `|`).
    Value {
        attr: usize,
        op: char,
        value: String,
    },
}

/// The names a compound selector's own simple selectors require (none inside `:not()`,
/// `:has()` and the like); `None` when it holds anything this reading does not follow (an
/// escape).
fn requirements(compound: &str) -> Option<Vec<Need>> {
    if compound.contains('\\') {
        return None;
    }
    let ident = |from: usize| {
        let rest = &compound[from..];
        let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_' || !c.is_ascii())).unwrap_or(rest.len());
        rest[..end].to_ascii_lowercase()
    };
    let mut needs = Vec::new();
    for (i, c) in top_level(compound) {
        match c {
            '.' => needs.push(Need::Class(ident(i + 1))),
            '#' => needs.push(Need::Id(ident(i + 1))),
            '[' => {
                let end = compound[i..].find(']').map(|e| i + e)?;
                needs.extend(attribute(&compound[i + 1..end]));
            }
            _ => {}
        }
    }
    // An empty name (a stray "." or "#") is not followed.
    if needs.iter().any(|n| matches!(n, Need::Class(s) | Need::Id(s) if s.is_empty())) {
        return None;
    }
    Some(needs)
}

/// The need of an attribute selector's inside (`class*='ad' i`), when it tests the value of one
/// of [`ATTRS`]; an attribute's mere presence, or a value with a quote inside, needs nothing.
fn attribute(inside: &str) -> Option<Need> {
    let op_at = inside.find(['=', '^', '$', '*', '~', '|'])?;
    let name = inside[..op_at].trim().to_ascii_lowercase();
    let attr = ATTRS.iter().position(|a| *a == name)?;
    let op = inside[op_at..].chars().next()?;
    let rest = inside[op_at..].trim_start_matches(['^', '$', '*', '~', '|']).strip_prefix('=')?.trim();
    let value = match rest.chars().next()? {
        q @ ('\'' | '"') => {
            let body = &rest[1..];
            &body[..body.find(q)?]
        }
        _ => rest.split_whitespace().next()?,
    };
    (!value.is_empty()).then(|| Need::Value { attr, op, value: value.to_ascii_lowercase() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(rows: &[(&str, &str)]) -> PageNames {
        let row = |c: &str, i: &str| [c, i, "", "", "", "", ""].map(str::to_string);
        PageNames::from_rows(&rows.iter().flat_map(|(c, i)| row(c, i)).collect::<Vec<_>>())
    }

    #[test]
    fn a_selector_naming_what_the_page_lacks_cannot_match() {
        let page = names(&[("entry-content widget_text", ""), ("", "div-gpt-ad-123"), ("AdBanner top", "Main")]);
        for yes in [
            ".widget_text",
            "div.entry-content",
            "#main",
            "[id^='div-gpt-ad']",
            "[class*='banner' i]",
            "[class~='top']",
            "[class$='top']",
            "[class='adbanner top']",
            ".nope, .adbanner",
            "aside .widget_text",
            "form",
            "div.entry-content:has(> ins.adsbygoogle)",
            ".wpa:not(.x) ~ .entry-content",
            "*",
            "[data-ad]",
            ".esc\\:aped",
            "[class]",
        ] {
            assert!(page.may_match(yes), "{yes}");
        }
        for no in [
            ".wpcnt",
            "div.wpa, div.wpcnt",
            "#respond",
            "[id^='google_ads_iframe']",
            "[class*='newsletter' i]",
            "[class~='banner']",
            "div.entry-content.missing",
            ".entry-content .wpa",
            "div.code-block:has(> ins.adsbygoogle)",
            "form[action*='list-manage.com']",
            "iframe[src*='doubleclick.net']",
        ] {
            assert!(!page.may_match(no), "{no}");
        }
    }

    #[test]
    fn over_the_whole_page_every_compound_must_find_its_names() {
        let mut page = names(&[("entry-content", ""), ("widget", "")]);
        for (selector, whole, view) in [
            (".wpa > a", false, true),
            (".entry-content > p", true, true),
            (".widget .wpa", false, false),
            (".wpa ~ .widget", false, true),
            ("a[href*='x y'] img", true, true),
            (".wpa:not(.x) + div", false, true),
        ] {
            page.whole = true;
            assert_eq!(page.may_match(selector), whole, "{selector} over the whole page");
            page.whole = false;
            assert_eq!(page.may_match(selector), view, "{selector} over a view");
        }
    }

    #[test]
    fn a_list_narrows_to_the_selectors_that_may_match() {
        let page = names(&[("widget_text", "main")]);
        assert_eq!(
            page.narrow(".wpcnt, form[method='post'], .widget_text, #nope"),
            Narrowed::Parts("form[method='post'], .widget_text".into())
        );
        assert_eq!(page.narrow(".wpcnt, #nope"), Narrowed::Nothing);
        assert_eq!(page.narrow("#main, .widget_text"), Narrowed::Whole);
        // A list is read once: asked again (or over other names), the same answer.
        assert_eq!(page.narrow(".wpcnt, #nope"), Narrowed::Nothing);
        assert_eq!(names(&[("wpcnt", "")]).narrow(".wpcnt, #nope"), Narrowed::Parts(".wpcnt".into()));
    }

    #[test]
    fn attribute_tests_read_quotes_flags_and_operators() {
        assert_eq!(attribute("class*='ad' i"), Some(Need::Value { attr: CLASS, op: '*', value: "ad".into() }));
        assert_eq!(attribute("id^=\"div-gpt\""), Some(Need::Value { attr: ID, op: '^', value: "div-gpt".into() }));
        assert_eq!(attribute("id=main"), Some(Need::Value { attr: ID, op: '=', value: "main".into() }));
        assert_eq!(attribute("action*='List-Manage.com'"), Some(Need::Value { attr: 2, op: '*', value: "list-manage.com".into() }));
        assert_eq!(attribute("data-x='1'"), None);
        // A form's action and a frame's source are read as well.
        let row = ["", "", "https://X.us1.list-manage.com/subscribe/post", "", "", "", ""].map(str::to_string);
        let page = PageNames::from_rows(&row);
        assert!(page.may_match("form[action*='list-manage.com']"));
        assert!(!page.may_match("form[action*='mailerlite.com'], iframe[src*='doubleclick.net']"));
        assert_eq!(attribute("class"), None);
    }
}
