//! What holds for any text given to the scenario parsers, whatever its bytes: a valid scenario
//! or one short, clear error, never a panic. The fuzz targets (`fuzz/`) call these on random
//! input; the saved corpus runs through them as ordinary tests (`tests/fuzz_corpus.rs`).
//!
//! Each function panics if a property fails, which is what a fuzzer reports.

use super::{Scenario, ScenarioError, from_query, resolve, resolve_with_events, to_query_with_events, validate};

/// Longest error message (characters): user text is clipped (`clip`) and lists are short.
const MAX_MESSAGE_CHARS: usize = 1000;

/// A scenario file (TOML); bytes that are not UTF-8 cannot be a file's text and are skipped.
pub fn scenario_file(bytes: &[u8]) {
    if let Ok(text) = std::str::from_utf8(bytes) {
        check(&resolve(None, Some(("fuzz.toml", text)), &[]));
    }
}

/// A URL query (the web page's `?preset=...&hr=...`), as the browser hands it over.
pub fn url_query(bytes: &[u8]) {
    check(&from_query(&String::from_utf8_lossy(bytes)));
}

/// `--set KEY=VALUE` assignments, one per line, on the `normal` preset.
pub fn assignments(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let sets: Vec<String> = text.lines().map(str::to_owned).collect();
    check(&resolve(Some("normal"), None, &sets));
}

/// `--event` texts, one per line, on the `cardiogenic-shock` preset.
pub fn event_options(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    let events: Vec<String> = text.lines().map(str::to_owned).collect();
    check(&resolve_with_events(Some("cardiogenic-shock"), None, &[], &events));
}

/// An accepted scenario validates and reads back from its own URL; a refusal is one bounded
/// message.
fn check(result: &Result<Scenario, ScenarioError>) {
    match result {
        Ok(s) => {
            assert_eq!(validate(&s.params), Ok(()), "an accepted scenario must validate");
            let query = to_query_with_events(&s.preset, &s.params, &s.events);
            let again = from_query(&query).unwrap_or_else(|e| panic!("{query} does not read back: {e}"));
            assert_eq!(again.params, s.params, "{query} reads back different parameters");
            assert_eq!(again.events, s.events, "{query} reads back different events");
        }
        Err(e) => {
            let message = e.to_string();
            let n = message.chars().count();
            assert!(n > 0 && n <= MAX_MESSAGE_CHARS, "message of {n} characters: {message}");
        }
    }
}
