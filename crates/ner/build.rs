//! Embeds the gazetteers of `data/gazetteer/` and the models of `models/` when they exist.
//!
//! The gazetteer files are built by `scripts/gazetteers/build.sh` and committed; until they are,
//! the crate builds with empty tables (no gazetteer features, no LOC/NORP backstop), so the
//! tagger still works. Whatever is embedded is part of the model digest.

use std::path::Path;

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in [
        "places.tsv",
        "demonyms.tsv",
        "roles.tsv",
        "names.tsv",
        "frequency.tsv",
    ] {
        let source = Path::new("data/gazetteer").join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let text = std::fs::read_to_string(&source).unwrap_or_default();
        std::fs::write(Path::new(&out).join(name), text).expect("OUT_DIR is writable");
    }
    println!("cargo:rerun-if-changed=data/gazetteer");
    // Models: an absent model embeds as empty bytes, which loads as "no tagger" (gazetteers
    // and date rules still run). Training writes the real files.
    for name in ["ar.bin", "en.bin"] {
        let source = Path::new("models").join(name);
        println!("cargo:rerun-if-changed={}", source.display());
        let bytes = std::fs::read(&source).unwrap_or_default();
        std::fs::write(Path::new(&out).join(name), bytes).expect("OUT_DIR is writable");
    }
}
