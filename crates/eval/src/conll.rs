//! Readers for the NER gold formats of `shared/data/README.md`: CoNLL (`token<TAB>tag`) and
//! NER JSONL, both turned into sentences of tokens with token-span entities.

use std::path::Path;

use serde::Deserialize;

use crate::EvalError;

/// An entity over tokens `[start, end)` of a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenSpan {
    /// First token.
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    /// Type label as in the file (`PER`, `ORG`, `LOC`, `MISC`, ...).
    pub label: String,
}

/// One gold sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldSentence {
    /// Sentence id (file name and index, or the JSONL id).
    pub id: String,
    /// Language when the file says (JSONL `lang`).
    pub lang: Option<String>,
    /// Tokens.
    pub tokens: Vec<String>,
    /// Entities, in order.
    pub entities: Vec<TokenSpan>,
    /// The document the sentence belongs to: the number of `-DOCSTART-` lines before it, in a
    /// file that marks documents; `None` when the file has no such line before it.
    pub document: Option<usize>,
}

impl GoldSentence {
    /// The sentence text (tokens joined by single spaces) and each token's half-open
    /// character span in it.
    pub fn text_and_char_spans(&self) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut spans = Vec::with_capacity(self.tokens.len());
        let mut at = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            if i > 0 {
                text.push(' ');
                at += 1;
            }
            let n = t.chars().count();
            spans.push((at, at + n));
            text.push_str(t);
            at += n;
        }
        (text, spans)
    }

    /// Like [`GoldSentence::text_and_char_spans`], with byte spans.
    pub fn text_and_byte_spans(&self) -> (String, Vec<(usize, usize)>) {
        let text = self.tokens.join(" ");
        let mut spans = Vec::with_capacity(self.tokens.len());
        let mut at = 0;
        for t in &self.tokens {
            spans.push((at, at + t.len()));
            at += t.len() + 1;
        }
        (text, spans)
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> EvalError + '_ {
    move |source| EvalError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Reads a CoNLL file: `token<TAB>tag` lines, blank lines between sentences, `-DOCSTART-`
/// lines opening documents.
pub fn read_conll(path: &Path) -> Result<Vec<GoldSentence>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    parse_conll(&text, &path.display().to_string()).map_err(|(line, reason)| EvalError::BadGold {
        path: path.to_path_buf(),
        line,
        reason,
    })
}

/// Parses CoNLL text; errors carry the 1-based line and the reason.
pub fn parse_conll(text: &str, name: &str) -> Result<Vec<GoldSentence>, (usize, String)> {
    let mut out = Vec::new();
    let mut tokens: Vec<String> = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut document: Option<usize> = None;
    let flush = |tokens: &mut Vec<String>,
                 tags: &mut Vec<String>,
                 document: Option<usize>,
                 out: &mut Vec<GoldSentence>| {
        if !tokens.is_empty() {
            let entities = spans_from_bio(tags);
            out.push(GoldSentence {
                id: format!("{name}#{}", out.len()),
                lang: None,
                tokens: std::mem::take(tokens),
                entities,
                document,
            });
            tags.clear();
        }
    };
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            flush(&mut tokens, &mut tags, document, &mut out);
            continue;
        }
        let Some((token, tag)) = line.rsplit_once('\t') else {
            return Err((n + 1, format!("expected 'token<TAB>tag', got '{line}'")));
        };
        if token.starts_with("-DOCSTART-") {
            flush(&mut tokens, &mut tags, document, &mut out);
            document = Some(document.map_or(0, |d| d + 1));
            continue;
        }
        let tag = tag.trim();
        if !(tag == "O" || tag.starts_with("B-") || tag.starts_with("I-")) {
            return Err((n + 1, format!("bad tag '{tag}'")));
        }
        tokens.push(token.to_string());
        tags.push(tag.to_string());
    }
    flush(&mut tokens, &mut tags, document, &mut out);
    Ok(out)
}

