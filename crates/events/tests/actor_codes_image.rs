//! The embedded actor-code image is the one the committed `actors.tsv` builds: a change to the
//! file or to normalization without `khabar train actor-codes` fails here.

use std::path::Path;

use khabar_events::ActorCodes;

#[test]
fn committed_image_is_built_from_the_committed_actor_codes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("lexicons");
    let tsv = std::fs::read_to_string(dir.join("actors.tsv")).expect("actors.tsv");
    let built = ActorCodes::from_tsv("actors.tsv", &tsv).expect("actors.tsv is valid");
    let committed = std::fs::read_to_string(dir.join("actors.img")).expect("actors.img");
    assert!(
        built.image() == committed,
        "crates/events/lexicons/actors.img is stale: run `khabar train actor-codes` and commit it"
    );
}
