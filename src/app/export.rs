//! Exports from the app: the traces on screen as CSV, the window as PNG, and a map as CSV. Natively the files
//! go into the working directory; on the web they are downloads. Every file carries the
//! notice: a comment line in the CSV, a `Disclaimer` text chunk in the PNG (whose picture
//! also shows the banner). The PNG also carries, in a `Numbers` text chunk, the numbers panel
//! of the very frame it shows ([`Readout`] as JSON), so a picture can be checked against what
//! the model computed (`.ci/panel_check.py`).

use std::fmt::Write as _;

use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured};

use super::history::History;
use super::maps::{MapRun, Maps};
use super::sim_driver::Patient;
use super::ui::{Display, Readout};
use crate::DISCLAIMER;
use crate::maps::MAP_SECONDS;
use crate::scenario::to_query_with_events;

/// Asks for an export; the UI writes it, [`plugin`]'s systems carry it out.
#[derive(Message, Debug, Clone, Copy, PartialEq, Eq)]
pub enum Export {
    /// The traces currently on screen (the last 24 s, or the frozen copy) as CSV.
    TracesCsv,
    /// The window as PNG.
    Picture,
    /// The map shown (complete) as CSV: every cell with every index.
    MapCsv,
    /// The window with the map, as PNG, named for the map.
    MapPicture,
}

pub(super) fn plugin(app: &mut App) {
    // In `Last`, after the UI pass: the screenshot is of this frame, whose numbers panel is in
    // `Readout`.
    app.add_message::<Export>().add_systems(Last, export);
}

/// The CSV text: the notice and the scenario as comments, then one row per recorded step.
pub fn traces_csv(history: &History, patient: &Patient) -> String {
    let events = crate::scenario::Event::csv_comment_lines(&patient.events);
    let mut out = format!(
        "# {DISCLAIMER}\n# Counterpulse traces, scenario ?{}\n{events}\
         t_s,ecg_mv,aortic_root_mmhg,lv_mmhg,la_mmhg,lv_volume_ml,balloon_ml,pump_l_min\n",
        to_query_with_events(&patient.preset, &patient.params, &patient.events)
    );
    for s in history.samples() {
        let _ = writeln!(
            out,
            "{:.4},{:.4},{:.3},{:.3},{:.3},{:.3},{:.3},{:.4}",
            s.t_s, s.ecg_mv, s.aortic_mmhg, s.lv_mmhg, s.la_mmhg, s.lv_volume_ml, s.balloon_ml, s.pump_l_min
        );
    }
    out
}

/// The CSV text of a complete map: `counterpulse sweep --csv`'s columns, with the map and its
/// run length under the notice. None while cells are still running.
pub fn map_csv(map: &MapRun) -> Option<String> {
    if !map.is_complete() {
        return None;
    }
    let head = crate::sweep::csv_head(&map.scenario, &map.axes);
    let (notice, rest) = head.split_once('\n').unwrap_or((&head, ""));
    let mut out =
        format!("{notice}\n# {}: {MAP_SECONDS:.0} s from rest per cell (the app's map)\n{rest}", map.kind.title());
    for cell in map.cells.iter().flatten() {
        let _ = writeln!(out, "{}", crate::sweep::csv_row(cell));
    }
    Some(out)
}

/// A file name for an export: `counterpulse-<preset>-<t>s.<ext>`.
pub fn file_name(patient: &Patient, t_s: f64, ext: &str) -> String {
    format!("counterpulse-{}-{t_s:.0}s.{ext}", patient.preset)
}

/// A file name for a map export: `counterpulse-<preset>-<map>.<ext>`.
fn map_file_name(patient: &Patient, kind: crate::maps::MapKind, ext: &str) -> String {
    format!("counterpulse-{}-{}.{ext}", patient.preset, kind.slug())
}

