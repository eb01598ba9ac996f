//! Inflection generators for lexicon entries and clitic stripping for lookup.
//!
//! Arabic entries list a base form (perfect 3ms verb, singular verbal noun, masculine
//! participle); the rest of the paradigm is generated here by rule, on normalized keys
//! (`khabar_text::normalize_key`: no diacritics, ة → ه, hamza seats → ا). Proclitics (و ف ب ل ك س
//! and the article) are not generated: they are stripped at lookup by [`arabic_candidates`].

use khabar_text::clitics::{ARTICLE, CONJUNCTIONS, FUTURE, LAM_ARTICLE, PREPOSITIONS};

/// The sound feminine plural ending of a noun (زيارات، غارات).
pub const SOUND_FEMININE_PLURAL: &str = "ات";

/// Arabic object/possessive pronoun suffixes, normalized.
const AR_PRONOUNS: &[&str] = &["ه", "ها", "هم", "هما", "هن", "ي", "نا", "كم", "ك"];

/// Whether `key` is `word` with a possessive pronoun suffix («سراحه» is «سراح» + ه).
pub fn is_possessed(key: &str, word: &str) -> bool {
    key.strip_prefix(word)
        .is_some_and(|suffix| AR_PRONOUNS.contains(&suffix))
}

/// Arabic object pronoun suffixes of verbs (ني, not ي), normalized.
const AR_OBJECT_PRONOUNS: &[&str] = &["ه", "ها", "هم", "هما", "هن", "ني", "نا", "كم", "ك"];

/// Inflected forms of an Arabic verb from its perfect 3ms form and, optionally, its imperfect
/// 3ms form (`يستقبل`); passive forms are the same letters in unvocalized text. The perfect's
/// feminine plural («ن») is left out: rare in news, and «لامن» would read «لأمن» as "blamed".
/// Object pronoun forms («استقبله») only when `transitive`: on an intransitive verb the same
/// letters are its verbal noun possessed («تجمعهم», their gathering).
pub fn arabic_verb(perfect: &str, imperfect: Option<&str>, transitive: bool) -> Vec<String> {
    let mut forms = Vec::new();
    // A final alef maqsura / alef (دعا، التقى → normalized التقي) changes before suffixes.
    let (stem, weak) = match perfect
        .strip_suffix('ا')
        .or_else(|| perfect.strip_suffix('ي'))
    {
        Some(s) if perfect.chars().count() >= 3 => (s.to_string(), true),
        _ => (perfect.to_string(), false),
    };
    forms.push(perfect.to_string());
    if weak {
        for suffix in ["ت", "تا", "وا", "يا", "ا"] {
            forms.push(format!("{stem}{suffix}"));
        }
    } else {
        for suffix in ["ت", "تا", "ا", "وا", "و"] {
            forms.push(format!("{perfect}{suffix}"));
        }
    }
    if let Some(imperfect) = imperfect {
        let body = imperfect.strip_prefix(['ي', 'ت']).unwrap_or(imperfect);
        let (ibody, iweak) = match body.strip_suffix(['و', 'ي', 'ا']) {
            Some(s) if body.chars().count() >= 3 => (s, true),
            _ => (body, false),
        };
        // Third person only: first and second person forms (التقيت، نلتقي) are opinion
        // and quotes, not reports.
        for prefix in ["ي", "ت"] {
            forms.push(format!("{prefix}{body}"));
            for suffix in ["ون", "ان", "ين", "وا", "ن"] {
                let base = if iweak { ibody } else { body };
                forms.push(format!("{prefix}{base}{suffix}"));
            }
        }
    }
    if !transitive {
        return forms;
    }
    let plain = forms.clone();
    for form in &plain {
        for pronoun in AR_OBJECT_PRONOUNS {
            forms.push(format!("{form}{pronoun}"));
        }
        // Verbs ending in وا drop the alef before a pronoun (استقبلوه).
        if let Some(base) = form.strip_suffix("وا") {
            for pronoun in AR_OBJECT_PRONOUNS {
                forms.push(format!("{base}و{pronoun}"));
            }
        }
    }
    // A final alef maqsura (normalized ي) is written alef before a pronoun (تبنّاه، التقاها).
    if weak && perfect.ends_with('ي') {
        for pronoun in AR_OBJECT_PRONOUNS {
            forms.push(format!("{stem}ا{pronoun}"));
        }
    }
    forms
}

