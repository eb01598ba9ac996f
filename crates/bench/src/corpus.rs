//! Benchmark input: JSONL articles loaded verbatim and cycled to the requested record count.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::BenchError;

/// One input record: the article id as key and the JSONL line as value, byte for byte.
#[derive(Debug, Clone)]
pub struct Record {
    /// Record key (the article id).
    pub key: Vec<u8>,
    /// Record value (one JSONL line without its newline).
    pub value: Vec<u8>,
    /// Index of the file it came from in [`Corpus::files`].
    pub file: usize,
}

/// What one corpus file contributed.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusFile {
    /// The file.
    pub path: PathBuf,
    /// Articles (non-blank lines) in it.
    pub articles: usize,
    /// Bytes of those lines, newlines excluded.
    pub bytes: u64,
    /// The `language` most of its articles declare, if any declare one.
    pub language: Option<String>,
}

/// The distinct articles of every corpus file, in file order.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Per-file summary.
    pub files: Vec<CorpusFile>,
    /// Every article of every file.
    pub articles: Vec<Record>,
}

#[derive(Deserialize)]
struct IdOnly<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow, default)]
    language: Option<Cow<'a, str>>,
}

impl Corpus {
    /// Reads JSONL files of articles; every non-blank line must be an object with a string `id`
    /// (its other fields are not checked here: the worker is the one that validates).
    pub fn load(paths: &[PathBuf]) -> Result<Corpus, BenchError> {
        let mut corpus = Corpus {
            files: Vec::new(),
            articles: Vec::new(),
        };
        for (index, path) in paths.iter().enumerate() {
            let file = load_file(path, index, &mut corpus.articles)?;
            corpus.files.push(file);
        }
        if corpus.articles.is_empty() {
            return Err(BenchError::EmptyCorpus(paths.to_vec()));
        }
        Ok(corpus)
    }

    /// The first `n` records of the articles repeated end to end (files interleaved in order).
    pub fn cycle(&self, n: usize) -> Vec<&Record> {
        self.articles.iter().cycle().take(n).collect()
    }

    /// The articles of one file.
    pub fn of_file(&self, file: usize) -> Vec<&Record> {
        self.articles.iter().filter(|r| r.file == file).collect()
    }
}

fn load_file(path: &Path, index: usize, out: &mut Vec<Record>) -> Result<CorpusFile, BenchError> {
    let text = std::fs::read(path).map_err(|source| BenchError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut file = CorpusFile {
        path: path.to_path_buf(),
        articles: 0,
        bytes: 0,
        language: None,
    };
    let mut languages: std::collections::BTreeMap<String, usize> = Default::default();
    for (number, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let id: IdOnly<'_> = serde_json::from_slice(line).map_err(|e| BenchError::BadArticle {
            path: path.to_path_buf(),
            line: number + 1,
            message: e.to_string(),
        })?;
        if let Some(language) = &id.language {
            *languages.entry(language.to_string()).or_default() += 1;
        }
        file.articles += 1;
        file.bytes += line.len() as u64;
        out.push(Record {
            key: id.id.as_bytes().to_vec(),
            value: line.to_vec(),
            file: index,
        });
    }
    file.language = languages
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(language, _)| language);
    Ok(file)
}

/// Total value bytes of some records.
pub fn bytes_of(records: &[&Record]) -> u64 {
    records.iter().map(|r| r.value.len() as u64).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loads_lines_verbatim_skips_blanks_and_cycles() {
        let dir = std::env::temp_dir().join(format!("khabar-bench-corpus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("a.jsonl");
        let a = r#"{"id":"a1","language":"ar","text":"نص"}"#;
        let b = r#"{"text":"x","id":"a2","language":"ar"}"#;
        std::fs::write(&path, format!("{a}\n\n{b}\r\n")).unwrap();
        let corpus = Corpus::load(std::slice::from_ref(&path)).unwrap();
        assert_eq!(corpus.articles.len(), 2);
        assert_eq!(corpus.articles[0].value, a.as_bytes());
        assert_eq!(
            corpus.articles[1].value,
            b.as_bytes(),
            "CR is not part of the record"
        );
        assert_eq!(corpus.articles[1].key, b"a2");
        assert_eq!(corpus.files[0].language.as_deref(), Some("ar"));
        assert_eq!(corpus.files[0].bytes, (a.len() + b.len()) as u64);
        let cycled = corpus.cycle(5);
        let keys: Vec<&[u8]> = cycled.iter().map(|r| r.key.as_slice()).collect();
        assert_eq!(keys, [&b"a1"[..], b"a2", b"a1", b"a2", b"a1"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_line_without_an_id_names_file_and_line() {
        let dir = std::env::temp_dir().join(format!("khabar-bench-bad-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("bad.jsonl");
        std::fs::write(&path, "{\"id\":\"ok\"}\n{\"text\":\"no id\"}\n").unwrap();
        let error = Corpus::load(std::slice::from_ref(&path)).unwrap_err();
        assert!(
            matches!(error, BenchError::BadArticle { line: 2, .. }),
            "{error}"
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
