//! The forms a trigger row's forms column expands to: the inflections `morph` generates per
//! language and part of speech, as normalized word sequences.

use std::collections::HashSet;

use khabar_text::normalize_key;

use super::{Lang, Pos};
use crate::morph;

/// One generated form of an entry.
pub struct GeneratedForm {
    /// Normalized words (several for a phrase).
    pub words: Vec<String>,
    /// An Arabic noun with a possessive suffix (زيارته).
    pub suffixed: bool,
    /// An Arabic imperfect verb form (يستقبل), or an English event verb's bare base form.
    pub imperfect: bool,
}

impl GeneratedForm {
    /// A one-word form without suffix, not imperfect.
    fn word(word: String) -> GeneratedForm {
        GeneratedForm::words(vec![word])
    }

    /// A form of several words without suffix, not imperfect.
    fn words(words: Vec<String>) -> GeneratedForm {
        GeneratedForm {
            words,
            suffixed: false,
            imperfect: false,
        }
    }
}

/// How a row's forms are inflected, from its options column.
#[derive(Debug, Clone, Copy, Default)]
pub struct Inflection {
    /// An English verb that doubles its last consonant (`double`: "stopped").
    pub doubled: bool,
    /// An Arabic verb that takes no object (`intrans`: «تجمع», «انفجر»), so no object pronoun
    /// forms.
    pub intransitive: bool,
}

/// The forms an entry's forms column (`|`-separated parts) expands to. English event verbs
/// (not `base_form`) mark the bare base form, which is mostly a noun (a jail term, an attack)
/// or non-factual (to attack), as `imperfect`: a verb only after a future auxiliary ("will
/// release", a stated intent).
pub fn generate(
    lang: Lang,
    pos: Pos,
    forms: &str,
    inflection: Inflection,
    base_form: bool,
) -> Result<Vec<GeneratedForm>, String> {
    let parts: Vec<String> = forms
        .split('|')
        .map(|p| normalize_key(p.trim()))
        .filter(|p| !p.is_empty())
        .collect();
    let Some(first) = parts.first() else {
        return Err("empty forms".to_string());
    };
    let words = |list: Vec<String>| list.into_iter().map(GeneratedForm::word).collect();
    Ok(match (lang, pos) {
        (Lang::Ar, Pos::Verb) => {
            let transitive = !inflection.intransitive;
            arabic_verb_forms(first, parts.get(1).map(String::as_str), transitive)
        }
        (Lang::Ar, Pos::Noun) => {
            let plurals: Vec<&str> = parts[1..].iter().map(String::as_str).collect();
            morph::arabic_noun(first, &plurals)
                .into_iter()
                .map(|(word, suffixed)| GeneratedForm {
                    suffixed,
                    ..GeneratedForm::word(word)
                })
                .collect()
        }
        (Lang::Ar, Pos::Participle) => words(
            parts
                .iter()
                .flat_map(|p| morph::arabic_participle(p))
                .collect(),
        ),
        (Lang::En, Pos::Verb) => english_verb_forms(&parts, inflection.doubled, base_form),
        (Lang::En, Pos::Noun) => {
            let mut list = Vec::new();
            for p in &parts {
                list.push(p.clone());
                list.push(morph::english_plural(p));
            }
            words(list)
        }
        (_, Pos::Phrase) => phrase_forms(lang, &parts)?,
        (Lang::En, Pos::Participle) => return Err("participle entries are Arabic only".to_string()),
    })
}

/// An Arabic verb's paradigm from its perfect and optional imperfect; forms that are not
/// perfect forms are imperfect.
fn arabic_verb_forms(
    perfect: &str,
    imperfect: Option<&str>,
    transitive: bool,
) -> Vec<GeneratedForm> {
    let perfect_forms: HashSet<String> = morph::arabic_verb(perfect, None, transitive)
        .into_iter()
        .collect();
    morph::arabic_verb(perfect, imperfect, transitive)
        .into_iter()
        .map(|word| GeneratedForm {
            imperfect: !perfect_forms.contains(&word),
            ..GeneratedForm::word(word)
        })
        .collect()
}

/// An English verb's forms from `lemma|past|participle` parts; unless `base_form`, the bare
/// base form (not also its past: "beat") is marked as `imperfect`, a verb only after a future
/// auxiliary ("will release").
fn english_verb_forms(parts: &[String], doubled: bool, base_form: bool) -> Vec<GeneratedForm> {
    let first = &parts[0];
    let mut list = morph::english_verb(
        first,
        parts.get(1).map(String::as_str),
        parts.get(2).map(String::as_str),
    );
    if doubled {
        list.extend(morph::english_doubled(first));
    }
    let bare = !base_form && parts.get(1) != Some(first);
    list.into_iter()
        .map(|word| GeneratedForm {
            imperfect: bare && word == *first,
            ..GeneratedForm::word(word)
        })
        .collect()
}

/// The forms of fixed multiword expressions; an English phrase also with its first word
/// inflected as a verb and its last as a plural noun.
fn phrase_forms(lang: Lang, parts: &[String]) -> Result<Vec<GeneratedForm>, String> {
    let mut out = Vec::new();
    for p in parts {
        let words: Vec<String> = p.split_whitespace().map(str::to_string).collect();
        if words.is_empty() {
            return Err("empty phrase".to_string());
        }
        if lang == Lang::Ar {
            out.push(GeneratedForm::words(words));
            continue;
        }
        let mut variants = vec![words.clone()];
        for form in morph::english_verb(&words[0], None, None) {
            let mut w = words.clone();
            w[0] = form;
            variants.push(w);
        }
        if words.len() > 1 {
            let mut w = words.clone();
            let last = w.len() - 1;
            w[last] = morph::english_plural(&w[last]);
            variants.push(w);
        }
        out.extend(variants.into_iter().map(GeneratedForm::words));
    }
    Ok(out)
}
