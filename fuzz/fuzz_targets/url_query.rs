//! Fuzz target: `counterpulse::scenario::invariants::url_query`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| counterpulse::scenario::invariants::url_query(data));
