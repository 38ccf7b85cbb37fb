//! Alarms a student should learn from, judged on the most recent beats like a console's.

use crate::devices::timing::{BALLOON_NO_TRIGGER, BALLOON_TIMING_FALLBACK};
use crate::devices::{AssistMode, Warning};
use crate::metrics::BeatMetrics;
use crate::model::{Params, Rhythm};

/// Beats an alarm looks back over.
const LOOK_BACK_BEATS: usize = 3;
/// Augmentation alarm: an assisted beat whose diastolic peak rises less than this (mmHg)
/// above its dicrotic notch gains little diastolic pressure from the balloon. Consoles alarm
/// on a user-set limit; in this model correct timing adds 30–45 mmHg in shock and normal
/// patients and a closing valve alone rebounds by a few mmHg, so 15 mmHg separates "balloon working" from "balloon barely filling".
const LOW_AUGMENTATION_MMHG: f64 = 15.0;

/// An active alarm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alarm {
    /// The pump's inlet is obstructed by an almost empty ventricle.
    Suction,
    /// The balloon's diastolic augmentation is missing or small.
    LowAugmentation,
    /// The aortic valve has not opened for several beats.
    NonEjecting,
    /// The balloon console finds no dicrotic notch and times from the ECG.
    BalloonTiming,
    /// The balloon console has no trigger (no R wave) and has stopped.
    NoTrigger,
    /// A malignant rhythm: ventricular tachycardia, fibrillation or asystole.
    Arrhythmia(Rhythm),
}

impl Alarm {
    /// Short monitor text.
    pub fn title(self) -> &'static str {
        match self {
            Self::Suction => "SUCTION",
            Self::LowAugmentation => "LOW AUGMENTATION",
            Self::NonEjecting => "AORTIC VALVE NOT OPENING",
            Self::BalloonTiming => "BALLOON: CHECK TIMING",
            Self::NoTrigger => "BALLOON: TRIGGER LOST",
            Self::Arrhythmia(Rhythm::Vt) => "VENTRICULAR TACHYCARDIA",
            Self::Arrhythmia(Rhythm::Vf) => "VENTRICULAR FIBRILLATION",
            Self::Arrhythmia(_) => "ASYSTOLE",
        }
    }

    /// What it means and what is taught to do about it.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::Suction => {
                "The LV is nearly empty around the pump inlet: flow and pressure drop. Taught remedies: \
                 give volume, lower the P-level, check the right ventricle."
            }
            Self::LowAugmentation => {
                "The balloon adds less than 15 mmHg to diastolic pressure: a small or partly filled \
                 balloon, a small stroke volume, or poor timing."
            }
            Self::NonEjecting => {
                "The pump carries the whole output and the ventricle no longer opens its valve: the \
                 arterial trace is nearly flat (pulsatility lost)."
            }
            Self::BalloonTiming => BALLOON_TIMING_FALLBACK.message,
            Self::NoTrigger => BALLOON_NO_TRIGGER.message,
            Self::Arrhythmia(Rhythm::Vt) => {
                "Fast, regular, wide complexes: the ventricle has little time to fill, so each beat ejects \
                 little. Check the pulse and the arterial trace."
            }
            Self::Arrhythmia(_) => {
                "No coordinated contraction: the heart ejects nothing. Only a pump that takes blood from the \
                 ventricle keeps a flow, as far as venous pressure fills it; the balloon has nothing to \
                 augment. Call for help, start CPR and defibrillate a shockable rhythm."
            }
        }
    }
}

/// The alarms raised by the last beats of `beats` (oldest first) under `params`, and by the
/// devices' `warnings`.
pub fn alarms(params: &Params, beats: &[BeatMetrics], warnings: &[Warning]) -> Vec<Alarm> {
    let recent = &beats[beats.len().saturating_sub(LOOK_BACK_BEATS)..];
    let mut out = Vec::new();
    if params.assist.mode == AssistMode::Iabp && warnings.contains(&BALLOON_NO_TRIGGER) {
        out.push(Alarm::NoTrigger);
    }
    // The rhythm alarm sounds on the first cycle, as a monitor's does.
    if let Some(rhythm) =
        beats.last().map(|b| b.rhythm).filter(|r| matches!(r, Rhythm::Vt | Rhythm::Vf | Rhythm::Asystole))
    {
        out.push(Alarm::Arrhythmia(rhythm));
        if !rhythm.ventricles_contract() {
            // The device alarms below judge beats; there are none.
            if params.assist.mode == AssistMode::Pump && recent.iter().any(|b| b.suction) {
                out.push(Alarm::Suction);
            }
            return out;
        }
    }
    if recent.len() < LOOK_BACK_BEATS {
        return out;
    }
    if params.assist.mode == AssistMode::Pump && recent.iter().any(|b| b.suction) {
        out.push(Alarm::Suction);
    }
    if params.assist.mode == AssistMode::Iabp {
        // Look back far enough to see an assisted beat at 1:3.
        let window = &beats[beats.len().saturating_sub(2 * params.assist.iabp.ratio.round() as usize + 1)..];
        let latest_assisted = window.iter().rev().find(|b| b.assisted);
        let low = match latest_assisted {
            None => true,
            Some(b) => match (b.peak_diastolic_mmhg, b.dicrotic_notch_mmhg) {
                (Some(pdp), Some(notch)) => pdp < notch + LOW_AUGMENTATION_MMHG,
                _ => false,
            },
        };
        if low {
            out.push(Alarm::LowAugmentation);
        }
    }
    if recent.iter().all(|b| !b.ejected) {
        out.push(Alarm::NonEjecting);
    }
    if params.assist.mode == AssistMode::Iabp && warnings.contains(&BALLOON_TIMING_FALLBACK) {
        out.push(Alarm::BalloonTiming);
    }
    out
}
