//! The guided lessons in the left panel: each step loads its scenario, asks for a prediction,
//! then says where to look and explains, with the step's key numbers live (and without assist).

use bevy::prelude::*;
use bevy_egui::egui;
use egui::{Color32, RichText};

use super::{UiData, View, theme};
use crate::app::sim_driver::{Patient, SimCommand};
use crate::lessons::{Lesson, Reference, Step, lessons};
use crate::metrics::{Summary, SummaryField};
use crate::model::Params;

/// Width of the panel (points): wider than the controls, lessons are text.
const WIDTH: f32 = 300.0;

/// The lessons and where the student is in them.
#[derive(Resource, Debug, Clone, Default)]
pub struct LessonProgress {
    /// Every built-in lesson (empty if they failed to load, with `error` set).
    pub lessons: Vec<Lesson>,
    /// Why the lessons could not be loaded.
    pub error: Option<String>,
    /// The open lesson (0-based).
    pub lesson: usize,
    /// The open step (0-based).
    pub step: usize,
    /// The answer chosen for this step's prediction.
    pub chosen: Option<usize>,
    /// The step whose scenario was last loaded, (lesson, step), and its parameters: the step
    /// counts as loaded while the running patient still has them.
    pub loaded: Option<((usize, usize), Params)>,
}

impl LessonProgress {
    /// The open step, if the lessons loaded.
    pub fn current(&self) -> Option<&Step> {
        self.lessons.get(self.lesson).and_then(|l| l.steps.get(self.step))
    }

    /// Whether the open step's patient is the one running.
    pub fn is_loaded(&self, running: &Params) -> bool {
        self.loaded.as_ref().is_some_and(|(at, params)| *at == (self.lesson, self.step) && params == running)
    }

    /// Whether the numbers panel should highlight summary key `key` (only in the lessons view).
    pub fn highlights(&self, view: View, key: &str) -> bool {
        matches!(view, View::Lessons(_)) && self.current().is_some_and(|s| s.highlight.iter().any(|k| k == key))
    }

    /// Whether the numbers panel should hide summary key `key` for now: a highlighted key
    /// while the step's prediction is still open, so the answer is not on screen.
    pub fn hides(&self, view: View, key: &str) -> bool {
        self.highlights(view, key) && self.chosen.is_none() && self.current().is_some_and(|s| s.predict.is_some())
    }

    /// Opens `step` of `lesson` and loads its scenario: a live change when the preset stays the
    /// same (so the student sees the transition), a start from rest when it changes or when
    /// `fresh` is asked for.
    pub fn open(
        &mut self,
        (lesson, step): (usize, usize),
        fresh: bool,
        patient: &Patient,
        commands: &mut MessageWriter<SimCommand>,
    ) {
        self.lesson = lesson;
        self.step = step;
        self.chosen = None;
        let Some(current) = self.current() else { return };
        info!("lesson {}, step {}: {}", lesson + 1, step + 1, current.title);
        let Ok(scenario) = current.scenario() else { return };
        self.loaded = Some(((lesson, step), scenario.params.clone()));
        if !fresh && scenario.preset == patient.preset {
            commands.write(SimCommand::Apply(Box::new(scenario.params)));
        } else {
            commands.write(SimCommand::Load(Box::new(Patient::from_scenario(scenario))));
        }
    }
}

/// The patient of step `step` of lesson `index` (both 0-based), to start the app on it.
pub fn step_patient(index: usize, step: usize) -> Option<Patient> {
    let lesson = lessons().ok()?.into_iter().nth(index)?;
    let scenario = lesson.steps.get(step)?.scenario().ok()?;
    Some(Patient::from_scenario(scenario))
}

/// The lessons; with the `View` state on a lesson at start-up, the step the app opens on
/// ([`crate::app::AppOptions::lesson_step`]) is marked loaded (`app::plugin` started the
/// patient on it).
pub(super) fn plugin(app: &mut App) {
    let view = app.world().get_resource::<State<View>>().map_or(View::Monitor, |s| *s.get());
    let step = app.world().get_resource::<crate::app::AppOptions>().map_or(0, |o| o.lesson_step);
    let mut progress = match lessons() {
        Ok(lessons) => LessonProgress { lessons, ..default() },
        Err(e) => LessonProgress { error: Some(e.to_string()), ..default() },
    };
    if let View::Lessons(i) = view {
        progress.lesson = i;
        progress.step = step;
        if let Some(current) = progress.current() {
            info!("lesson {}, step {}: {}", i + 1, step + 1, current.title);
            progress.loaded = current.scenario().ok().map(|s| ((i, step), s.params));
        }
    }
    app.insert_resource(progress);
}

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    egui::Panel::left("lesson").resizable(false).exact_size(WIDTH).show(root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.set_max_width(WIDTH - 16.0);
            if let Some(error) = &data.lessons.error {
                ui.colored_label(theme::ALARM, format!("The lessons could not be loaded: {error}"));
                return;
            }
            chooser(ui, data);
            let (lesson, step) = (data.lessons.lesson, data.lessons.step);
            let Some(l) = data.lessons.lessons.get(lesson).cloned() else { return };
            ui.label(RichText::new(&l.goal).italics());
            ui.separator();
            if !data.lessons.is_loaded(&data.patient.params) {
                ui.label("This step's patient is not running (it was never loaded, or it was changed).");
                if ui.button(RichText::new("Start this step").strong()).clicked() {
                    data.lessons.open((lesson, step), false, &data.patient, &mut data.commands);
                }
                ui.separator();
            }
            let Some(s) = l.steps.get(step) else { return };
            step_view(ui, data, s, step, l.steps.len());
            ui.separator();
            navigation(ui, data, l.steps.len());
        });
    });
}

