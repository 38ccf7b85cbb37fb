//! Presets land in their published reference ranges, and the waveforms have the textbook
//! shape. Ranges: adult normal at rest (ASE/EACVI 2015 chamber quantification; standard
//! haemodynamic tables), SHOCK-trial definition of cardiogenic shock (Hochman 1999).

mod common;
use common::{assert_in, run_preset, summary};

#[test]
fn normal_adult_lands_in_reference_ranges() {
    let s = summary("normal", &[]);
    assert_in("HR (bpm)", s.hr_bpm, 60.0, 100.0);
    assert_in("LVEDP (mmHg)", s.lvedp_mmhg, 3.0, 12.0);
    assert_in("coronary share of CO", s.coronary_flow_ml_min / 1000.0 / s.cardiac_output_l_min, 0.035, 0.055);
    // The published ranges are validate's claims (one bound each, shown by `counterpulse validate`).
    common::assert_claims(&[
        "normal-systolic",
        "normal-diastolic",
        "normal-map",
        "normal-output",
        "normal-stroke-volume",
        "normal-ejection-fraction",
        "normal-lvedv",
        "normal-lvesv",
        "normal-pcwp",
        "normal-cvp",
        "normal-svr",
        "normal-coronary-flow",
        "normal-evr",
    ]);
    // Resting cardiac power output ≈ 1 W (Fincke et al., JACC 44:340, 2004).
    assert_in("CPO (W)", s.cardiac_power_w, 0.8, 1.4);
    assert_eq!(s.aortic_valve_open_fraction, 1.0);
}

#[test]
fn cardiogenic_shock_meets_the_shock_trial_definition() {
    let s = summary("cardiogenic-shock", &[]);
    common::assert_claims(&["shock-systolic", "shock-output", "shock-pcwp", "shock-power"]);
    assert_in("EF", s.ejection_fraction, 0.10, 0.35);
    assert_in("MAP (mmHg)", s.map_mmhg, 50.0, 70.0);
}

#[test]
fn heart_failure_has_low_ef_and_raised_filling_pressure_with_maintained_pressure() {
    let s = summary("heart-failure", &[]);
    assert!(s.ejection_fraction < 0.40, "EF {}", s.ejection_fraction);
    assert!(s.pcwp_mmhg > 15.0, "PCWP {}", s.pcwp_mmhg);
    assert!(s.aortic_systolic_mmhg.expect("ejects") >= 90.0);
    assert!(s.lvedv_ml > 150.0, "a dilated LV: {}", s.lvedv_ml);
    let normal = summary("normal", &[]);
    assert!(s.cardiac_output_l_min < normal.cardiac_output_l_min);
}

#[test]
fn ordering_of_severity_across_presets() {
    let n = summary("normal", &[]);
    let hf = summary("heart-failure", &[]);
    let cs = summary("cardiogenic-shock", &[]);
    assert!(n.ejection_fraction > hf.ejection_fraction && hf.ejection_fraction > cs.ejection_fraction);
    assert!(n.cardiac_power_w > hf.cardiac_power_w && hf.cardiac_power_w > cs.cardiac_power_w);
    assert!(n.pcwp_mmhg < hf.pcwp_mmhg && n.pcwp_mmhg < cs.pcwp_mmhg);
    assert!(n.evr.unwrap() > cs.evr.unwrap(), "shock worsens supply/demand");
}

#[test]
fn frank_starling_more_volume_more_stroke_volume() {
    let low = summary("normal", &["blood.total_volume_ml=4500"]);
    let high = summary("normal", &["blood.total_volume_ml=5100"]);
    assert!(high.lvedv_ml > low.lvedv_ml + 5.0);
    assert!(high.stroke_volume_ml > low.stroke_volume_ml + 3.0);
}

#[test]
fn contractility_raises_stroke_volume_and_lowers_filling_pressure() {
    let weak = summary("normal", &["heart.lv.ees_mmhg_per_ml=1.2"]);
    let strong = summary("normal", &["heart.lv.ees_mmhg_per_ml=3.5"]);
    assert!(strong.stroke_volume_ml > weak.stroke_volume_ml);
    assert!(strong.lvedp_mmhg < weak.lvedp_mmhg);
    assert!(strong.pcwp_mmhg < weak.pcwp_mmhg);
}

