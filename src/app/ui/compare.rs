//! Compare view: the same patient with no assist, the balloon and the pump, each run for the
//! same time as `counterpulse compare` (the same core function, the same rows), shown as
//! overlaid arterial traces, overlaid PV loops and a table of differences. The three runs go
//! on in the background (bevy's async compute pool), never in the UI pass: the view shows
//! that they are running and only ever the numbers of the patient on the monitor.

use bevy::prelude::*;
use bevy::tasks::{AsyncComputeTaskPool, Task, futures::check_ready};
use bevy_egui::egui;
use egui::{Color32, RichText};
use egui_plot::{Legend, Line, PlotPoints};

use super::{UiData, View, theme};
use crate::app::{AppSystems, Patient};
use crate::compare::{ALL_DEVICES, Column, compare_observed, device_label, rows};
use crate::devices::AssistMode;

/// Simulated seconds per device: the command line's default run length.
pub const COMPARE_SECONDS: f64 = crate::run::DEFAULT_SECONDS;
/// Width of the left panel (points).
const WIDTH: f32 = 280.0;

/// The last comparison, the patient it was run for, and the one running.
#[derive(Resource, Debug, Default)]
pub struct Comparison {
    /// One column per device, in [`ALL_DEVICES`] order.
    pub columns: Vec<Column>,
    /// The patient (with events) the columns belong to.
    pub computed_for: Option<Patient>,
    /// The runs under way in the background, and their patient.
    running: Option<(Patient, Task<Vec<Column>>)>,
}

impl Comparison {
    /// True while runs are under way.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// The columns, if they belong to `patient`.
    pub fn columns_for(&self, patient: &Patient) -> Option<&[Column]> {
        (self.computed_for.as_ref() == Some(patient)).then_some(self.columns.as_slice())
    }
}

/// The comparison and its background runs (needs the `View` state and the [`Patient`]).
pub fn plugin(app: &mut App) {
    app.init_resource::<Comparison>()
        .add_systems(Update, update_comparison.in_set(AppSystems::Derive).run_if(in_state(View::Compare)));
}

/// Collects finished runs, and starts runs for the monitor's patient when the columns are of
/// another one (a newer patient replaces runs still under way for an older one).
fn update_comparison(patient: Res<Patient>, mut comparison: ResMut<Comparison>) {
    if let Some((params, task)) = comparison.running.as_mut()
        && let Some(columns) = check_ready(task)
    {
        let params = params.clone();
        let labels: Vec<&str> = columns.iter().map(|c| c.label.as_str()).collect();
        info!("compare: runs ready ({})", labels.join(" vs "));
        comparison.columns = columns;
        comparison.computed_for = Some(params);
        comparison.running = None;
    }
    let wanted = &*patient;
    let running_for = comparison.running.as_ref().map(|(p, _)| p);
    if comparison.computed_for.as_ref() != Some(wanted) && running_for != Some(wanted) {
        let run = wanted.clone();
        let task = AsyncComputeTaskPool::get()
            .spawn(async move { compare_observed(&run.params, &run.events, &ALL_DEVICES, COMPARE_SECONDS, |_, _| {}) });
        comparison.running = Some((wanted.clone(), task));
    }
}

/// Colour of each device's traces.
fn color(device: AssistMode) -> Color32 {
    match device {
        AssistMode::Off => theme::GHOST,
        AssistMode::Iabp => theme::DEVICE,
        AssistMode::Pump => theme::PUMP,
    }
}

