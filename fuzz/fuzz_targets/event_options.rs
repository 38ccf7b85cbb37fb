//! Fuzz target: `counterpulse::scenario::invariants::event_options`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| counterpulse::scenario::invariants::event_options(data));
