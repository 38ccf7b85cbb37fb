//! Mechanical complications of infarction: a regurgitant mitral orifice and a ventricular
//! septal defect. Their published pictures and what the devices do to them are validation
//! claims, checked here too; the rest are mass balances and textbook signatures.

mod common;

use common::{assert_in, run_preset, summary};

#[test]
fn the_complications_and_the_devices_show_their_published_directions() {
    common::assert_claims(&["acute-mr-v-waves", "acute-mr-pump", "vsd-qp-qs", "vsd-pump", "ar-balloon"]);
}

#[test]
fn without_a_hole_nothing_regurgitates_and_the_lungs_carry_what_the_body_does() {
    for preset in ["normal", "cardiogenic-shock"] {
        let s = summary(preset, &[]);
        assert_eq!(s.mitral_regurgitant_fraction, 0.0, "{preset}");
        assert_eq!(s.aortic_regurgitant_fraction, 0.0, "{preset}");
        assert_eq!(s.qp_qs, Some(1.0), "{preset}");
    }
}

#[test]
fn regurgitation_empties_the_ventricle_backwards_and_makes_v_waves() {
    let competent = summary("acute-mr", &["lesions.mitral_regurgitant_orifice_cm2=0"]);
    let leaking = summary("acute-mr", &[]);
    // The ventricle ejects a larger share of its volume, but less of it forward.
    assert!(leaking.ejection_fraction > competent.ejection_fraction + 0.1);
    assert!(leaking.stroke_volume_ml < competent.stroke_volume_ml - 10.0);
    // The regurgitant volume raises the atrial pressure late in systole: the v wave stands
    // far above the mean, as it does not with a competent valve.
    let v = |s: &counterpulse::metrics::Summary| s.pcwp_v_wave_mmhg - s.pcwp_mmhg;
    assert!(v(&leaking) > v(&competent) + 8.0, "v wave {:.1} vs {:.1}", v(&leaking), v(&competent));
    // The fraction is what went back of everything the ventricle put out: the beat's volume
    // change (EDV - ESV) carries forward and backward flow alike.
    let total = leaking.lvedv_ml - leaking.lvesv_ml;
    let backward = leaking.mitral_regurgitant_fraction * total;
    assert_in("backward + forward over EDV - ESV", (backward + leaking.stroke_volume_ml) / total, 0.9, 1.1);
}

#[test]
fn a_septal_defect_shunts_left_to_right_more_against_a_higher_afterload() {
    let s = summary("post-mi-vsd", &[]);
    let run = run_preset("post-mi-vsd", &[], 60.0, |_| {});
    // Over the last beats the pulmonary flow exceeds the aortic (systemic and coronary) flow
    // by the shunt.
    let beats = &run.beats[run.beats.len() - 12..];
    let (qp, shunt, aortic) = beats
        .iter()
        .fold((0.0, 0.0, 0.0), |(q, sh, a), b| (q + b.pulmonary_flow_ml, sh + b.shunt_ml, a + b.stroke_volume_ml));
    assert!(shunt > 0.0);
    assert_in("(Qp - shunt) / aortic output", (qp - shunt) / aortic, 0.97, 1.03);
    assert_in("Qp/Qs against the volumes", s.qp_qs.unwrap() / (qp / (qp - shunt)), 0.999, 1.001);
    // Vasoconstriction raises LV pressure and drives more blood across the septum.
    let constricted = summary("post-mi-vsd", &["systemic.peripheral_r_mmhg_s_per_ml=1.6"]);
    assert!(constricted.qp_qs.unwrap() > s.qp_qs.unwrap() + 0.2);
}

#[test]
fn blood_is_conserved_and_volumes_stay_positive_with_every_hole_open() {
    let r = run_preset(
        "cardiogenic-shock",
        &[
            "lesions.mitral_regurgitant_orifice_cm2=1.0",
            "lesions.vsd_orifice_cm2=2.0",
            "lesions.aortic_regurgitant_orifice_cm2=1.0",
            "assist.mode=pump",
        ],
        300.0,
        |_| {},
    );
    assert!(r.finite);
    assert!(r.min_volume_ml > 0.0, "smallest volume {:.2} mL", r.min_volume_ml);
    let drift = r.conservation.final_blood_volume_ml - r.conservation.initial_blood_volume_ml;
    assert!(drift.abs() < 1e-3, "drift {drift} mL");
}

#[test]
fn aortic_regurgitation_widens_the_pulse_and_recirculates_pump_flow() {
    let competent = summary("normal", &[]);
    let leaking = summary("normal", &["lesions.aortic_regurgitant_orifice_cm2=0.3"]);
    // The aorta empties into the ventricle as well as the body in diastole.
    assert!(leaking.aortic_diastolic_mmhg < competent.aortic_diastolic_mmhg - 15.0);
    assert!(leaking.pulse_pressure_mmhg > competent.pulse_pressure_mmhg + 10.0);
    assert!(leaking.lvedp_mmhg > competent.lvedp_mmhg + 8.0);
    assert_in("aortic regurgitant fraction", leaking.aortic_regurgitant_fraction, 0.3, 0.5);
    // The net forward output is what the body gets: the total ejection less what comes back.
    let ejected = leaking.lvedv_ml - leaking.lvesv_ml;
    let back = leaking.aortic_regurgitant_fraction * ejected;
    assert_in("net forward + regurgitant over EDV - ESV", (leaking.stroke_volume_ml + back) / ejected, 0.95, 1.05);
    // A pump across the leak: much of its flow comes straight back.
    let pump =
        summary("normal", &["lesions.aortic_regurgitant_orifice_cm2=0.3", "assist.mode=pump", "assist.pump.class=cp"]);
    let gain = pump.total_output_l_min - leaking.total_output_l_min;
    assert!(gain < 0.3 * pump.pump_flow_l_min, "{gain:.2} L/min more for {:.2} through the pump", pump.pump_flow_l_min);
}
