//! Reading a page from a file or standard input, refusing what is not an HTML page with a
//! one-line reason.

use std::io::Read;

/// Pages larger than this are refused (the biggest real news pages are a few MB).
pub const MAX_INPUT: usize = 50 * 1024 * 1024;

/// Parses `FILE|- [FLAG]` for command `cmd`: the input path and whether the flag was given.
/// On bad arguments, prints a one-line message with the usage and gives exit code 2.
pub fn file_and_flag(cmd: &str, flag: &str, args: &[String]) -> Result<(String, bool), i32> {
    let usage = format!("usage: adstrip {cmd} FILE|- [{flag}]");
    let mut on = false;
    let mut file = None;
    for a in args {
        match a.as_str() {
            f if f == flag => on = true,
            s if file.is_none() && (s == "-" || !s.starts_with('-')) => file = Some(s.to_string()),
            s => {
                eprintln!("adstrip: {cmd}: unexpected argument '{s}' ({usage})");
                return Err(2);
            }
        }
    }
    match file {
        Some(f) => Ok((f, on)),
        None => {
            eprintln!("adstrip: {cmd}: no input ({usage})");
            Err(2)
        }
    }
}

/// Reads `path` (`-` for standard input) as HTML text.
pub fn read_page(path: &str) -> Result<String, String> {
    let mut bytes = Vec::new();
    let limit = MAX_INPUT as u64 + 1;
    let res = if path == "-" {
        std::io::stdin().lock().take(limit).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path)
            .map_err(|e| format!("cannot read {path}: {}", io_reason(&e)))?
            .take(limit)
            .read_to_end(&mut bytes)
    };
    res.map_err(|e| format!("cannot read {path}: {}", io_reason(&e)))?;
    decode(&bytes).map_err(|why| format!("{path}: {why}"))
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::IsADirectory => "is a directory".into(),
        _ => e.to_string().split(" (os error").next().unwrap_or("").to_string(),
    }
}

/// Checks that the bytes are a page of text and decodes them.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.len() > MAX_INPUT {
        return Err(format!("larger than {} MB, refused", MAX_INPUT / (1024 * 1024)));
    }
    if bytes.is_empty() {
        return Err("empty input".into());
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample
        .iter()
        .filter(|b| **b == 0 || (**b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0c)))
        .count();
    if sample.contains(&0) || controls * 100 > sample.len() {
        return Err("binary data, not an HTML page".into());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.trim_start_matches('\u{feff}').to_string()),
        // Legacy single-byte pages: keep what decodes, the structure is ASCII anyway.
        Err(_) => Ok(String::from_utf8_lossy(bytes).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_binary_empty_and_huge() {
        assert!(decode(b"\x7fELF\x00\x01\x02").unwrap_err().contains("binary"));
        assert!(decode(b"").unwrap_err().contains("empty"));
        assert!(decode(&vec![b'a'; MAX_INPUT + 1]).unwrap_err().contains("larger"));
        assert_eq!(decode(b"<p>hi</p>").unwrap(), "<p>hi</p>");
    }
}
