//! Fuzz target: `counterpulse::scenario::invariants::assignments`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| counterpulse::scenario::invariants::assignments(data));
