//! No NaN and no negative volume anywhere inside the documented parameter ranges.
//!
//! Every parameter of the registry is drawn uniformly from its allowed range (the
//! integration step included), and every named setting (assist device, pump class) at random; combinations that validation rejects (too little blood for
//! the unstressed volumes) are skipped, as the CLI would reject them with a message.

use counterpulse::model::Params;
use counterpulse::run::{run, run_with_events};
use counterpulse::scenario::{choices, registry, resolve_with_events, set_text, validate};
use proptest::prelude::*;

/// Parameters from fractions of each numeric range (whole-number ones rounded) and indices
/// into each named parameter's options.
fn params_from(fractions: &[f64], picks: &[usize]) -> Params {
    let mut p = Params::default();
    for (spec, f) in registry().iter().zip(fractions) {
        let v = spec.min + f * (spec.max - spec.min);
        (spec.set)(&mut p, if spec.whole { v.round() } else { v });
    }
    for (c, i) in choices().iter().zip(picks) {
        set_text(&mut p, c.key, c.options[i % c.options.len()]).expect("listed option");
    }
    // Balloon offsets are valid only within one RR interval (and R-wave deflation can only be
    // delayed): draw them inside that window so few cases are rejected.
    let rr_ms = 60_000.0 / p.heart.hr_bpm;
    let iabp = &mut p.assist.iabp;
    for offset in [&mut iabp.inflate_offset_ms, &mut iabp.deflate_offset_ms] {
        *offset = (*offset / 1000.0).clamp(-0.95, 0.95) * rr_ms;
    }
    if iabp.deflation == counterpulse::devices::Deflation::RWave {
        iabp.deflate_offset_ms = iabp.deflate_offset_ms.abs().min(1000.0);
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_parameter_set_stays_finite_and_positive(
        fractions in prop::collection::vec(0.0f64..=1.0, registry().len()),
        picks in prop::collection::vec(0usize..16, choices().len()),
    ) {
        let params = params_from(&fractions, &picks);
        prop_assume!(validate(&params).is_ok());
        let r = run(params, 20.0, |_| {});
        prop_assert!(r.finite, "state became non-finite");
        prop_assert!(r.min_volume_ml >= 0.0, "negative volume {}", r.min_volume_ml);
        let c = r.conservation;
        prop_assert!((c.final_blood_volume_ml - c.initial_blood_volume_ml).abs() < 1e-6);
        for b in &r.beats {
            prop_assert!(b.map_mmhg.is_finite() && b.stroke_volume_ml.is_finite());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Events too: a random numeric parameter and a random named one changed mid-run (with or
    /// without a ramp and an undo) on the shock patient. Timelines that validation refuses
    /// (e.g. too little blood for the unstressed volumes) are skipped, as the CLI refuses them.
    #[test]
    fn any_valid_event_keeps_the_run_finite_and_positive(
        key_pick in 0usize..10_000,
        fraction in 0.0f64..=1.0,
        choice_pick in 0usize..10_000,
        option_pick in 0usize..16,
        at_s in 0.0f64..20.0,
        duration_s in prop::option::of(0.5f64..20.0),
        ramp_s in 0.0f64..10.0,
    ) {
        let specs = registry();
        let spec = specs[key_pick % specs.len()];
        prop_assume!(spec.key != "solver.dt_ms");
        let value = spec.min + fraction * (spec.max - spec.min);
        let value = if spec.whole { value.round() } else { value };
        let named = choices();
        let choice = named[choice_pick % named.len()];
        let option = choice.options[option_pick % choice.options.len()];
        let undo = duration_s.map(|d| format!("duration_s={d},")).unwrap_or_default();
        let text = format!("at_s={at_s},{undo}ramp_s={ramp_s},{}={value},{}={option}", spec.key, choice.key);
        let scenario = resolve_with_events(Some("cardiogenic-shock"), None, &[], &[text]);
        prop_assume!(scenario.is_ok());
        let s = scenario.expect("checked");
        let r = run_with_events(s.params.clone(), &s.events, 40.0, |_| {});
        prop_assert!(r.finite, "state became non-finite");
        prop_assert!(r.min_volume_ml >= 0.0, "negative volume {}", r.min_volume_ml);
        let c = r.conservation;
        prop_assert!((c.final_blood_volume_ml - c.initial_blood_volume_ml - c.events_added_ml).abs() < 1e-6);
    }
}

#[test]
fn extremes_of_every_range_stay_finite() {
    // Each parameter at its minimum and maximum with the others at the baseline, with the
    // pump running so its settings matter.
    for spec in registry() {
        for value in [spec.min, spec.max] {
            let mut p = Params::default();
            set_text(&mut p, "assist.mode", "pump").expect("valid");
            (spec.set)(&mut p, value);
            if validate(&p).is_err() {
                continue;
            }
            let r = run(p, 15.0, |_| {});
            assert!(
                r.finite && r.min_volume_ml >= 0.0,
                "{} = {value}: finite {} min volume {}",
                spec.key,
                r.finite,
                r.min_volume_ml
            );
        }
    }
}

#[test]
fn a_strong_right_ventricle_cannot_eject_itself_below_empty() {
    // Found by review and by this file's sweep: a strong RV ejecting fast (Ees up to 3, a large
    // pulmonary compliance, a fast rate) carried its outflow's momentum past empty, to −1.2 mL
    // and −1.9 mL, before the collapse pressure stopped it. The collapsing walls now close over
    // the outlet (`collapse_resistance_mmhg_s_per_ml`).
    let mut cases: Vec<Params> = Vec::new();
    let mut p = Params::default();
    for (key, value) in [
        ("heart.rv.ees_mmhg_per_ml", "3"),
        ("pulmonary.arteries.compliance_ml_per_mmhg", "10"),
        ("heart.hr_bpm", "160"),
    ] {
        set_text(&mut p, key, value).unwrap();
    }
    cases.push(p);
    // The sweep's case: every numeric parameter at its minimum but these.
    let mut p = Params::default();
    for spec in registry() {
        (spec.set)(&mut p, spec.min);
    }
    for (key, value) in [
        ("assist.iabp.inflate_offset_ms", "0"),
        ("assist.iabp.deflate_offset_ms", "0"),
        ("heart.hr_bpm", "97.8"),
        ("heart.rv.ees_mmhg_per_ml", "2.88"),
        ("valves.pulmonary.inertance_mmhg_s2_per_ml", "8.6e-4"),
        ("pulmonary.arteries.compliance_ml_per_mmhg", "9.6"),
        ("pulmonary.arteries.unstressed_volume_ml", "169"),
        ("pulmonary.veins.compliance_ml_per_mmhg", "10.25"),
    ] {
        set_text(&mut p, key, value).unwrap();
    }
    validate(&p).expect("a valid patient");
    cases.push(p);
    for p in cases {
        let r = run(p, 10.0, |_| {});
        assert!(r.finite && r.min_volume_ml >= 0.0, "min volume {:.2} mL", r.min_volume_ml);
    }
}