/// Encodes RGB pixels as PNG with the notice in a `Disclaimer` text chunk and, if given and
/// not empty (the compare view has no panel), the numbers panel shown in the picture in a
/// `Numbers` text chunk.
pub fn png_with_notice(width: u32, height: u32, rgb: &[u8], numbers: Option<&Readout>) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let text = |e: png::EncodingError| e.to_string();
    encoder.add_text_chunk("Disclaimer".into(), DISCLAIMER.into()).map_err(text)?;
    encoder.add_text_chunk("Software".into(), "Counterpulse (educational simulator)".into()).map_err(text)?;
    if let Some(numbers) = numbers.filter(|n| !n.numbers.is_empty()) {
        let json = serde_json::to_string(numbers).map_err(|e| e.to_string())?;
        // UTF-8 (iTXt): a dash or unit may be outside Latin-1.
        encoder.add_itxt_chunk("Numbers".into(), json).map_err(text)?;
    }
    encoder.write_header().and_then(|mut w| w.write_image_data(rgb)).map_err(text)?;
    Ok(bytes)
}

/// Captures the primary window as it is drawn this frame and hands the PNG (notice and
/// `numbers` included) or an error to `done`.
pub fn capture_window(
    commands: &mut Commands,
    numbers: Readout,
    done: impl Fn(Result<Vec<u8>, String>, &mut World) + Send + Sync + 'static,
) {
    let done = std::sync::Arc::new(done);
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut commands: Commands| {
            let png = captured
                .image
                .clone()
                .try_into_dynamic()
                .map_err(|e| format!("could not read the window: {e}"))
                .and_then(|picture| {
                    let rgb = picture.to_rgb8();
                    png_with_notice(rgb.width(), rgb.height(), rgb.as_raw(), Some(&numbers))
                });
            let done = done.clone();
            commands.queue(move |world: &mut World| done(png, world));
        },
    );
}

fn export(
    mut requests: MessageReader<Export>,
    mut commands: Commands,
    history: Res<History>,
    patient: Res<Patient>,
    readout: Res<Readout>,
    maps: Res<Maps>,
    mut display: ResMut<Display>,
) {
    for request in requests.read() {
        let shown = display.frozen.as_ref().unwrap_or(&history);
        let name = match request {
            Export::TracesCsv => file_name(&patient, shown.now_s(), "csv"),
            Export::Picture => file_name(&patient, shown.now_s(), "png"),
            Export::MapCsv => map_file_name(&patient, maps.kind, "csv"),
            Export::MapPicture => map_file_name(&patient, maps.kind, "png"),
        };
        match request {
            Export::MapCsv => {
                display.export_message = Some(match maps.map.as_ref().and_then(map_csv) {
                    Some(text) => save(&name, "text/csv", text.as_bytes()),
                    None => "The map is still running: save it once every cell is done".into(),
                });
            }
            Export::TracesCsv => {
                let text = traces_csv(shown, &patient);
                display.export_message = Some(save(&name, "text/csv", text.as_bytes()));
            }
            Export::Picture | Export::MapPicture => {
                display.export_message = Some(format!("Capturing the window for {name}…"));
                capture_window(&mut commands, readout.clone(), move |png, world| {
                    let message = match png {
                        Ok(bytes) => save(&name, "image/png", &bytes),
                        Err(e) => format!("Could not save {name}: {e}"),
                    };
                    world.resource_mut::<Display>().export_message = Some(message);
                });
            }
        }
    }
}

/// Writes `bytes` to `name` in the working directory; returns what happened, for the UI.
#[cfg(not(target_arch = "wasm32"))]
fn save(name: &str, _mime: &str, bytes: &[u8]) -> String {
    let path = std::env::current_dir().map_or_else(|_| name.into(), |d| d.join(name));
    match std::fs::write(&path, bytes) {
        Ok(()) => format!("Saved {}", path.display()),
        Err(e) => format!("Could not save {}: {e}", path.display()),
    }
}

/// Offers `bytes` as a download named `name`; returns what happened, for the UI.
#[cfg(target_arch = "wasm32")]
fn save(name: &str, mime: &str, bytes: &[u8]) -> String {
    match super::web::download(name, mime, bytes) {
        Ok(()) => format!("Downloaded {name}"),
        Err(e) => format!("Could not download {name}: {e}"),
    }
}
