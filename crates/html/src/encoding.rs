//! Bytes to text as a browser decodes a page: a byte-order mark, else the charset the page
//! declares in its first 1024 bytes (`<meta charset>` or `http-equiv` content type), or later
//! in its `head` (Chromium keeps looking there; pages saved by archives put scripts first), else
//! UTF-8 when the bytes are valid UTF-8, else windows-1252. Every command and the reader use it, so a
//! legacy page (windows-1252, ISO-8859-x, GB2312, Shift_JIS) reads as the browser shows it.

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far the declaration is looked for (the HTML standard's prescan reads 1024 bytes) ...
const PRESCAN: usize = 1024;
/// ... and, failing that, how far into the page a declaration still in `head` counts.
const HEAD_SCAN: usize = 64 * 1024;

pub fn decode_page(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return enc.decode_without_bom_handling(&bytes[bom..]).0.into_owned();
    }
    let late = || declared(head_of(&bytes[..bytes.len().min(HEAD_SCAN)]));
    if let Some(enc) = declared(&bytes[..bytes.len().min(PRESCAN)]).or_else(late) {
        return enc.decode_without_bom_handling(bytes).0.into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0.into_owned(),
    }
}

/// The encoding a `<meta>` in `head` declares. A declared UTF-16 means UTF-8 (the bytes are
/// ASCII-compatible if the declaration could be read), as in browsers.
pub fn declared(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"<meta").map(|i| i + from) {
        let end = find(&lower[at..], b">").map_or(lower.len(), |i| i + at);
        let tag = &lower[at..end];
        if let Some(label) = charset_in(tag) {
            if let Some(enc) = Encoding::for_label(label) {
                let utf16 = enc.name().starts_with("UTF-16");
                return Some(if utf16 || enc.name() == "x-user-defined" { UTF_8 } else { enc });
            }
        }
        from = end;
    }
    None
}

/// The bytes before the end of `head` (`</head>` or `<body`), if either is there.
fn head_of(bytes: &[u8]) -> &[u8] {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    let end = [find(&lower, b"</head"), find(&lower, b"<body")].into_iter().flatten().min().unwrap_or(0);
    &bytes[..end]
}

/// The label after `charset=` in a meta tag (its attribute, or inside a content type).
fn charset_in(tag: &[u8]) -> Option<&[u8]> {
    let at = find(tag, b"charset")? + b"charset".len();
    let rest = &tag[at..];
    let rest = &rest[rest.iter().position(|b| !b.is_ascii_whitespace())?..];
    let rest = rest.strip_prefix(b"=")?;
    let start = rest.iter().position(|b| !b.is_ascii_whitespace() && *b != b'"' && *b != b'\'')?;
    let rest = &rest[start..];
    let len = rest.iter().position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b))).unwrap_or(rest.len());
    (len > 0).then(|| &rest[..len])
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_as_a_browser_does() {
        assert_eq!(decode_page(b"<p>caf\xc3\xa9</p>"), "<p>café</p>");
        assert_eq!(decode_page(b"<p>caf\xe9</p>"), "<p>café</p>", "invalid UTF-8 without a declaration is windows-1252");
        let latin = b"<meta charset=\"iso-8859-2\"><p>\xb1\xe6</p>";
        assert!(decode_page(latin).contains("ąć"));
        let gb = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>\xd6\xd0\xce\xc4</p>";
        assert!(decode_page(gb).contains("中文"));
        assert_eq!(decode_page(b"\xef\xbb\xbf<p>x</p>"), "<p>x</p>", "the BOM goes");
        assert!(decode_page(b"<meta charset=utf-16><p>\xc3\xa9</p>").contains('é'), "declared UTF-16 reads as UTF-8");
        // A declaration after 1 KB of scripts, still in head, counts; one in the body does not.
        let mut late = b"<html><head><script>".to_vec();
        late.extend(b"var x = 1;\n".repeat(200));
        late.extend(b"</script><meta charset=\"gb2312\"></head><body><p>\xd6\xd0\xce\xc4</p></body></html>");
        assert!(decode_page(&late).contains("中文"));
        let mut in_body = b"<html><head></head><body>".to_vec();
        in_body.extend(b"<p>x</p>".repeat(200));
        in_body.extend(b"<meta charset=\"gb2312\"><p>caf\xe9</p></body></html>");
        assert!(decode_page(&in_body).contains("café"), "a meta in the body is no declaration");
    }
}
