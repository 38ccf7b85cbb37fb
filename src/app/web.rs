//! The web page's side of the app (wasm only): the scenario from the URL query, a fallback
//! with a readable message when the link is bad, "copy link", and a readiness signal that
//! the page (to hide its loading screen) and the browser test wait for.

use bevy::prelude::*;
use wasm_bindgen::JsValue;

use super::{Patient, View};
use crate::model::Params;
use crate::scenario;

/// Frames drawn before the page is told the app is ready. egui has the app's font before its
/// first pass, lays a first-shown grid out again within the same frame (multi-pass), and the
/// font atlas reaches the renderer in the frame that uses it (see
/// `egui_textures_before_asset_events`). Pictures of the first three frames of three page
/// loads: the first is black (its pipelines are still compiling), the second shows every panel
/// and glyph, as the third does. Each frame costs 150-300 ms under the browser test's software
/// WebGL: waiting for four frames, or ten before that, made the page look ready later than it was.
const READY_AFTER_FRAMES: u32 = 2;

/// The patient and view the page's URL query describes, or, if the query is bad, the preset
/// it named (or `normal`) and a message saying what was wrong.
pub fn patient_from_url() -> (Patient, (View, usize), Option<String>) {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (view, view_problem) = match scenario::query_value(&query, scenario::VIEW_NAME) {
        None => ((View::Monitor, 0), None),
        Some(name) => match View::parse(&name) {
            Ok(view) => (view, None),
            Err(e) => ((View::Monitor, 0), Some(format!("URL parameter view={name}: {e}"))),
        },
    };
    let (patient, problem) = patient_from_query(&query);
    let problem = match (problem, view_problem) {
        (Some(a), Some(b)) => Some(format!("{a} {b}")),
        (a, b) => a.or(b),
    };
    if let Some(p) = &problem {
        web_sys::console::warn_1(&JsValue::from_str(p));
    }
    (patient, view, problem)
}

fn patient_from_query(query: &str) -> (Patient, Option<String>) {
    match scenario::from_query(query) {
        Ok(s) => {
            // Straight to the browser console: bevy's logger does not exist yet in `main`.
            web_sys::console::info_1(&JsValue::from_str(&format!(
                "scenario: {}",
                scenario::to_query_with_events(&s.preset, &s.params, &s.events)
            )));
            (Patient::from_scenario(s), None)
        }
        Err(error) => {
            let fallback = scenario::query_preset(query).and_then(|name| {
                scenario::Preset::by_name(&name).and_then(|p| p.params()).ok().map(|params| (name, params))
            });
            let patient = match fallback {
                Some((preset, params)) => Patient::new(preset, params),
                // `Params::default()` is the documented `normal` baseline.
                None => Patient::new("normal", Params::default()),
            };
            let message =
                format!("This link could not be used: {error}. Showing the {} preset instead.", patient.preset);
            (patient, Some(message))
        }
    }
}

/// Writes the current scenario (and view, unless it is the monitor) into the address bar and
/// the clipboard; returns the link.
pub fn copy_link(patient: &Patient, view: View) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let base = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    let mut link =
        format!("{base}?{}", scenario::to_query_with_events(&patient.preset, &patient.params, &patient.events));
    if view != View::Monitor {
        link.push_str(&format!("&{}={}", scenario::VIEW_NAME, view.name()));
    }
    // The address bar always works; the clipboard may be refused (no user permission).
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&link));
    }
    let _ = window.navigator().clipboard().write_text(&link);
    Some(link)
}

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Last, signal_ready);
}

/// Sets `data-counterpulse="ready"` on `<body>` once the first frames are drawn.
fn signal_ready(mut frames: Local<u32>) {
    *frames += 1;
    if *frames != READY_AFTER_FRAMES {
        return;
    }
    let body = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body());
    if let Some(body) = body {
        let _ = body.set_attribute("data-counterpulse", "ready");
        info!("counterpulse ready");
    }
}

/// Offers `bytes` to the user as a download called `name` (a CSV or PNG export).
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    use wasm_bindgen::JsCast;
    let fail = |e: JsValue| format!("{e:?}");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes).into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options).map_err(fail)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(fail)?;
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let link = document.create_element("a").map_err(fail)?;
    link.set_attribute("href", &url).map_err(fail)?;
    link.set_attribute("download", name).map_err(fail)?;
    link.dyn_into::<web_sys::HtmlElement>().map_err(|_| "not an element".to_owned())?.click();
    // The object URL is not revoked: some browsers start the download after `click` returns,
    // and an export is a few hundred kB kept until the page closes.
    Ok(())
}
