//! The native command line: `adstrip scan|clean|css|contract|read`.
//!
//! Every command reads its page through [`input`] (one argument parser, one size limit, one
//! binary policy, decoding as a browser does) and reports failure as one line and exit code 2.

pub mod clean;
pub mod input;
pub mod read;
pub mod scan;

use input::{CliError, EXIT_OK};

const USAGE: &str = "usage: adstrip <command> [args]
  scan FILE|- [--json]     list the ads and subscribe nags found, with reasons
  clean FILE|- [--mark]    print the page without them (or with them marked data-adstrip)
  css                      print the document_start stylesheet generated from the rules
  contract                 print the extension's contract.gen.js generated from the rules
  read FILE|- [--url URL] [--json]   print the article (reader mode)";

/// Writes to standard output; a reader that went away (`| head`) is not an error.
pub fn out(text: &str) -> Result<(), CliError> {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    match o.write_all(text.as_bytes()).and_then(|_| o.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(CliError::Write(e.to_string())),
    }
}

/// Runs the CLI with `args` (without the program name) and returns the exit code.
pub fn main(args: &[String]) -> i32 {
    let Some(cmd) = args.first() else {
        eprintln!("{USAGE}");
        return input::EXIT_BAD_INPUT;
    };
    let rest = &args[1..];
    let result = match cmd.as_str() {
        "scan" => scan::run(rest),
        "clean" => clean::run(rest),
        "css" => out(&adstrip_core::contract::stylesheet()),
        "contract" => out(&adstrip_core::contract::contract_js()),
        "read" => read::run(rest),
        "-h" | "--help" | "help" => out(&format!("{USAGE}\n")),
        other => {
            eprintln!("adstrip: unknown command '{other}'\n{USAGE}");
            return input::EXIT_BAD_INPUT;
        }
    };
    match result {
        Ok(()) => EXIT_OK,
        Err(e) => e.report(),
    }
}
