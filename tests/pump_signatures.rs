//! Continuous-flow pump: the textbook signatures (Burkhoff et al., JACC 66:2663, 2015:
//! unloading with a leftward PV-loop shift, rising MAP and falling pulse pressure, flow that
//! falls with afterload; suction in an empty ventricle). Every comparison is against the same
//! patient without support or at another P-level, never against copied numbers.

mod common;
use common::{run_preset, summary};
use counterpulse::devices::PumpClass;
use counterpulse::devices::pump::curve_flow_l_min;

const SHOCK: &str = "cardiogenic-shock";

fn pump(class: &str, level: u32, extra: &[&str]) -> counterpulse::metrics::Summary {
    let mode = "assist.mode=pump".to_owned();
    let class = format!("assist.pump.class={class}");
    let level = format!("assist.pump.p_level={level}");
    let mut sets: Vec<&str> = vec![&mode, &class, &level];
    sets.extend_from_slice(extra);
    summary(SHOCK, &sets)
}

#[test]
fn flow_follows_the_pump_curve_at_the_simulated_head() {
    let (mut sum_q, mut sum_curve, mut n) = (0.0, 0.0, 0.0);
    run_preset(SHOCK, &["assist.mode=pump", "assist.pump.class=cp", "assist.pump.p_level=8"], 40.0, |s| {
        if s.t_s > 20.0 {
            let head = s.hemo.aortic_root_mmhg - s.hemo.lv_mmhg;
            sum_q += s.hemo.pump_ml_per_s * 0.06;
            sum_curve += curve_flow_l_min(PumpClass::Cp, 8, head) * s.hemo.pump_inlet_factor;
            n += 1.0;
        }
    });
    let (q, c) = (sum_q / n, sum_curve / n);
    // The 50 ms lag smooths the beat-to-beat swings of head but not the mean.
    assert!((q - c).abs() / c < 0.03, "mean pump flow {q:.3} vs curve {c:.3} L/min");
    assert!((3.0..4.1).contains(&q), "CP at P8 in shock: {q:.2} L/min");
}

#[test]
fn support_unloads_the_ventricle_monotonically_with_p_level() {
    let base = summary(SHOCK, &[]);
    let mut last = base;
    for level in [2, 4, 6, 8] {
        let s = pump("cp", level, &[]);
        for (name, before, after) in [
            ("LVEDP", last.lvedp_mmhg, s.lvedp_mmhg),
            ("PCWP", last.pcwp_mmhg, s.pcwp_mmhg),
            ("LVEDV", last.lvedv_ml, s.lvedv_ml),
            ("PVA", last.pva_mmhg_ml, s.pva_mmhg_ml),
        ] {
            assert!(after < before, "P{level}: {name} {before:.2} → {after:.2} should fall");
        }
        // End-systolic volume: at 2.5/CP-class support the pump raises aortic pressure
        // (afterload) about as much as it drains the ventricle, so ESV barely moves, as
        // measured by conductance catheter in patients (Remmelink et al., Catheter Cardiovasc
        // Interv 75:187, 2010: LVEDP 22 → 13 mmHg with no change in systolic function). It
        // must not rise by more than 1 mL (< 1 %) per step and must fall at full support.
        assert!(s.lvesv_ml < last.lvesv_ml + 1.0, "P{level}: LVESV {:.2} → {:.2}", last.lvesv_ml, s.lvesv_ml);
        assert!(s.total_output_l_min > last.total_output_l_min, "P{level}: total output must rise");
        last = s;
    }
    let strongest = pump("5.0", 9, &[]);
    assert!(strongest.lvesv_ml < base.lvesv_ml - 10.0, "LVESV {:.1} → {:.1}", base.lvesv_ml, strongest.lvesv_ml);
    assert!(strongest.lvedv_ml < last.lvedv_ml && strongest.lvedp_mmhg < last.lvedp_mmhg);
}

