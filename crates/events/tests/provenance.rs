//! The provenance table of the trigger lexicons (`lexicons/provenance.tsv`, built by
//! `scripts/lexicons/provenance.py` from the CAMEO verb dictionaries) names every trigger row
//! as it stands: a row added, moved or recoded without running the script again fails here.

const LEXICONS: [(&str, &str); 2] = [
    ("ar", include_str!("../lexicons/ar.tsv")),
    ("en", include_str!("../lexicons/en.tsv")),
];
const PROVENANCE: &str = include_str!("../lexicons/provenance.tsv");

/// `lang, line, pos, first form, cameo` of every trigger row, as the script reads them.
fn trigger_rows() -> Vec<String> {
    let mut rows = Vec::new();
    for (lang, text) in LEXICONS {
        for (at, line) in text.lines().enumerate() {
            let columns: Vec<&str> = line.split('\t').collect();
            if line.trim().is_empty() || line.starts_with('#') || columns.len() < 5 {
                continue;
            }
            let first_form = columns[1].split('|').next().unwrap_or_default();
            rows.push(format!(
                "{lang}\t{}\t{}\t{first_form}\t{}",
                at + 1,
                columns[0],
                columns[4]
            ));
        }
    }
    rows
}

#[test]
fn every_trigger_row_has_its_provenance_line() {
    let table: Vec<String> = PROVENANCE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .map(|line| line.split('\t').take(5).collect::<Vec<_>>().join("\t"))
        .collect();
    let rows = trigger_rows();
    assert_eq!(
        table.len(),
        rows.len(),
        "run python3 scripts/lexicons/provenance.py"
    );
    for (listed, row) in table.iter().zip(&rows) {
        assert_eq!(listed, row, "run python3 scripts/lexicons/provenance.py");
    }
}

#[test]
fn every_provenance_line_names_its_match_and_source() {
    for line in PROVENANCE.lines().filter(|line| !line.starts_with('#')) {
        let columns: Vec<&str> = line.split('\t').collect();
        assert_eq!(columns.len(), 7, "{line}");
        match columns[5] {
            "none" => assert_eq!(columns[6], "-", "{line}"),
            "code" | "root" | "word" => assert!(columns[6].contains(".txt:"), "{line}"),
            other => panic!("unknown match kind {other}: {line}"),
        }
    }
}
