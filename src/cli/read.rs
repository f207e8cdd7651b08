//! `adstrip read FILE|- [--url URL] [--json]`: reader mode on the command line.
//!
//! Prints the article as text (title, blank line, paragraphs) or, with `--json`, one JSON
//! object. Input that cannot be a page (unreadable, binary, over the size limit) or a page
//! without an article gives one `adstrip: ...` line on stderr and exit status 2.

use super::input::{self, CliError};
use adstrip_reader::{self as reader, Article};
use serde::Serialize;

const USAGE: &str = "usage: adstrip read FILE|- [--url URL] [--json]";

pub fn run(args: &[String]) -> Result<(), CliError> {
    let Some(a) = input::parse(args, USAGE, &["--json"], &["--url"])? else {
        return super::out(&format!("{USAGE}\n"));
    };
    let html = input::read_page(&a.input)?;
    // `extract` turns a panic inside extraction into an error; keep the panic message itself
    // off stderr so the one-line error contract holds.
    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = reader::extract(&html, a.value("--url"));
    std::panic::set_hook(prev_hook);
    let article = result.map_err(|e| match e {
        reader::ReadError::TooComplex => {
            CliError::TooComplex { path: a.input.clone(), why: format!("more than {} elements", adstrip_html::MAX_ELEMENTS) }
        }
        reader::ReadError::TooManyCharRefs(n) => {
            CliError::TooComplex { path: a.input.clone(), why: format!("{n} character references, more than {}", reader::MAX_CHAR_REFS) }
        }
        e => CliError::NoResult { path: a.input.clone(), why: e.to_string() },
    })?;
    let out = if a.flag("--json") {
        serde_json::to_string(&JsonArticle::from(&article)).map_err(|e| CliError::Write(e.to_string()))? + "\n"
    } else {
        format!("{}\n\n{}\n", article.title, article.text)
    };
    super::out(&out)
}

/// The JSON shape of `adstrip read --json` (a stable subset of [`Article`]).
#[derive(Serialize)]
struct JsonArticle<'a> {
    title: &'a str,
    byline: Option<&'a str>,
    site_name: Option<&'a str>,
    published_time: Option<&'a str>,
    lang: Option<&'a str>,
    dir: Option<&'a str>,
    excerpt: Option<&'a str>,
    content_html: &'a str,
    text: &'a str,
    readerable: bool,
}

impl<'a> From<&'a Article> for JsonArticle<'a> {
    fn from(a: &'a Article) -> Self {
        JsonArticle {
            title: &a.title,
            byline: a.byline.as_deref(),
            site_name: a.site_name.as_deref(),
            published_time: a.published_time.as_deref(),
            lang: a.lang.as_deref(),
            dir: a.dir.as_deref(),
            excerpt: a.excerpt.as_deref(),
            content_html: &a.content_html,
            text: &a.text,
            readerable: a.readerable,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(matches!(run(&args(&["/nonexistent/adstrip-read-test.html"])), Err(CliError::Read { .. })));
        assert!(matches!(run(&args(&["--bogus"])), Err(CliError::Usage { .. })));
    }
}
