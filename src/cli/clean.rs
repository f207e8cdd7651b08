//! `adstrip clean FILE|- [--mark]`

use crate::css::MARKER;
use crate::detect::scan;
use crate::html::HtmlPage;
use crate::plan::Target;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// The page without its findings, or with them marked (text runs wrapped in a marked span).
pub fn clean(html: &str, mark: bool) -> String {
    let page = HtmlPage::parse(html);
    let dom = page.dom();
    let plan = scan(&dom);
    // Resolve text runs to their nodes before anything moves.
    let mut texts = Vec::new();
    let mut elements = Vec::new();
    for f in &plan.findings {
        match &f.target {
            Target::Element(n) => elements.push((*n, f.marker())),
            Target::Text { parent, index, .. } => {
                if let Some(t) = parent.children().get(*index).copied().filter(|t| t.is_text()) {
                    texts.push((t, f.marker()));
                }
            }
        }
    }
    for (t, marker) in texts {
        if mark {
            let content = t.text().to_string();
            t.replace_with_html(format!("<span {MARKER}=\"{marker}\">{}</span>", escape(&content)));
        } else {
            t.remove_from_parent();
        }
    }
    for (n, marker) in elements {
        if mark {
            n.set_attr(MARKER, &marker);
        } else {
            n.remove_from_parent();
        }
    }
    page.document().html().to_string()
}

pub fn run(args: &[String]) -> i32 {
    let mut mark = false;
    let mut file = None;
    for a in args {
        match a.as_str() {
            "--mark" => mark = true,
            s if file.is_none() && (s == "-" || !s.starts_with('-')) => file = Some(s.to_string()),
            s => {
                eprintln!("adstrip: clean: unexpected argument '{s}' (usage: adstrip clean FILE|- [--mark])");
                return 2;
            }
        }
    }
    let Some(file) = file else {
        eprintln!("adstrip: clean: no input (usage: adstrip clean FILE|- [--mark])");
        return 2;
    };
    match super::input::read_page(&file) {
        Ok(html) => super::out(&format!("{}\n", clean(&html, mark))),
        Err(e) => {
            eprintln!("adstrip: {e}");
            2
        }
    }
}
