//! English construction classes: event nouns after light verbs.

use khabar_ner::EntityType;

use crate::tests::{run, typed};

#[test]
fn a_possessed_event_noun_after_a_light_verb_is_a_happening() {
    let text =
        "Kenya mounted its offensive against Somalia on Monday. Kenya completed its pullout \
                from Somalia on Tuesday. Uganda criticized its pullout on Wednesday. Kenya carried \
                out the offensive.";
    let (events, _) = run(
        text,
        &[
            ("Kenya", EntityType::Loc),
            ("Somalia", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Kenya", EntityType::Loc),
            ("Somalia", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Uganda", EntityType::Loc),
            ("Wednesday", EntityType::Date),
            ("Kenya", EntityType::Loc),
        ],
        "2011-10-20",
    );
    // "its pullout" without a light verb and "carried out the offensive" refer back.
    assert_eq!(
        typed(text, &events),
        vec![
            ("offensive", "ASSAULT"),
            ("pullout", "RETREAT"),
            ("criticized", "DISAPPROVE")
        ],
        "{events:#?}"
    );
}
