//! The clinical context page (`docs/CLINICAL.md`, compiled in) in a window: what the devices
//! are, indications, complications and evidence, for orientation. Educational, not guidance.

use bevy_egui::egui;
use egui::RichText;

use super::UiData;

/// The page, the same text as `docs/CLINICAL.md`.
const PAGE: &str = include_str!("../../../docs/CLINICAL.md");

pub(super) fn window(ctx: &egui::Context, data: &mut UiData) {
    let mut open = data.display.clinical;
    egui::Window::new("Clinical context (educational, not clinical guidance)")
        .open(&mut open)
        .default_size([620.0, 560.0])
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| render(ui, PAGE));
        });
    data.display.clinical = open;
}

/// Draws the page's Markdown subset: headings, bullets, quotes and paragraphs (a bullet or a
/// paragraph runs on over the following lines until a blank line); emphasis and code marks
/// are dropped, links show their text.
fn render(ui: &mut egui::Ui, text: &str) {
    // The block being gathered: its text and whether it is a bullet.
    let mut block = String::new();
    let mut bullet = false;
    let flush = |ui: &mut egui::Ui, block: &mut String, bullet: bool| {
        if block.is_empty() {
            return;
        }
        if bullet {
            ui.horizontal_wrapped(|ui| {
                ui.label("•");
                ui.label(plain(block));
            });
        } else {
            ui.label(plain(block));
        }
        block.clear();
    };
    for line in text.lines() {
        let trimmed = line.trim();
        let heading = trimmed.strip_prefix("# ").map(|h| (h, true));
        let heading = heading
            .or_else(|| trimmed.strip_prefix("## ").or_else(|| trimmed.strip_prefix("### ")).map(|h| (h, false)));
        if let Some((h, top)) = heading {
            flush(ui, &mut block, bullet);
            ui.add_space(6.0);
            let text = RichText::new(plain(h));
            ui.label(if top { text.heading() } else { text.strong().size(16.0) });
        } else if let Some(quote) = trimmed.strip_prefix("> ") {
            flush(ui, &mut block, bullet);
            ui.label(RichText::new(plain(quote)).italics().strong());
        } else if let Some(item) = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("* ")) {
            flush(ui, &mut block, bullet);
            bullet = true;
            block.push_str(item);
        } else if trimmed.is_empty() {
            flush(ui, &mut block, bullet);
            bullet = false;
            ui.add_space(2.0);
        } else {
            if !block.is_empty() {
                block.push(' ');
            }
            block.push_str(trimmed);
        }
    }
    flush(ui, &mut block, bullet);
}

/// Markdown emphasis and code marks removed; `[text](https://...)` shown as `text (https://...)`,
/// a link within the repository as its text alone.
fn plain(s: &str) -> String {
    let mut out = s.replace(['*', '`'], "");
    while let (Some(a), Some(b)) = (out.find("]("), out.find('[')) {
        let Some(close) = out[a..].find(')').map(|c| a + c) else { break };
        if b > a {
            break;
        }
        let text = out[b + 1..a].to_owned();
        let url = out[a + 2..close].to_owned();
        let shown = if url.starts_with("http") { format!("{text} ({url})") } else { text };
        out.replace_range(b..=close, &shown);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::plain;

    #[test]
    fn markdown_marks_are_dropped() {
        assert_eq!(
            plain("**IABP** uses `helium`, *diastolic augmentation*"),
            "IABP uses helium, diastolic augmentation"
        );
        assert_eq!(plain("see [MODEL.md](MODEL.md)"), "see MODEL.md");
        assert_eq!(plain("see [PROTECT II](https://x.org/a) now"), "see PROTECT II (https://x.org/a) now");
    }
}