#[test]
fn map_rises_and_pulse_pressure_falls() {
    let base = summary(SHOCK, &[]);
    let s = pump("cp", 8, &[]);
    assert!(s.map_mmhg > base.map_mmhg + 5.0, "MAP {:.1} → {:.1}", base.map_mmhg, s.map_mmhg);
    assert!(
        s.pulse_pressure_mmhg < base.pulse_pressure_mmhg,
        "PP {:.1} → {:.1}",
        base.pulse_pressure_mmhg,
        s.pulse_pressure_mmhg
    );
    assert!(s.cardiac_power_w > base.cardiac_power_w);
    assert!(s.stroke_volume_ml < base.stroke_volume_ml, "native ejection falls as the pump empties the LV");
}

#[test]
fn high_support_on_a_weak_ventricle_keeps_the_aortic_valve_shut() {
    common::assert_claims(&["full-support-valve-shut"]);
}

#[test]
fn pump_flow_falls_when_afterload_rises() {
    common::assert_claims(&["pump-flow-falls-with-afterload"]);
    let (low, high) = (pump("cp", 8, &[]), pump("cp", 8, &["systemic.peripheral_r_mmhg_s_per_ml=1.6"]));
    assert!(high.map_mmhg > low.map_mmhg);
}

#[test]
fn a_hypovolaemic_patient_at_high_p_level_shows_suction() {
    common::assert_claims(&["suction-when-dry"]);
}

#[test]
fn start_up_ramp_brings_flow_up_gradually() {
    let mut early = 0.0;
    let mut late = 0.0;
    run_preset(SHOCK, &["assist.mode=pump", "assist.pump.ramp_s=10"], 15.0, |s| {
        if (2.0..2.01).contains(&s.t_s) {
            early = s.hemo.pump_ml_per_s;
        }
        if (14.0..14.01).contains(&s.t_s) {
            late = s.hemo.pump_ml_per_s;
        }
    });
    assert!(early < 0.4 * late, "flow at 2 s {early:.1} vs 14 s {late:.1} mL/s");
}

#[test]
fn a_failing_right_ventricle_caps_what_the_pump_can_do() {
    // The same weak LV with a working right heart (`cardiogenic-shock`) and with a failing one
    // facing a high pulmonary resistance (`biventricular-shock`): at 5.0 P9 the right heart
    // cannot bring the pump its blood. The LV empties onto the inlet (suction on every beat),
    // the pump delivers less than its curve, and the venous pressure stays high while the left
    // side empties.
    let full = ["assist.mode=pump", "assist.pump.class=5.0", "assist.pump.p_level=9"];
    let (lv_only, lv_only_base) = (summary(SHOCK, &full), summary(SHOCK, &[]));
    let (biv, biv_base) = (summary("biventricular-shock", &full), summary("biventricular-shock", &[]));
    assert_eq!(lv_only.suction, 0.0, "a working RV fills the pump");
    assert!(biv.suction > 0.9, "suction on {:.0} % of beats", 100.0 * biv.suction);
    assert!(
        biv.pump_flow_l_min < lv_only.pump_flow_l_min - 0.5,
        "{:.2} vs {:.2}",
        biv.pump_flow_l_min,
        lv_only.pump_flow_l_min
    );
    assert!(
        biv.cvp_mmhg > biv_base.cvp_mmhg - 1.5 && biv.pcwp_mmhg < biv_base.pcwp_mmhg - 5.0,
        "CVP {:.1} → {:.1}, PCWP {:.1} → {:.1}",
        biv_base.cvp_mmhg,
        biv.cvp_mmhg,
        biv_base.pcwp_mmhg,
        biv.pcwp_mmhg
    );
    assert!(lv_only.cvp_mmhg < lv_only_base.cvp_mmhg + 1.0);
    // The preset meets the pattern it is named for: RA pressure high, above the wedge pressure.
    assert!(
        biv_base.cvp_mmhg > 15.0 && biv_base.cvp_mmhg > 1.5 * biv_base.pcwp_mmhg,
        "RAP {:.1}, PCWP {:.1}",
        biv_base.cvp_mmhg,
        biv_base.pcwp_mmhg
    );
}
