//! Fuzz target: `counterpulse::scenario::invariants::scenario_file`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| counterpulse::scenario::invariants::scenario_file(data));