/// Inflected forms of an Arabic noun: dual, sound feminine plural, pronoun suffixes; `plurals`
/// adds broken plurals given in the lexicon. Each form says whether it carries a pronoun
/// suffix (زيارته: a possessed, hence already known, event).
pub fn arabic_noun(singular: &str, plurals: &[&str]) -> Vec<(String, bool)> {
    let mut bases = vec![singular.to_string()];
    bases.extend(plurals.iter().map(|p| p.to_string()));
    let mut forms = Vec::new();
    for base in &bases {
        forms.push((base.clone(), false));
        // Bound form: ta marbuta (normalized ه) becomes ت before suffixes.
        let bound = match base.strip_suffix('ه') {
            Some(stem) => format!("{stem}ت"),
            None => base.clone(),
        };
        for suffix in ["ان", "ين", "ا"] {
            forms.push((format!("{bound}{suffix}"), false));
        }
        if base == singular {
            let stem = base.strip_suffix('ه').unwrap_or(base);
            forms.push((format!("{stem}{SOUND_FEMININE_PLURAL}"), false));
            for pronoun in AR_PRONOUNS {
                forms.push((format!("{stem}{SOUND_FEMININE_PLURAL}{pronoun}"), true));
            }
        }
        for pronoun in AR_PRONOUNS {
            forms.push((format!("{bound}{pronoun}"), true));
        }
    }
    forms
}

/// Inflected forms of an Arabic active participle (used adverbially: داعياً، مضيفةً). A
/// defective participle (final ي: داعي) drops the ي before the sound masculine plural
/// («داعين», «داعون»).
pub fn arabic_participle(masculine: &str) -> Vec<String> {
    let mut forms = vec![masculine.to_string()];
    for suffix in ["ا", "ه", "ين", "ون", "ان", "تين", "تان", "ات"] {
        forms.push(format!("{masculine}{suffix}"));
    }
    if let Some(stem) = masculine.strip_suffix('ي') {
        forms.extend(["ين", "ون"].map(|suffix| format!("{stem}{suffix}")));
    }
    forms
}

/// Most lookup keys one Arabic word yields: a bound on the work per token, above what real
/// stacks of proclitics give.
pub const MAX_CANDIDATES: usize = 12;

/// Letters a stem keeps after a preposition, the future marker or the article.
const MIN_STEM: usize = 3;

/// Letters a stem keeps after a conjunction: two-letter verbs follow و and ف («وحث»).
const MIN_STEM_AFTER_CONJUNCTION: usize = 2;

/// A lookup key inside a word: its byte offset in the word, and whether the article was
/// stripped to reach it.
pub type Candidate = (usize, bool);

/// Candidate lookup keys of one normalized Arabic word: the word and the word without
/// conjunction, preposition, future and article proclitics (`khabar_text::clitics`), as
/// `(byte offset into word, whether the article was stripped)` in the order found: each key,
/// then what stripping one more proclitic from it gives. A conjunction opens the word only;
/// nothing is stripped after the article.
pub fn arabic_candidates(word: &str, out: &mut Vec<Candidate>) {
    out.clear();
    out.push((0, false));
    let mut i = 0;
    while i < out.len() && out.len() < MAX_CANDIDATES {
        let (at, article) = out[i];
        i += 1;
        if article {
            continue;
        }
        let rest = &word[at..];
        let mut push = |stripped: &str, is_article: bool, min_stem: usize| {
            let entry = (word.len() - stripped.len(), is_article);
            if stripped.chars().take(min_stem).count() >= min_stem && !out.contains(&entry) {
                out.push(entry);
            }
        };
        // The first letter is read once and the prefixes compared here: `strip_prefix` calls
        // `memcmp` for each (a dozen calls a word).
        let Some(first) = rest.chars().next() else {
            continue;
        };
        let after_first = &rest[first.len_utf8()..];
        let opening_conjunctions = CONJUNCTIONS.iter().filter(|_| at == 0);
        for _ in opening_conjunctions.filter(|&&letter| letter == first) {
            push(after_first, false, MIN_STEM_AFTER_CONJUNCTION);
        }
        for _ in PREPOSITIONS
            .iter()
            .chain([&FUTURE])
            .filter(|&&letter| letter == first)
        {
            push(after_first, false, MIN_STEM);
        }
        for article in [ARTICLE, LAM_ARTICLE] {
            if let Some(stripped) = strip_short_prefix(rest, article) {
                push(stripped, true, MIN_STEM);
            }
        }
    }
}

/// `text` without `prefix` when it starts with it, compared byte by byte: for the short
/// constant prefixes of [`arabic_candidates`], where `str::strip_prefix` calls `memcmp`.
#[inline]
fn strip_short_prefix<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let (bytes, prefix) = (text.as_bytes(), prefix.as_bytes());
    if bytes.len() < prefix.len() || bytes.iter().zip(prefix).any(|(a, b)| a != b) {
        return None;
    }
    text.get(prefix.len()..)
}

