//! Helpers shared by the integration tests.
#![allow(dead_code)]

use counterpulse::metrics::Summary;
use counterpulse::model::Snapshot;
use counterpulse::run::{RunResult, run};
use counterpulse::scenario::resolve;

/// Runs `preset` with `--set` style overrides for `seconds`.
pub fn run_preset(preset: &str, sets: &[&str], seconds: f64, on_sample: impl FnMut(&Snapshot)) -> RunResult {
    let sets: Vec<String> = sets.iter().map(|s| (*s).to_owned()).collect();
    let scenario = resolve(Some(preset), None, &sets).expect("test scenario is valid");
    run(scenario.params, seconds, on_sample)
}

/// Steady-state summary (60 s run, last 12 beats).
pub fn summary(preset: &str, sets: &[&str]) -> Summary {
    run_preset(preset, sets, 60.0, |_| {}).summary.expect("a 60 s run has beats")
}

/// Asserts `value` lies in `[lo, hi]`, naming the quantity.
pub fn assert_in(name: &str, value: f64, lo: f64, hi: f64) {
    assert!((lo..=hi).contains(&value), "{name} = {value:.3} outside [{lo}, {hi}]");
}

/// Asserts that each claim of `validate::CLAIMS` named in `ids` agrees (the bound lives in the
/// claim, once, and the table shows it).
pub fn assert_claims(ids: &[&str]) {
    let mut runs = counterpulse::validate::Runs::new();
    for id in ids {
        let claim =
            counterpulse::validate::CLAIMS.iter().find(|c| c.id == *id).unwrap_or_else(|| panic!("no claim {id}"));
        let row = claim.evaluate(&mut runs).expect("validation scenarios are valid");
        assert!(
            row.agrees,
            "{id} ({}: {}): expected {}, produced {}",
            row.of.setting, row.of.claim, row.expected, row.produced
        );
    }
}