#[test]
fn aortic_pressure_shows_a_dicrotic_notch_at_valve_closure() {
    // After the valve shuts, root pressure must dip and then rebound by at least 1 mmHg
    // within 100 ms: the incisura.
    let mut trace = Vec::new();
    run_preset("normal", &[], 30.0, |s| {
        if s.t_s > 25.0 {
            trace.push((s.t_s, s.hemo.aortic_root_mmhg, s.aortic_valve_open));
        }
    });
    let closures: Vec<usize> = (1..trace.len()).filter(|&i| trace[i - 1].2 && !trace[i].2).collect();
    assert!(closures.len() >= 5, "expected several beats, found {} closures", closures.len());
    for &c in &closures {
        // Largest rise above the running minimum within 100 ms of closure.
        let mut running_min = f64::INFINITY;
        let mut rebound = 0.0f64;
        for p in trace[c..].iter().take_while(|p| p.0 < trace[c].0 + 0.1) {
            running_min = running_min.min(p.1);
            rebound = rebound.max(p.1 - running_min);
        }
        assert!(rebound >= 1.0, "notch rebound {rebound:.2} mmHg after closure at t = {:.3}", trace[c].0);
    }
}

/// Rises of at least 0.3 mmHg from a running trough in `trace`: the waves a monitor shows.
fn waves(trace: &[f64]) -> usize {
    let (mut trough, mut peak, mut count, mut rising) = (f64::INFINITY, f64::NEG_INFINITY, 0, false);
    for &p in trace {
        if !rising && p > trough + 0.3 {
            rising = true;
            count += 1;
            peak = p;
        } else if rising && p < peak - 0.3 {
            rising = false;
            trough = p;
        }
        trough = trough.min(p);
        peak = peak.max(p);
    }
    count
}

#[test]
fn the_aortic_root_shows_one_dicrotic_wave_and_no_ringing() {
    // From valve closure to the next opening, central aortic pressure rebounds once (the
    // dicrotic wave) and then falls: an arch inertance between two compliances with no
    // damping rings at ~16 Hz for two or three waves, like a badly flushed transducer. The
    // balloon's own inflation wave is judged on its unassisted beats (1:2).
    for preset in ["normal", "heart-failure", "cardiogenic-shock"] {
        for device in
            [&[][..], &["assist.mode=pump", "assist.pump.p_level=5"], &["assist.mode=iabp", "assist.iabp.ratio=2"]]
        {
            let mut trace = Vec::new();
            run_preset(preset, device, 20.0, |s| {
                if s.t_s > 12.0 {
                    trace.push((s.hemo.aortic_root_mmhg, s.aortic_valve_open, s.hemo.balloon_ml));
                }
            });
            // A deflated balloon still holds its residual gas.
            let deflated = trace.iter().map(|p| p.2).fold(f64::INFINITY, f64::min) + 0.5;
            let mut diastoles = 0;
            let mut i = 1;
            while i < trace.len() {
                if trace[i - 1].1 && !trace[i].1 {
                    let end = (i..trace.len()).find(|&j| trace[j].1).unwrap_or(trace.len());
                    if trace[i..end].iter().all(|p| p.2 < deflated) && end < trace.len() {
                        let p: Vec<f64> = trace[i..end].iter().map(|p| p.0).collect();
                        let n = waves(&p);
                        assert!(n <= 1, "{preset} {device:?}: {n} waves after closure");
                        diastoles += 1;
                    }
                    i = end;
                }
                i += 1;
            }
            assert!(diastoles >= 3, "{preset} {device:?}: only {diastoles} diastoles judged");
        }
    }
}

#[test]
fn coronary_flow_is_mostly_diastolic() {
    // Left coronary flow is 70–80 % diastolic (Chilian & Marcus; Hoffman & Spaan 1990).
    common::assert_claims(&["normal-coronary-diastolic-share"]);
}