pub(super) fn panel(root: &mut egui::Ui, data: &mut UiData) {
    egui::Panel::left("compare-panel").resizable(false).exact_size(WIDTH).show(root, |ui| {
        ui.set_max_width(WIDTH - 16.0);
        ui.heading("Compare devices");
        ui.label(format!(
            "The patient of the monitor ({}) simulated {COMPARE_SECONDS:.0} s three times: without assist, with \
             the balloon and with the pump, each with its settings from the controls. Numbers are the \
             average of the last beats, as in `counterpulse compare`.",
            data.patient.preset
        ));
        ui.add_space(6.0);
        for device in ALL_DEVICES {
            let mut p = data.patient.params.clone();
            p.assist.mode = device;
            // The balloon's label carries its offsets: not while a quiz question hides them.
            let label = if device == AssistMode::Iabp && data.quiz.is_open() {
                "balloon (timing hidden: quiz question open)".to_owned()
            } else {
                device_label(&p)
            };
            ui.label(RichText::new(label).color(color(device)));
        }
        ui.add_space(6.0);
        ui.label(
            RichText::new(
                "Change the patient or a device in Monitor & controls; the comparison follows. Things to \
                 look for: the balloon's diastolic hump and dip, the pump's flat, higher pressure; the \
                 pump's loop moving left (unloading), the balloon's barely.",
            )
            .small(),
        );
    });
}

pub(super) fn show(root: &mut egui::Ui, data: &mut UiData) {
    let width = theme::trace_width(&data.display);
    egui::CentralPanel::default().show(root, |ui| {
        let Some(columns) = data.comparison.columns_for(&data.patient) else {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!(
                    "Simulating {COMPARE_SECONDS:.0} s of this patient three times (no assist, balloon, pump)..."
                ));
            });
            return;
        };
        let plot_height = (ui.available_height() * 0.42).clamp(160.0, 320.0);
        ui.columns(2, |cols| {
            cols[0].label(RichText::new("Arterial (aortic root) pressure, last 3 s (mmHg)").strong());
            theme::still_plot("compare-pressure")
                .height(plot_height)
                .legend(Legend::default())
                .x_axis_label("s before the end of the run")
                .include_y(0.0)
                .show(&mut cols[0], |plot| {
                    for c in columns {
                        let end = c.tail.last().map_or(0.0, |p| p.t_s);
                        let points: Vec<[f64; 2]> = c.tail.iter().map(|p| [p.t_s - end, p.aortic_mmhg]).collect();
                        plot.line(Line::new(name(c), PlotPoints::from(points)).color(color(c.device)).width(width));
                    }
                });
            cols[1].label(RichText::new("LV pressure-volume loop, last beat").strong());
            theme::still_plot("compare-pv")
                .height(plot_height)
                .legend(Legend::default())
                .x_axis_label("LV volume (mL)")
                .y_axis_label("LV pressure (mmHg)")
                .include_x(0.0)
                .include_y(0.0)
                .show(&mut cols[1], |plot| {
                    for c in columns {
                        let Some(last) = c.result.beats.last() else { continue };
                        let points: Vec<[f64; 2]> = c
                            .tail
                            .iter()
                            .filter(|p| p.t_s >= last.start_s && p.t_s <= last.start_s + last.rr_s)
                            .map(|p| [p.lv_volume_ml, p.lv_mmhg])
                            .collect();
                        plot.line(Line::new(name(c), PlotPoints::from(points)).color(color(c.device)).width(width));
                    }
                });
        });
        ui.add_space(4.0);
        table(ui, columns);
    });
}

fn name(c: &Column) -> &'static str {
    match c.device {
        AssistMode::Off => "no assist",
        AssistMode::Iabp => "balloon",
        AssistMode::Pump => "pump",
    }
}

fn table(ui: &mut egui::Ui, columns: &[Column]) {
    egui::ScrollArea::vertical().show(ui, |ui| {
        egui::Grid::new("compare-table").striped(true).num_columns(7).show(ui, |ui| {
            ui.strong("");
            for c in columns {
                ui.label(RichText::new(name(c)).strong().color(color(c.device)));
            }
            for c in &columns[1..] {
                ui.label(RichText::new(format!("{} - none", name(c))).strong().color(color(c.device)));
            }
            ui.strong("unit");
            ui.end_row();
            for row in rows(columns) {
                ui.label(row.field.label);
                for cell in row.cells.iter().chain(&row.changes) {
                    ui.label(cell);
                }
                ui.label(RichText::new(row.field.unit).color(Color32::GRAY));
                ui.end_row();
            }
        });
    });
}