/// Entity spans of a BIO tag sequence (an `I-X` that does not continue an X starts one).
pub fn spans_from_bio(tags: &[String]) -> Vec<TokenSpan> {
    let mut out: Vec<TokenSpan> = Vec::new();
    let mut open: Option<TokenSpan> = None;
    for (i, tag) in tags.iter().enumerate() {
        let (kind, label) = match tag.split_once('-') {
            Some((k, l)) => (k, l),
            None => ("O", ""),
        };
        let continues = kind == "I" && open.as_ref().is_some_and(|o| o.label == label);
        if continues {
            if let Some(o) = open.as_mut() {
                o.end = i + 1;
            }
            continue;
        }
        if let Some(o) = open.take() {
            out.push(o);
        }
        if kind == "B" || kind == "I" {
            open = Some(TokenSpan {
                start: i,
                end: i + 1,
                label: label.to_string(),
            });
        }
    }
    out.extend(open);
    out
}

#[derive(Deserialize)]
struct JsonEntity {
    start: usize,
    end: usize,
    #[serde(rename = "type")]
    label: String,
}

#[derive(Deserialize)]
struct JsonSentence {
    id: String,
    lang: Option<String>,
    text: String,
    entities: Vec<JsonEntity>,
}

/// Reads NER JSONL: one sentence a line, text = tokens joined by single spaces, entities as
/// character spans on token boundaries.
pub fn read_ner_jsonl(path: &Path) -> Result<Vec<GoldSentence>, EvalError> {
    let text = std::fs::read_to_string(path).map_err(io(path))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |reason: String| EvalError::BadGold {
            path: path.to_path_buf(),
            line: n + 1,
            reason,
        };
        let record: JsonSentence = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let tokens: Vec<String> = record.text.split(' ').map(str::to_string).collect();
        let sentence = GoldSentence {
            id: record.id,
            lang: record.lang,
            tokens,
            entities: Vec::new(),
            document: None,
        };
        let (_, spans) = sentence.text_and_char_spans();
        let mut entities = Vec::new();
        for e in record.entities {
            let start = spans.iter().position(|s| s.0 == e.start);
            let end = spans.iter().position(|s| s.1 == e.end);
            match (start, end) {
                (Some(s), Some(t)) if s <= t => entities.push(TokenSpan {
                    start: s,
                    end: t + 1,
                    label: e.label,
                }),
                _ => {
                    return Err(bad(format!(
                        "entity [{}, {}) is not on token boundaries",
                        e.start, e.end
                    )))
                }
            }
        }
        out.push(GoldSentence {
            entities,
            ..sentence
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conll_spans() {
        let text = "-DOCSTART-\tO\n\nمحمد\tB-PER\nشياع\tI-PER\nفي\tO\nبغداد\tB-LOC\n\nX\tI-ORG\nY\tI-ORG\n";
        let s = parse_conll(text, "t").expect("valid");
        assert_eq!(s.len(), 2);
        assert_eq!(
            s[0].entities,
            vec![
                TokenSpan {
                    start: 0,
                    end: 2,
                    label: "PER".into()
                },
                TokenSpan {
                    start: 3,
                    end: 4,
                    label: "LOC".into()
                }
            ]
        );
        assert_eq!(
            s[1].entities,
            vec![TokenSpan {
                start: 0,
                end: 2,
                label: "ORG".into()
            }]
        );
        let (text, spans) = s[0].text_and_char_spans();
        assert_eq!(text, "محمد شياع في بغداد");
        assert_eq!(spans[3], (13, 18));
    }

    #[test]
    fn documents_are_numbered_where_the_file_marks_them() {
        let marked = "-DOCSTART-\tO\n\na\tO\n\nb\tO\n-DOCSTART-\tO\nc\tO\n";
        let documents: Vec<_> = parse_conll(marked, "t")
            .expect("valid")
            .iter()
            .map(|s| s.document)
            .collect();
        assert_eq!(documents, vec![Some(0), Some(0), Some(1)]);
        let unmarked = parse_conll("a\tO\n\nb\tO\n", "t").expect("valid");
        assert!(unmarked.iter().all(|s| s.document.is_none()));
    }
}
