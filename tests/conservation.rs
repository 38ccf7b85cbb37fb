//! Total blood volume is conserved: every flow leaves one compartment and enters another.

mod common;
use common::run_preset;

#[test]
fn blood_volume_is_conserved_over_one_simulated_hour() {
    for preset in ["normal", "cardiogenic-shock"] {
        let r = run_preset(preset, &[], 3600.0, |_| {});
        let c = r.conservation;
        let drift = (c.final_blood_volume_ml - c.initial_blood_volume_ml).abs();
        assert!(drift < 0.01, "{preset}: blood volume drifted {drift:e} mL in 3600 s");
        assert!(r.finite && r.min_volume_ml > 0.0, "{preset}: min volume {}", r.min_volume_ml);
        // The run really simulated an hour of beats, so the bound is not vacuous.
        let expected_beats = 3600.0 * r.summary.expect("beats").hr_bpm / 60.0;
        assert!(r.beats.len() as f64 > 0.99 * expected_beats);
    }
}

#[test]
fn initial_state_holds_exactly_the_prescribed_volume() {
    let r = run_preset("heart-failure", &["blood.total_volume_ml=5234.5"], 1.0, |_| {});
    assert!((r.conservation.initial_blood_volume_ml - 5234.5).abs() < 1e-9);
}