/// Inflected forms of an English verb: `lemma` plus optional irregular past and participle.
pub fn english_verb(lemma: &str, past: Option<&str>, participle: Option<&str>) -> Vec<String> {
    let mut forms = vec![lemma.to_string()];
    let ends_y = lemma.ends_with('y')
        && !lemma.ends_with("ay")
        && !lemma.ends_with("ey")
        && !lemma.ends_with("oy");
    let third = if ends_y {
        format!("{}ies", &lemma[..lemma.len() - 1])
    } else if ["s", "sh", "ch", "x", "z", "o"]
        .iter()
        .any(|e| lemma.ends_with(e))
    {
        format!("{lemma}es")
    } else {
        format!("{lemma}s")
    };
    forms.push(third);
    let regular_past = if ends_y {
        format!("{}ied", &lemma[..lemma.len() - 1])
    } else if lemma.ends_with('e') {
        format!("{lemma}d")
    } else {
        format!("{lemma}ed")
    };
    forms.push(past.map(str::to_string).unwrap_or(regular_past.clone()));
    if let Some(p) = participle {
        forms.push(p.to_string());
    }
    let ing = if let Some(stem) = lemma.strip_suffix("ie") {
        format!("{stem}ying")
    } else if lemma.ends_with('e') && !lemma.ends_with("ee") {
        format!("{}ing", &lemma[..lemma.len() - 1])
    } else {
        format!("{lemma}ing")
    };
    forms.push(ing);
    forms.dedup();
    forms
}

/// Doubles the final consonant for verbs that need it (ban → banned, banning).
pub fn english_doubled(lemma: &str) -> Vec<String> {
    let last = lemma.chars().last().unwrap_or('x');
    vec![format!("{lemma}{last}ed"), format!("{lemma}{last}ing")]
}

/// Plural of an English noun.
pub fn english_plural(noun: &str) -> String {
    if noun.ends_with('y') && !noun.ends_with("ay") && !noun.ends_with("ey") {
        format!("{}ies", &noun[..noun.len() - 1])
    } else if ["s", "sh", "ch", "x", "z"]
        .iter()
        .any(|e| noun.ends_with(e))
    {
        format!("{noun}es")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_verb_paradigm_covers_common_forms() {
        let forms = arabic_verb("استقبل", Some("يستقبل"), true);
        for f in [
            "استقبل",
            "استقبلت",
            "استقبلا",
            "استقبلوا",
            "يستقبل",
            "تستقبل",
            "يستقبلون",
            "استقبله",
            "استقبلتها",
        ] {
            assert!(forms.iter().any(|x| x == f), "{f}");
        }
        let maqsura = arabic_verb("تبني", Some("يتبني"), true);
        for f in ["تبناه", "تبناهما", "تبنت", "تبنوا"] {
            assert!(maqsura.iter().any(|x| x == f), "{f}");
        }
        let weak = arabic_verb("دعا", Some("يدعو"), true);
        for f in ["دعا", "دعت", "دعوا", "يدعو", "تدعو", "يدعون"] {
            assert!(weak.iter().any(|x| x == f), "{f}");
        }
    }

    #[test]
    fn an_intransitive_verb_has_no_object_pronoun_forms() {
        let forms = arabic_verb("تجمع", Some("يتجمع"), false);
        assert!(forms.iter().any(|f| f == "تجمعوا"));
        assert!(!forms.iter().any(|f| f == "تجمعهم" || f == "تجمعنا"));
    }

    #[test]
    fn arabic_noun_paradigm_binds_ta_marbuta() {
        let forms = arabic_noun("زياره", &[]);
        for f in ["زياره", "زيارته", "زيارتها", "زيارات", "زيارتين"]
        {
            assert!(forms.iter().any(|(x, _)| x == f), "{f}");
        }
        assert!(forms.contains(&("زيارته".to_string(), true)));
        assert!(forms.contains(&("زيارات".to_string(), false)));
    }

    #[test]
    fn a_defective_participle_drops_its_ya_in_the_plural() {
        let forms = arabic_participle("داعي");
        for f in ["داعيا", "داعيه", "داعين", "داعون"] {
            assert!(forms.iter().any(|g| g == f), "{f} missing from {forms:?}");
        }
        assert!(!arabic_participle("مضيف").iter().any(|g| g == "مضين"));
    }

    #[test]
    fn proclitics_are_stripped_in_every_order() {
        let word = "وبالزياره";
        let mut out = Vec::new();
        arabic_candidates(word, &mut out);
        let keys: Vec<&str> = out.iter().map(|&(at, _)| &word[at..]).collect();
        assert!(keys.contains(&"زياره"), "{keys:?}");
        assert!(keys.contains(&"بالزياره"));
    }

    #[test]
    fn candidates_come_in_the_order_found() {
        let mut out = Vec::new();
        arabic_candidates("وبالزياره", &mut out);
        assert_eq!(out, [(0, false), (2, false), (4, false), (8, true)]);
        arabic_candidates("للرئيس", &mut out);
        assert_eq!(out, [(0, false), (2, false), (4, true), (4, false)]);
        arabic_candidates("وحث", &mut out);
        assert_eq!(out, [(0, false), (2, false)]);
        arabic_candidates("", &mut out);
        assert_eq!(out, [(0, false)]);
    }

    #[test]
    fn english_inflections() {
        assert_eq!(
            english_verb("accuse", None, None),
            vec!["accuse", "accuses", "accused", "accusing"]
        );
        assert!(english_verb("meet", Some("met"), None).contains(&"met".to_string()));
        assert!(english_verb("carry", None, None).contains(&"carried".to_string()));
        assert_eq!(english_plural("strike"), "strikes");
    }
}
