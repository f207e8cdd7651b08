//! The native command line: `adstrip scan|clean|css|read`.

pub mod clean;
pub mod input;
pub mod scan;

#[cfg(feature = "reader")]
pub mod read;

const USAGE: &str = "usage: adstrip <command> [args]
  scan FILE|- [--json]     list the ads and subscribe nags found, with reasons
  clean FILE|- [--mark]    print the page without them (or with them marked data-adstrip)
  css                      print the document_start stylesheet generated from the rules
  read FILE|- [--url URL] [--json]   print the article (reader mode)";

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn out(text: &str) -> i32 {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            eprintln!("adstrip: cannot write the output: {e}");
            2
        }
    }
}

/// Runs the CLI with `args` (without the program name) and returns the exit code.
pub fn main(args: &[String]) -> i32 {
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return 2;
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "scan" => scan::run(rest),
        "clean" => clean::run(rest),
        "css" => out(&crate::css::stylesheet()),
        #[cfg(feature = "reader")]
        "read" => read::run(rest),
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            0
        }
        other => {
            eprintln!("adstrip: unknown command '{other}'\n{USAGE}");
            2
        }
    }
}
