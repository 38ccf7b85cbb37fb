//! The spot-the-timing-error quiz in the left panel: the balloon at 1:2 with a hidden timing
//! (correct, or one of the four errors), the student names it, the app explains it on the
//! landmarks and keeps a score for the session.

use bevy::prelude::*;
use bevy_egui::egui;
use egui::RichText;

use super::{UiData, theme};
use crate::app::sim_driver::{Patient, SimCommand};
use crate::metrics::{SUMMARY_BEATS, Summary};
use crate::model::Params;
use crate::quiz::{Cost, Draw, QUIZ_PRESET, TIMING_CASES, costs, explain};

/// Width of the panel (points).
const WIDTH: f32 = 300.0;
/// Beats to watch after a question is set on the running quiz patient before answering: the
/// new timing needs a couple of beats to show, and 1:2 needs an assisted and an unassisted
/// beat side by side.
const BEATS_BEFORE_ANSWER: usize = 4;
/// Beats to watch when the question had to start the quiz patient from rest (another preset
/// was running): the circulation settles over the first several seconds.
const BEATS_FROM_REST: usize = 12;

/// The quiz's session: the open question, the last answer and the score.
#[derive(Resource, Debug, Clone)]
pub struct Quiz {
    draw: Draw,
    /// The hidden case (index into [`TIMING_CASES`]) of the open or last question.
    pub case: Option<usize>,
    /// The answer given to it (None while the question is open).
    pub answer: Option<usize>,
    /// Simulated time the question was set (s).
    pub asked_at_s: f64,
    /// Beats to watch before answering.
    pub beats_needed: usize,
    /// The parameters the open question set: if the patient changes, the question is dropped.
    asked_params: Option<Params>,
    /// Right answers this session.
    pub right: u32,
    /// Questions answered this session.
    pub answered: u32,
    /// The cost numbers of the last answered case (index, numbers), computed once per answer.
    costs: Option<(usize, Vec<Cost>)>,
}

impl Quiz {
    /// A quiz whose questions are drawn from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            draw: Draw::new(seed),
            case: None,
            answer: None,
            asked_at_s: 0.0,
            beats_needed: BEATS_BEFORE_ANSWER,
            asked_params: None,
            right: 0,
            answered: 0,
            costs: None,
        }
    }

    /// True while a question waits for its answer (the timing controls are hidden then).
    pub fn is_open(&self) -> bool {
        self.case.is_some() && self.answer.is_none()
    }

    /// Draws a question (mixing `entropy`, e.g. the click time, into the draw) and returns the
    /// patient to show it on ([`crate::quiz::params`]) and whether it must start from rest
    /// (`running` is another preset).
    pub fn ask(&mut self, entropy: u64, running: &Patient, now_s: f64) -> (Patient, bool) {
        self.draw.mix(entropy);
        let case = self.draw.below(TIMING_CASES.len());
        let params = crate::quiz::params(&TIMING_CASES[case]);
        let from_rest = running.preset != QUIZ_PRESET;
        self.case = Some(case);
        self.answer = None;
        self.asked_at_s = if from_rest { 0.0 } else { now_s };
        self.beats_needed = if from_rest { BEATS_FROM_REST } else { BEATS_BEFORE_ANSWER };
        self.asked_params = Some(params.clone());
        (Patient::new(QUIZ_PRESET, params), from_rest)
    }

    /// Keeps the open question honest about the running patient: it is dropped (unscored) if
    /// the patient was changed, and its beat count restarts if the patient restarted from rest.
    pub fn sync(&mut self, params: &Params, now_s: f64) {
        if self.is_open() && self.asked_params.as_ref() != Some(params) {
            self.case = None;
            self.asked_params = None;
            info!("quiz: question dropped (the patient was changed)");
        }
        if now_s < self.asked_at_s {
            self.asked_at_s = 0.0;
        }
    }

    /// Records the answer `choice` (index into [`TIMING_CASES`]); true if it was right.
    pub fn answer(&mut self, choice: usize) -> bool {
        let right = self.case == Some(choice);
        if self.is_open() {
            self.answer = Some(choice);
            self.answered += 1;
            self.right += u32::from(right);
        }
        right
    }
}

/// A seed that differs between sessions: the wall clock (natively) or the page's clock (web).
pub fn session_seed() -> u64 {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_nanos() as u64)
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::Date::now().to_bits()
    }
}

