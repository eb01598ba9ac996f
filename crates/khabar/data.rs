//! The training/evaluation data: gold sets, training sets and raw corpora kept outside the
//! repository, in the folder of `--data DIR` (else `KHABAR_DATA`, else `../shared/data`).
//! `khabar train`, `khabar eval` and `khabar bench` find their files here; when one is missing
//! they say which, what the data is and how to point at it.

use std::path::{Path, PathBuf};

/// What the data is and how to point at it, closing every "missing" message.
const POINT_AT_DATA: &str = "The training/evaluation data (gold, training and raw sets) is not \
     part of the repository: point at its folder with --data DIR or KHABAR_DATA=DIR (default \
     ../shared/data)";

/// The files at `relative` paths inside the data folder `data`; an error listing every missing
/// one.
pub fn files(data: &Path, relative: &[&str]) -> anyhow::Result<Vec<PathBuf>> {
    let missing: Vec<&str> = relative
        .iter()
        .copied()
        .filter(|file| !data.join(file).is_file())
        .collect();
    anyhow::ensure!(
        missing.is_empty(),
        "{} not found in the data folder '{}'{}. {POINT_AT_DATA}",
        missing.join(", "),
        data.display(),
        folder_note(data)
    );
    Ok(relative.iter().map(|file| data.join(file)).collect())
}

/// The gold file of `khabar eval`: `gold` as given when it exists, else a relative `gold` inside
/// the data folder (so `--gold events/khabar-gold-dev.jsonl` works from anywhere).
pub fn gold_file(data: &Path, gold: &Path) -> anyhow::Result<PathBuf> {
    if gold.exists() {
        return Ok(gold.to_path_buf());
    }
    anyhow::ensure!(
        gold.is_relative(),
        "gold file '{}' not found. {POINT_AT_DATA}",
        gold.display()
    );
    let in_data = data.join(gold);
    anyhow::ensure!(
        in_data.exists(),
        "gold file '{}' not found, neither as given nor in the data folder '{}'{}. {POINT_AT_DATA}",
        gold.display(),
        data.display(),
        folder_note(data)
    );
    Ok(in_data)
}

/// " (that folder does not exist)" when it does not, else nothing.
fn folder_note(data: &Path) -> &'static str {
    if data.is_dir() {
        ""
    } else {
        " (that folder does not exist)"
    }
}
