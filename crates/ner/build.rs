//! Embeds the committed gazetteer image (`data/gazetteer.img`, built from the TSV files of
//! `data/gazetteer/`), the role words the event stage reads, and the committed models of
//! `models/`.
//!
//! Both are part of the model digest and of the tagger's behaviour, so a missing file is a build
//! error naming the file and how it is made, never a silently empty table or model.

use std::path::Path;

/// Gazetteer files embedded as they are, built by `scripts/gazetteers/build.sh`.
const GAZETTEERS: [&str; 2] = ["roles.tsv", "geo.tsv"];

/// Entity models, trained by `khabar train ner` (see `models/README.md`).
const MODELS: [&str; 2] = ["ar.bin", "en.bin"];

fn main() {
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for name in GAZETTEERS {
        embed(
            &Path::new("data/gazetteer").join(name),
            &Path::new(&out).join(name),
            "it is built by `scripts/gazetteers/build.sh`",
        );
    }
    embed(
        Path::new("data/gazetteer.img"),
        &Path::new(&out).join("gazetteer.img"),
        "it is built from data/gazetteer/ by `khabar train gazetteer` (scripts/gazetteers/build.sh \
         runs it)",
    );
    for name in MODELS {
        embed(
            &Path::new("models").join(name),
            &Path::new(&out).join(name),
            "it is trained by `khabar train ner` as crates/ner/models/README.md shows",
        );
    }
}

/// Copies the committed `source` to `target` in OUT_DIR, or stops the build with a message
/// saying what is missing and `how_made`.
fn embed(source: &Path, target: &Path, how_made: &str) {
    println!("cargo:rerun-if-changed={}", source.display());
    let bytes = match std::fs::read(source) {
        Ok(bytes) if !bytes.is_empty() => bytes,
        Ok(_) => fail(source, "is empty", how_made),
        Err(err) => fail(source, &format!("cannot be read ({err})"), how_made),
    };
    std::fs::write(target, bytes).expect("OUT_DIR is writable");
}

fn fail(source: &Path, problem: &str, how_made: &str) -> ! {
    eprintln!(
        "error: crates/ner/{} {problem}. It is committed to the repository (restore it with \
         `git checkout -- crates/ner/{}`); {how_made}.",
        source.display(),
        source.display()
    );
    std::process::exit(1);
}
