//! The one way every command reads its page and reports a bad one: arguments, the size limit,
//! binary detection and decoding (as a browser decodes a page), and the exit codes.

use std::fmt;
use std::io::Read;

pub use adstrip_core::dom::MAX_PAGE_BYTES as MAX_INPUT;

/// Exit code for success.
pub const EXIT_OK: i32 = 0;
/// Exit code for bad arguments, unreadable or unusable input, or no result.
pub const EXIT_BAD_INPUT: i32 = 2;

/// Why a command could not do its work. Every variant prints as one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CliError {
    /// Wrong arguments: the message and the command's usage line.
    Usage {
        message: String,
        usage: &'static str,
    },
    /// The input could not be read (no such file, permission denied, ...).
    Read {
        path: String,
        why: String,
    },
    Empty {
        path: String,
    },
    TooLarge {
        path: String,
    },
    Binary {
        path: String,
    },
    /// The page is too complex to work on within the limits (elements, time).
    TooComplex {
        path: String,
        why: String,
    },
    /// The page was read but gave nothing (e.g. no article found).
    NoResult {
        path: String,
        why: String,
    },
    /// The output could not be written.
    Write(String),
    /// The work on the page failed unexpectedly (a panic).
    Internal,
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage { message, usage } => write!(f, "{message} ({usage})"),
            CliError::Read { path, why } => write!(f, "cannot read {path}: {why}"),
            CliError::Empty { path } => write!(f, "{path}: empty input"),
            CliError::TooLarge { path } => write!(f, "{path}: larger than {} MB, refused", MAX_INPUT / (1024 * 1024)),
            CliError::Binary { path } => write!(f, "{path}: binary data, not an HTML page"),
            CliError::TooComplex { path, why } => write!(f, "{path}: too complex ({why})"),
            CliError::NoResult { path, why } => write!(f, "{path}: {why}"),
            CliError::Write(why) => write!(f, "cannot write the output: {why}"),
            CliError::Internal => f.write_str("internal error (please report this page)"),
        }
    }
}

impl CliError {
    /// Prints the error as one `adstrip: ...` line on stderr and gives the exit code.
    pub fn report(&self) -> i32 {
        eprintln!("adstrip: {}", self.to_string().replace(['\n', '\r'], " "));
        EXIT_BAD_INPUT
    }
}

/// What a command was asked: its input (a path or `-`), the flags it knows that were given,
/// and the values of the options it knows.
#[derive(Debug, Default)]
pub struct Args {
    pub input: String,
    flags: Vec<&'static str>,
    values: Vec<(&'static str, String)>,
}

impl Args {
    pub fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }
}

/// One parser for every command: `FILE|-`, then any of `flags` (`--json`) and of `options`
/// taking a value (`--url URL` or `--url=URL`). `Ok(None)`: help was asked for.
pub fn parse(args: &[String], usage: &'static str, flags: &[&'static str], options: &[&'static str]) -> Result<Option<Args>, CliError> {
    let bad = |message: String| CliError::Usage { message, usage };
    let mut out = Args::default();
    let mut input = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let a = a.as_str();
        if matches!(a, "-h" | "--help") {
            return Ok(None);
        }
        if let Some(f) = flags.iter().find(|f| **f == a) {
            out.flags.push(f);
            continue;
        }
        if let Some(o) = options.iter().find(|o| a == **o || a.starts_with(&format!("{o}="))) {
            let value = match a.split_once('=') {
                Some((_, v)) => v.to_string(),
                None => it.next().ok_or_else(|| bad(format!("{o} needs a value")))?.clone(),
            };
            out.values.push((o, value));
            continue;
        }
        if a.starts_with('-') && a != "-" {
            return Err(bad(format!("unexpected argument '{a}'")));
        }
        if input.replace(a.to_string()).is_some() {
            return Err(bad("only one input".into()));
        }
    }
    out.input = input.ok_or_else(|| bad("no input".into()))?;
    Ok(Some(out))
}

/// Reads `path` (`-` for standard input) and decodes it as a browser would.
pub fn read_page(path: &str) -> Result<String, CliError> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT as u64 + 1;
    let read_err = |e: std::io::Error| CliError::Read { path: path.to_string(), why: io_reason(&e) };
    if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes).map_err(read_err)?;
    } else {
        std::fs::File::open(path).map_err(read_err)?.take(limit).read_to_end(&mut bytes).map_err(read_err)?;
    }
    decode(&bytes).map_err(|e| e.at(path))
}

