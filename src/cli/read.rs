//! `adstrip read FILE|- [--url URL] [--json]`: reader mode on the command line.
//!
//! Prints the article as text (title, blank line, paragraphs) or, with `--json`, one JSON
//! object. Input that cannot be a page (unreadable, binary, over the size limit) or a page
//! without an article gives one `adstrip: ...` line on stderr and exit status 2.
#![cfg(feature = "reader")]

use std::io::{self, Read, Write};

use serde::Serialize;

use crate::reader::{self, Article, MAX_INPUT_BYTES, MAX_REPLACEMENT_RATIO};

const USAGE: &str = "usage: adstrip read FILE|- [--url URL] [--json]";

/// Exit status for bad input or no article.
const EXIT_BAD_INPUT: i32 = 2;

/// Runs `read`. `args` are the arguments after `read`. Returns the process exit status.
pub fn run(args: &[String]) -> i32 {
    let opts = match parse_args(args) {
        Ok(Some(o)) => o,
        Ok(None) => return print_out(&format!("{USAGE}\n")),
        Err(msg) => return fail(&msg),
    };
    let html = match read_input(&opts.input) {
        Ok(h) => h,
        Err(msg) => return fail(&msg),
    };
    // `extract` turns a panic inside extraction into an error; keep the panic message itself
    // off stderr so the one-line error contract holds.
    let prev_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = reader::extract(&html, opts.url.as_deref());
    std::panic::set_hook(prev_hook);
    let article = match result {
        Ok(a) => a,
        Err(e) => return fail(&format!("{}: {e}", opts.input)),
    };
    let out = if opts.json {
        match serde_json::to_string(&JsonArticle::from(&article)) {
            Ok(s) => s + "\n",
            Err(e) => return fail(&format!("cannot encode JSON: {e}")),
        }
    } else {
        format!("{}\n\n{}\n", article.title, article.text)
    };
    print_out(&out)
}

struct Opts {
    input: String,
    url: Option<String>,
    json: bool,
}

/// `Ok(None)` means help was asked for.
fn parse_args(args: &[String]) -> Result<Option<Opts>, String> {
    let mut input = None;
    let mut url = None;
    let mut json = false;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "-h" | "--help" => return Ok(None),
            "--json" => json = true,
            "--url" => match it.next() {
                Some(u) => url = Some(u.clone()),
                None => return Err(format!("--url needs a value; {USAGE}")),
            },
            s if s.starts_with("--url=") => url = Some(s["--url=".len()..].to_string()),
            s if s.starts_with('-') && s != "-" => {
                return Err(format!("unknown option {s}; {USAGE}"))
            }
            s => {
                if input.replace(s.to_string()).is_some() {
                    return Err(format!("only one input file; {USAGE}"));
                }
            }
        }
    }
    let input = input.ok_or_else(|| format!("no input file; {USAGE}"))?;
    Ok(Some(Opts { input, url, json }))
}

/// Reads the whole input (at most [`MAX_INPUT_BYTES`]) and checks that it is text.
fn read_input(path: &str) -> Result<String, String> {
    let limit = MAX_INPUT_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    let res = if path == "-" {
        io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit).read_to_end(&mut bytes))
    };
    if let Err(e) = res {
        return Err(format!("{path}: cannot read: {e}"));
    }
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(format!(
            "{path}: input is larger than {MAX_INPUT_BYTES} bytes"
        ));
    }
    decode_text(&bytes).ok_or_else(|| format!("{path}: input looks binary, not an HTML page"))
}

/// UTF-8 text, tolerating a few broken bytes; `None` for binary data (NUL bytes, or more than
/// [`MAX_REPLACEMENT_RATIO`] of the characters undecodable).
fn decode_text(bytes: &[u8]) -> Option<String> {
    if bytes.contains(&0) {
        return None;
    }
    let text = String::from_utf8_lossy(bytes);
    let total = text.chars().count().max(1);
    let bad = text
        .chars()
        .filter(|&c| c == char::REPLACEMENT_CHARACTER)
        .count();
    // Replacement characters already in the source count too: a page full of them is not
    // worth reading either.
    ((bad as f64 / total as f64) <= MAX_REPLACEMENT_RATIO).then(|| text.into_owned())
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

/// Writes to stdout; a closed pipe (`| head`) is not an error.
fn print_out(s: &str) -> i32 {
    let mut out = io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => 0,
        Err(e) => fail(&format!("cannot write output: {e}")),
    }
}

fn fail(msg: &str) -> i32 {
    // Keep the error on one line whatever the message holds.
    let msg = msg.replace(['\n', '\r'], " ");
    let _ = writeln!(io::stderr(), "adstrip: {msg}");
    EXIT_BAD_INPUT
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_options() {
        let o = parse_args(&args(&["page.html", "--url", "https://e.x/a", "--json"]))
            .unwrap()
            .unwrap();
        assert_eq!(o.input, "page.html");
        assert_eq!(o.url.as_deref(), Some("https://e.x/a"));
        assert!(o.json);
        assert!(parse_args(&args(&["-"])).unwrap().is_some());
        assert!(parse_args(&args(&["--help"])).unwrap().is_none());
        assert!(parse_args(&args(&[])).is_err());
        assert!(parse_args(&args(&["a", "b"])).is_err());
        assert!(parse_args(&args(&["a", "--url"])).is_err());
        assert!(parse_args(&args(&["a", "--bogus"])).is_err());
    }

    #[test]
    fn binary_input_is_refused() {
        assert!(decode_text(b"<p>hi\0</p>").is_none());
        assert!(decode_text(&[0xff; 100]).is_none());
        assert_eq!(
            decode_text(b"<p>caf\xc3\xa9</p>").as_deref(),
            Some("<p>café</p>")
        );
        // One stray Latin-1 byte in a long page is tolerated.
        let mut page = b"<p>".repeat(200);
        page.push(0xe9);
        assert!(decode_text(&page).is_some());
    }

    #[test]
    fn bad_input_exits_2() {
        assert_eq!(run(&args(&["/nonexistent/adstrip-read-test.html"])), 2);
        assert_eq!(run(&args(&["--bogus"])), 2);
    }
}