fn chooser(ui: &mut egui::Ui, data: &mut UiData) {
    let current = data.lessons.lesson;
    let title = |i: usize, l: &Lesson| format!("{}. {}", i + 1, l.title);
    let selected = data.lessons.lessons.get(current).map(|l| title(current, l)).unwrap_or_default();
    let mut open = None;
    // A long title is cut, not allowed to widen the panel past its edge.
    egui::ComboBox::from_id_salt("lesson")
        .width(WIDTH - 24.0)
        .truncate()
        .selected_text(RichText::new(selected).strong())
        .show_ui(ui, |ui| {
            for (i, l) in data.lessons.lessons.iter().enumerate() {
                if ui.selectable_label(i == current, title(i, l)).clicked() && i != current {
                    open = Some(i);
                }
            }
        });
    if let Some(i) = open {
        data.views.set(View::Lessons(i));
        data.lessons.open((i, 0), false, &data.patient, &mut data.commands);
    }
}

fn step_view(ui: &mut egui::Ui, data: &mut UiData, s: &Step, step: usize, steps: usize) {
    ui.label(RichText::new(format!("Step {} of {steps}: {}", step + 1, s.title)).strong().size(15.0));
    ui.label(&s.text);
    let revealed = match (&s.predict, s.answer) {
        (Some(question), Some(answer)) => {
            ui.add_space(4.0);
            ui.label(RichText::new(format!("Predict: {question}")).color(theme::DEVICE));
            for (i, option) in s.options.iter().enumerate() {
                let chosen = data.lessons.chosen == Some(i);
                let mut text = RichText::new(option);
                if data.lessons.chosen.is_some() && i == answer {
                    text = text.color(theme::RIGHT).strong();
                }
                if ui.add(egui::Button::new(text).selected(chosen)).clicked() && data.lessons.chosen.is_none() {
                    data.lessons.chosen = Some(i);
                }
            }
            match data.lessons.chosen {
                // Skipped: nothing to mark.
                Some(c) if c >= s.options.len() => {}
                Some(c) if c == answer => {
                    ui.colored_label(theme::RIGHT, "Right.");
                }
                Some(_) => {
                    ui.colored_label(theme::WRONG, format!("Not quite: {}.", s.options[answer]));
                }
                None => {
                    if ui.small_button("Skip the prediction").clicked() {
                        data.lessons.chosen = Some(usize::MAX);
                    }
                }
            }
            data.lessons.chosen.is_some()
        }
        _ => true,
    };
    if !revealed {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Observe").strong());
    ui.label(&s.observe);
    ui.label(RichText::new("Why").strong());
    ui.label(&s.explain);
    let summary = data.history.summary;
    key_numbers(ui, s, summary.as_ref(), data.baseline.summary.as_ref());
    model_shows(ui, s, summary.as_ref());
}

/// The step's highlighted indices, live and without assist.
fn key_numbers(ui: &mut egui::Ui, s: &Step, now: Option<&Summary>, unassisted: Option<&Summary>) {
    if s.highlight.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("Key numbers (no assist in grey)").strong());
    for key in &s.highlight {
        let Some(field) = SummaryField::find(key) else { continue };
        let value = |s: Option<&Summary>| s.and_then(|s| (field.get)(s));
        let cell = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), crate::metrics::format_number);
        // Wrapped, not a grid: the labels are long and the panel is narrow.
        ui.horizontal_wrapped(|ui| {
            ui.label(field.label);
            ui.label(RichText::new(format!("{} {}", cell(value(now)), field.unit)).strong().color(theme::HIGHLIGHT));
            // Balloon landmarks have no value without assist: then nothing is shown.
            if let Some(v) = value(unassisted) {
                ui.label(RichText::new(format!("({})", cell(Some(v)))).color(Color32::GRAY));
            }
        });
    }
}

/// The step's claims that can be read off the running patient (those comparing two indices
/// of this step), each with whether the monitor shows it now.
fn model_shows(ui: &mut egui::Ui, s: &Step, now: Option<&Summary>) {
    let Some(now) = now else { return };
    let live: Vec<_> = s.checks.iter().filter(|c| matches!(c.reference(), Ok((_, Reference::Metric(_))))).collect();
    if live.is_empty() {
        return;
    }
    ui.add_space(4.0);
    ui.label(RichText::new("The monitor now shows").strong());
    for check in live {
        if let Ok((value, other, holds)) = check.evaluate(now, &[]) {
            let mark = if holds { "yes" } else { "not yet" };
            ui.label(format!("{}: {} ({value:.1} vs {other:.1})", check.describe(), mark));
        }
    }
}

fn navigation(ui: &mut egui::Ui, data: &mut UiData, steps: usize) {
    let (lesson, step) = (data.lessons.lesson, data.lessons.step);
    ui.horizontal(|ui| {
        if ui.add_enabled(step > 0, egui::Button::new("< Back")).clicked() {
            data.lessons.open((lesson, step - 1), false, &data.patient, &mut data.commands);
        }
        if ui.add_enabled(step + 1 < steps, egui::Button::new(RichText::new("Next >").strong())).clicked() {
            data.lessons.open((lesson, step + 1), false, &data.patient, &mut data.commands);
        }
        if ui.button("Reload step").on_hover_text("Load this step's patient again from rest.").clicked() {
            data.lessons.open((lesson, step), true, &data.patient, &mut data.commands);
        }
    });
    if step + 1 == steps && lesson + 1 < data.lessons.lessons.len() && ui.button("Next lesson >").clicked() {
        data.views.set(View::Lessons(lesson + 1));
        data.lessons.open((lesson + 1, 0), false, &data.patient, &mut data.commands);
    }
}