/// Refuses a page with more elements than [`adstrip_html::MAX_ELEMENTS`] (deep nesting is not
/// refused: the parse flattens it at [`adstrip_html::MAX_DEPTH`], as browsers do).
pub fn check_complexity(path: &str, html: &str) -> Result<(), CliError> {
    let elements = adstrip_html::cap_depth(html).1.elements;
    if elements > adstrip_html::MAX_ELEMENTS {
        let why = format!("{elements} elements, limit {}", adstrip_html::MAX_ELEMENTS);
        return Err(CliError::TooComplex { path: path.to_string(), why });
    }
    Ok(())
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string().split(" (os error").next().unwrap_or("").to_string(),
    }
}

/// Why bytes are not a page (before the path is known).
#[derive(Debug, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    Binary,
}

impl Refusal {
    fn at(self, path: &str) -> CliError {
        let path = path.to_string();
        match self {
            Refusal::Empty => CliError::Empty { path },
            Refusal::TooLarge => CliError::TooLarge { path },
            Refusal::Binary => CliError::Binary { path },
        }
    }
}

/// Bytes of the sample looked at to tell text from binary data.
const SAMPLE: usize = 64 * 1024;
/// Binary when more than this share of the sample is control bytes (NUL, or below 0x20 other
/// than tab, line feed, form feed and carriage return): text pages hold a few stray ones at most.
const MAX_CONTROL_SHARE: f64 = 0.05;

/// Whether the bytes are really not text: a NUL-heavy or control-heavy sample (images,
/// archives, executables, UTF-16 without a BOM). A few stray control bytes in a page are text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return false; // UTF-16 with a BOM is text
    }
    let sample = &bytes[..bytes.len().min(SAMPLE)];
    let controls = sample.iter().filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c)).count();
    controls as f64 > sample.len() as f64 * MAX_CONTROL_SHARE
}

/// Checks that the bytes are a page of text and decodes them as a browser does: a BOM, else
/// the charset the page declares in its first 1024 bytes, else UTF-8 when valid, else
/// windows-1252.
pub fn decode(bytes: &[u8]) -> Result<String, Refusal> {
    if bytes.len() > MAX_INPUT {
        return Err(Refusal::TooLarge);
    }
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Refusal::Empty);
    }
    if looks_binary(bytes) {
        return Err(Refusal::Binary);
    }
    Ok(adstrip_html::decode_page(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(a: &[&str]) -> Vec<String> {
        a.iter().map(|x| x.to_string()).collect()
    }

    #[test]
    fn refuses_binary_empty_and_huge() {
        assert_eq!(decode(b"\x7fELF\x00\x01\x02\x00\x00\x00\x00\x00"), Err(Refusal::Binary));
        assert_eq!(decode(b""), Err(Refusal::Empty));
        assert_eq!(decode(&vec![b'a'; MAX_INPUT + 1]), Err(Refusal::TooLarge));
        assert_eq!(decode(b"<p>hi</p>").unwrap(), "<p>hi</p>");
    }

    #[test]
    fn a_few_control_bytes_are_still_text() {
        let mut page = b"<html><body><p>".to_vec();
        page.extend(b"Nachrichten aus aller Welt ".repeat(100));
        page.extend(b"\x01\x02\x1b</p></body></html>");
        assert!(decode(&page).unwrap().contains("Nachrichten"));
    }

    #[test]
    fn one_parser_for_every_command() {
        let a = parse(&s(&["page.html", "--url", "https://e.x/a", "--json"]), "u", &["--json"], &["--url"]).unwrap().unwrap();
        assert_eq!(a.input, "page.html");
        assert_eq!(a.value("--url"), Some("https://e.x/a"));
        assert!(a.flag("--json"));
        let a = parse(&s(&["-", "--url=https://e.x/b"]), "u", &[], &["--url"]).unwrap().unwrap();
        assert_eq!((a.input.as_str(), a.value("--url")), ("-", Some("https://e.x/b")));
        assert!(parse(&s(&["--help"]), "u", &[], &[]).unwrap().is_none());
        for bad in [&[][..], &["a", "b"], &["a", "--url"], &["a", "--bogus"]] {
            assert!(matches!(parse(&s(bad), "u", &[], &["--url"]), Err(CliError::Usage { .. })), "{bad:?}");
        }
    }
}
