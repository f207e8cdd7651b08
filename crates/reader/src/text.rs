//! Plain text of sanitised article HTML: what a reader would copy out of the page.
//!
//! Block elements become paragraphs separated by one blank line, `<br>` a line break, table
//! cells are separated by a space and rows by a line break; whitespace is collapsed except inside
//! `<pre>`. Images and embeds contribute nothing (their captions do, as paragraphs), nor do ruby
//! annotations (the base text stays).

use dom_query::{Document, NodeRef};

/// Elements that start and end a paragraph.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "li",
    "main",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "iframe",
    "tbody",
    "thead",
    "tfoot",
];

/// Pending separator before the next text.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Gap {
    None,
    Space,
    Line,
    Paragraph,
}

struct Writer {
    out: String,
    gap: Gap,
}

impl Writer {
    fn want(&mut self, g: Gap) {
        if g > self.gap {
            self.gap = g;
        }
    }

    fn flush_gap(&mut self) {
        if !self.out.is_empty() {
            match self.gap {
                Gap::None => {}
                Gap::Space => self.out.push(' '),
                Gap::Line => self.out.push('\n'),
                Gap::Paragraph => self.out.push_str("\n\n"),
            }
        }
        self.gap = Gap::None;
    }

    /// Text outside `<pre>`: whitespace runs collapse to one space.
    fn text(&mut self, t: &str) {
        let mut words = t.split_whitespace().peekable();
        if words.peek().is_none() {
            if !t.is_empty() {
                self.want(Gap::Space);
            }
            return;
        }
        if t.starts_with(char::is_whitespace) {
            self.want(Gap::Space);
        }
        for w in words {
            self.flush_gap();
            self.out.push_str(w);
            self.gap = Gap::Space;
        }
        if !t.ends_with(char::is_whitespace) {
            self.gap = Gap::None;
        }
    }

    /// Text inside `<pre>`: kept as is, line by line.
    fn pre_text(&mut self, t: &str) {
        if t.is_empty() {
            return;
        }
        self.flush_gap();
        self.out.push_str(t);
    }
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    Leave(Gap, bool),
}

/// Characters of a text that are not white space (how much text a block or an article holds).
pub fn letters(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Plain text of an HTML fragment.
pub fn plain_text(html: &str) -> String {
    let doc = Document::fragment(adstrip_html::cap_depth(html).0.as_ref());
    let mut w = Writer { out: String::new(), gap: Gap::None };
    let mut pre_depth = 0usize;
    let mut stack: Vec<Step<'_>> = doc.root().children_it(true).map(Step::Enter).collect();
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Leave(g, is_pre) => {
                if is_pre {
                    pre_depth -= 1;
                }
                w.want(g);
                continue;
            }
            Step::Enter(n) => n,
        };
        if node.is_text() {
            let t = node.text();
            if pre_depth > 0 {
                w.pre_text(&t);
            } else {
                w.text(&t);
            }
            continue;
        }
        let Some(name) = node.node_name() else {
            continue;
        };
        let name = name.to_ascii_lowercase();
        // Ruby annotations (furigana) are a reading aid drawn above their base text; in plain
        // text they would interleave with it ("子こども"), so the text keeps the base only.
        if matches!(name.as_str(), "rt" | "rp") {
            continue;
        }
        let gap = match name.as_str() {
            "br" => {
                w.want(Gap::Line);
                continue;
            }
            "tr" => Gap::Line,
            "td" | "th" => Gap::Space,
            n if BLOCKS.contains(&n) => Gap::Paragraph,
            _ => Gap::None,
        };
        let is_pre = name == "pre";
        if is_pre {
            pre_depth += 1;
        }
        w.want(gap);
        stack.push(Step::Leave(gap, is_pre));
        stack.extend(node.children_it(true).map(Step::Enter));
    }
    // Trailing spaces on lines are noise (from `<pre>` or collapsed markup).
    let lines: Vec<&str> = w.out.lines().map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}
