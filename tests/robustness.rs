//! No NaN and no negative volume anywhere inside the documented parameter ranges.
//!
//! Every parameter of the registry is drawn uniformly from its allowed range (the
//! integration step included); combinations that validation rejects (too little blood for
//! the unstressed volumes) are skipped, as the CLI would reject them with a message.

use counterpulse::model::Params;
use counterpulse::run::run;
use counterpulse::scenario::{registry, validate};
use proptest::prelude::*;

fn params_from(fractions: &[f64]) -> Params {
    let mut p = Params::default();
    for (spec, f) in registry().iter().zip(fractions) {
        (spec.set)(&mut p, spec.min + f * (spec.max - spec.min));
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_valid_parameter_set_stays_finite_and_positive(fractions in prop::collection::vec(0.0f64..=1.0, registry().len())) {
        let params = params_from(&fractions);
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

#[test]
fn extremes_of_every_range_stay_finite() {
    // Each parameter at its minimum and maximum with the others at the baseline.
    for spec in registry() {
        for value in [spec.min, spec.max] {
            let mut p = Params::default();
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
