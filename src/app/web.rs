//! The web page's side of the app (wasm only): the scenario from the URL query, a fallback
//! with a readable message when the link is bad, "copy link", and a readiness signal that
//! the page (to hide its loading screen) and the browser test wait for.

use bevy::prelude::*;
use wasm_bindgen::JsValue;

use super::Patient;
use crate::model::Params;
use crate::scenario;

/// Frames drawn before the page is told the app is ready.
const READY_AFTER_FRAMES: u32 = 10;

/// The patient the page's URL query describes, or, if the query is bad, the preset it named
/// (or `normal`) and a message saying what was wrong.
pub fn patient_from_url() -> (Patient, Option<String>) {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    match scenario::from_query(&query) {
        Ok(s) => {
            // Straight to the browser console: bevy's logger does not exist yet in `main`.
            web_sys::console::info_1(&JsValue::from_str(&format!(
                "scenario: {}",
                scenario::to_query(&s.preset, &s.params)
            )));
            (Patient { preset: s.preset, params: s.params }, None)
        }
        Err(error) => {
            let fallback = scenario::query_preset(&query).and_then(|name| {
                scenario::Preset::by_name(&name).and_then(|p| p.params()).ok().map(|params| (name, params))
            });
            let patient = match fallback {
                Some((preset, params)) => Patient { preset, params },
                // `Params::default()` is the documented `normal` baseline.
                None => Patient { preset: "normal".to_owned(), params: Params::default() },
            };
            let message =
                format!("This link could not be used: {error}. Showing the {} preset instead.", patient.preset);
            web_sys::console::warn_1(&JsValue::from_str(&message));
            (patient, Some(message))
        }
    }
}

/// Writes the current scenario into the address bar and the clipboard; returns the link.
pub fn copy_link(patient: &Patient) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let base = format!("{}{}", location.origin().ok()?, location.pathname().ok()?);
    let link = format!("{base}?{}", scenario::to_query(&patient.preset, &patient.params));
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
