//! The app ships one subset font (assets/fonts): every character its text uses must be in it,
//! or egui draws a box. Checks the app's sources, the core's user-facing tables, the lessons
//! and the clinical page against the font's character map.
//!
//! (egui's own `has_glyph` cannot answer with a single-font family: its replacement glyph
//! comes from that same font.)

use std::collections::BTreeSet;

const FONT: &[u8] = include_bytes!("../assets/fonts/DejaVuSansCondensed-subset.ttf");

fn u16_at(b: &[u8], i: usize) -> u32 {
    u32::from(u16::from_be_bytes([b[i], b[i + 1]]))
}

fn u32_at(b: &[u8], i: usize) -> u32 {
    u32::from_be_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]])
}

/// Every character the font maps to a glyph, from its `cmap` table (format 4 or 12).
fn characters(font: &[u8]) -> BTreeSet<u32> {
    let tables = u16_at(font, 4) as usize;
    let cmap = (0..tables)
        .map(|i| 12 + 16 * i)
        .find(|&r| &font[r..r + 4] == b"cmap")
        .map(|r| u32_at(font, r + 8) as usize)
        .expect("a cmap table");
    let mut chars = BTreeSet::new();
    for i in 0..u16_at(font, cmap + 2) as usize {
        let sub = cmap + u32_at(font, cmap + 4 + 8 * i + 4) as usize;
        match u16_at(font, sub) {
            4 => {
                let segments = u16_at(font, sub + 6) as usize / 2;
                let (ends, starts) = (sub + 14, sub + 16 + 2 * segments);
                for s in 0..segments {
                    let (start, end) = (u16_at(font, starts + 2 * s), u16_at(font, ends + 2 * s));
                    chars.extend((start..=end).filter(|&c| c != 0xFFFF));
                }
            }
            12 => {
                for g in 0..u32_at(font, sub + 12) as usize {
                    let group = sub + 16 + 12 * g;
                    chars.extend(u32_at(font, group)..=u32_at(font, group + 4));
                }
            }
            _ => {}
        }
    }
    chars
}

#[test]
fn every_character_the_app_writes_is_in_its_font() {
    let mapped = characters(FONT);
    assert!(mapped.contains(&u32::from('A')) && mapped.contains(&u32::from('→')), "the cmap reader works");
    assert!(!mapped.contains(&u32::from('⏸')), "and knows what is missing");
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files: Vec<std::path::PathBuf> = Vec::new();
    for dir in ["src/app", "src/app/ui", "assets/lessons"] {
        for entry in std::fs::read_dir(format!("{root}/{dir}")).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    for file in
        ["src/quiz.rs", "src/metrics/summary.rs", "src/scenario/registry.rs", "src/compare.rs", "docs/CLINICAL.md"]
    {
        files.push(format!("{root}/{file}").into());
    }
    let mut missing = BTreeSet::new();
    for path in files.iter().filter(|p| p.is_file()) {
        let text = std::fs::read_to_string(path).unwrap();
        for c in text.chars().filter(|c| !c.is_ascii() && !mapped.contains(&u32::from(*c))) {
            missing.insert((c, path.strip_prefix(root).unwrap().display().to_string()));
        }
    }
    assert!(missing.is_empty(), "not in assets/fonts/DejaVuSansCondensed-subset.ttf: {missing:?}");
}
