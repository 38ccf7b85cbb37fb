//! The validation claims as tests: every claim of `validate::CLAIMS` agrees except those listed
//! in `validate::KNOWN_DISAGREEMENTS`, and those still disagree (so the list stays true).

use counterpulse::validate::{CLAIMS, KNOWN_DISAGREEMENTS, rows};

#[test]
fn every_claim_agrees_except_the_known_disagreements() {
    let rows = rows().expect("validation scenarios are valid");
    let known = |id: &str| KNOWN_DISAGREEMENTS.iter().any(|(k, _)| *k == id);
    let unexpected: Vec<String> = rows
        .iter()
        .filter(|r| r.agrees == known(r.of.id))
        .map(|r| {
            format!(
                "{} ({}: {}): expected {}, produced {}, agrees {}",
                r.of.id, r.of.setting, r.of.claim, r.expected, r.produced, r.agrees
            )
        })
        .collect();
    assert!(unexpected.is_empty(), "claims that changed their verdict:\n{}", unexpected.join("\n"));
}

#[test]
fn claim_ids_are_unique_and_every_known_disagreement_names_a_claim() {
    for (i, c) in CLAIMS.iter().enumerate() {
        assert!(CLAIMS[..i].iter().all(|o| o.id != c.id), "duplicate id {}", c.id);
    }
    for (id, why) in KNOWN_DISAGREEMENTS {
        assert!(CLAIMS.iter().any(|c| c.id == *id), "{id} is not a claim");
        assert!(!why.is_empty());
    }
}
