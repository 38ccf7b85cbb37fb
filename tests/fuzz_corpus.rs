//! The fuzzers' saved corpus (`fuzz/corpus/<target>/`), run through the same properties as
//! ordinary tests: every input a fuzzer ever kept, including the ones that once crashed,
//! must give a valid scenario or one short error. The fuzzers themselves are run by hand
//! (fuzz/README.md); this runs in CI with the stable toolchain.

use counterpulse::scenario::invariants;

fn run_corpus(target: &str, check: fn(&[u8])) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("corpus entry").path();
        let bytes = std::fs::read(&path).expect("corpus file");
        let outcome = std::panic::catch_unwind(|| check(&bytes));
        assert!(outcome.is_ok(), "{} fails its properties", path.display());
        count += 1;
    }
    assert!(count >= 3, "{target}: only {count} corpus files");
}

#[test]
fn scenario_files_in_the_corpus_hold() {
    run_corpus("scenario_file", invariants::scenario_file);
}

#[test]
fn url_queries_in_the_corpus_hold() {
    run_corpus("url_query", invariants::url_query);
}

#[test]
fn assignments_in_the_corpus_hold() {
    run_corpus("assignments", invariants::assignments);
}

#[test]
fn event_options_in_the_corpus_hold() {
    run_corpus("event_options", invariants::event_options);
}