pub(super) fn plugin(app: &mut App) {
    if !app.world().contains_resource::<Quiz>() {
        app.insert_resource(Quiz::new(session_seed()));
    }
}

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    egui::Panel::left("quiz").resizable(false).exact_size(WIDTH).show(root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(WIDTH - 16.0);
            ui.heading("Spot the timing error");
            ui.label(
                "A patient in cardiogenic shock with the balloon at 1:2 and its timing hidden: correct, \
                 or one of the four classic errors. Compare the assisted beat with the unassisted one \
                 next to it, then name it.",
            );
            ui.label(
                RichText::new(format!("Score this session: {} of {}", data.quiz.right, data.quiz.answered))
                    .strong()
                    .size(16.0),
            );
            ui.separator();
            let label = if data.quiz.case.is_none() { "Start: first question (N)" } else { "New question (N)" };
            if ui.button(RichText::new(label).strong()).clicked() {
                new_question(data);
            }
            let Some(case) = data.quiz.case else { return };
            question(ui, data, case);
        });
    });
}

/// Sets a new question on the running patient.
pub(super) fn new_question(data: &mut UiData) {
    let entropy = data.real_time.elapsed().as_nanos() as u64;
    let (patient, from_rest) = data.quiz.ask(entropy, &data.patient, data.history.now_s());
    data.display.landmarks = true;
    data.commands.write(if from_rest {
        SimCommand::Load(Box::new(patient))
    } else {
        SimCommand::Apply(Box::new(patient.params))
    });
    info!("quiz: question {} set", data.quiz.answered + 1);
}

/// Whether the open question may be answered: enough beats watched since it was set.
pub(super) fn can_answer(data: &UiData) -> bool {
    let asked_at = data.quiz.asked_at_s;
    data.quiz.is_open()
        && data.history.beats().iter().filter(|b| b.start_s > asked_at).count() >= data.quiz.beats_needed
}

/// Answers the open question with case `choice` (a button or keys 1 to 5).
pub(super) fn answer(data: &mut UiData, choice: usize) {
    let right = data.quiz.answer(choice);
    info!(
        "quiz: answered {}, {}; score {} of {}",
        TIMING_CASES[choice].name,
        if right { "right" } else { "wrong" },
        data.quiz.right,
        data.quiz.answered
    );
}

fn question(ui: &mut egui::Ui, data: &mut UiData, case: usize) {
    let asked_at = data.quiz.asked_at_s;
    let watched = data.history.beats().iter().filter(|b| b.start_s > asked_at).count();
    ui.add_space(4.0);
    ui.label("Which timing is this?");
    let needed = data.quiz.beats_needed;
    if data.quiz.is_open() && watched < needed {
        ui.label(RichText::new(format!("Watch the monitor: {watched} of {needed} beats so far.")).color(theme::DEVICE));
    }
    let enabled = can_answer(data);
    for (i, c) in TIMING_CASES.iter().enumerate() {
        let mut text = RichText::new(format!("{}  {}", i + 1, c.name));
        if data.quiz.answer.is_some() && i == case {
            text = text.color(theme::RIGHT).strong();
        }
        let chosen = data.quiz.answer == Some(i);
        if ui.add_enabled(enabled, egui::Button::new(text).selected(chosen)).clicked() {
            answer(data, i);
        }
    }
    let Some(answer) = data.quiz.answer else { return };
    ui.separator();
    let case_index = case;
    let case = &TIMING_CASES[case];
    if answer == data.quiz.case.unwrap_or(usize::MAX) {
        ui.label(RichText::new(format!("Right: {}.", case.name)).color(theme::RIGHT).strong().size(16.0));
    } else {
        ui.label(
            RichText::new(format!("Not quite: it is {}.", case.name.to_lowercase()))
                .color(theme::WRONG)
                .strong()
                .size(16.0),
        );
    }
    // Explained on the beats since the question was set (the first one may still be mixed).
    let beats = data.history.beats();
    let since = beats.iter().filter(|b| b.start_s > asked_at).count().saturating_sub(1);
    if data.quiz.costs.as_ref().is_none_or(|(i, _)| *i != case_index) {
        // Two headless runs of the quiz patient, once per answer (a few milliseconds).
        data.quiz.costs = Some((case_index, costs(case)));
    }
    if let Some(summary) = Summary::of_last_n(beats, since.min(SUMMARY_BEATS)) {
        let cost = data.quiz.costs.as_ref().map_or(&[][..], |(_, c)| c.as_slice());
        ui.label(explain(case, &summary, cost));
    }
    ui.label(
        RichText::new("The landmarks (PSP, DN, PDP, BAEDP, PAEDP, APSP) are labelled on the arterial trace.")
            .small()
            .italics(),
    );
}
