//! The embedded gazetteer image is the one its committed sources build: a change to a TSV file,
//! to normalization or to ranking without `khabar train gazetteer` fails here.

use std::path::Path;

use khabar_ner::gazetteer::{GazetteerTables, SOURCE_FILES};

#[test]
fn committed_image_is_built_from_the_committed_sources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    let texts = SOURCE_FILES.map(|name| {
        let path = dir.join("gazetteer").join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    });
    let built = GazetteerTables::from_files(&texts).image();
    let committed = std::fs::read_to_string(dir.join("gazetteer.img")).expect("gazetteer.img");
    assert!(
        built == committed,
        "crates/ner/data/gazetteer.img is stale: run `khabar train gazetteer` \
         (scripts/gazetteers/build.sh does) and commit it"
    );
}
