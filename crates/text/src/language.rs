//! Language identification: a declared, well-formed BCP-47 tag wins; otherwise the script mix
//! and frequent function words decide.

/// The language a text is analyzed as.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Language {
    /// Arabic (`ar`), first-class.
    Arabic,
    /// English (`en`), first-class.
    English,
    /// Any other language, by its primary BCP-47 subtag (lowercase), or `und` when unknown.
    Other(String),
}

impl Language {
    /// The primary BCP-47 subtag (`ar`, `en`, `fr`, ..., `und`).
    pub fn tag(&self) -> &str {
        match self {
            Language::Arabic => "ar",
            Language::English => "en",
            Language::Other(tag) => tag,
        }
    }

    fn from_primary_subtag(tag: &str) -> Language {
        match tag {
            "ar" => Language::Arabic,
            "en" => Language::English,
            other => Language::Other(other.to_string()),
        }
    }
}

/// Where the analysis language came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LanguageSource {
    /// The input declared a well-formed tag.
    Input,
    /// Detected from the text.
    Detected,
}

impl LanguageSource {
    /// `input` or `detected`.
    pub fn as_str(self) -> &'static str {
        match self {
            LanguageSource::Input => "input",
            LanguageSource::Detected => "detected",
        }
    }
}

/// Identifies the language of `text`; a well-formed `declared` BCP-47 tag wins.
pub fn identify_language(text: &str, declared: Option<&str>) -> (Language, LanguageSource) {
    if let Some(primary) = declared.and_then(primary_subtag) {
        return (
            Language::from_primary_subtag(&primary),
            LanguageSource::Input,
        );
    }
    (detect(text), LanguageSource::Detected)
}

/// The lowercase primary subtag of a well-formed BCP-47 tag (`ar-EG` → `ar`), else `None`.
fn primary_subtag(tag: &str) -> Option<String> {
    let mut parts = tag.trim().split(['-', '_']);
    let primary = parts.next()?;
    let primary_ok =
        (2..=3).contains(&primary.len()) && primary.bytes().all(|b| b.is_ascii_alphabetic());
    let rest_ok =
        parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()));
    (primary_ok && rest_ok && !primary.eq_ignore_ascii_case("und"))
        .then(|| primary.to_ascii_lowercase())
}

/// How many letters of a text to look at; enough for a stable guess, bounded for huge texts.
const SAMPLE_LETTERS: usize = 4096;

fn detect(text: &str) -> Language {
    let mut arabic = 0usize;
    let mut persian_marks = 0usize;
    let mut urdu_marks = 0usize;
    let mut latin = 0usize;
    let mut cyrillic = 0usize;
    let mut han = 0usize;
    let mut other = 0usize;
    for c in text
        .chars()
        .filter(|c| c.is_alphabetic())
        .take(SAMPLE_LETTERS)
    {
        match c {
            'پ' | 'چ' | 'ژ' | 'گ' | 'ک' | 'ی' => {
                arabic += 1;
                persian_marks += 1;
            }
            'ٹ' | 'ڈ' | 'ڑ' | 'ے' | 'ں' | 'ھ' => {
                arabic += 1;
                urdu_marks += 1;
            }
            '\u{0600}'..='\u{06FF}'
            | '\u{0750}'..='\u{077F}'
            | '\u{08A0}'..='\u{08FF}'
            | '\u{FB50}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFF}' => arabic += 1,
            'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' => latin += 1,
            '\u{0400}'..='\u{04FF}' => cyrillic += 1,
            '\u{4E00}'..='\u{9FFF}' => han += 1,
            _ => other += 1,
        }
    }
    let total = arabic + latin + cyrillic + han + other;
    if total == 0 {
        return Language::Other("und".to_string());
    }
    let top = arabic.max(latin).max(cyrillic).max(han).max(other);
    if top == arabic {
        if urdu_marks * 50 > arabic {
            return Language::Other("ur".to_string());
        }
        if persian_marks * 30 > arabic {
            return Language::Other("fa".to_string());
        }
        return Language::Arabic;
    }
    if top == latin {
        return detect_latin(text);
    }
    if top == cyrillic {
        return Language::Other("ru".to_string());
    }
    if top == han {
        return Language::Other("zh".to_string());
    }
    Language::Other("und".to_string())
}

/// Frequent function words of Latin-script languages, used to tell them apart.
const LATIN_FUNCTION_WORDS: &[(&str, &[&str])] = &[
    (
        "en",
        &[
            "the", "and", "of", "to", "in", "is", "that", "for", "was", "on", "with", "said",
        ],
    ),
    (
        "fr",
        &[
            "le", "la", "les", "et", "des", "est", "du", "une", "dans", "pour", "que", "au",
        ],
    ),
    (
        "es",
        &[
            "el", "la", "los", "y", "del", "las", "que", "en", "por", "con", "una", "para",
        ],
    ),
    (
        "de",
        &[
            "der", "die", "und", "das", "den", "ist", "nicht", "mit", "von", "auf", "sich", "ein",
        ],
    ),
    (
        "pt",
        &[
            "o", "os", "e", "do", "da", "que", "em", "não", "uma", "para", "com", "dos",
        ],
    ),
    (
        "it",
        &[
            "il", "di", "che", "e", "la", "per", "non", "sono", "della", "gli", "con", "del",
        ],
    ),
    (
        "tr",
        &[
            "ve", "bir", "bu", "da", "de", "için", "ile", "olarak", "çok", "daha", "gibi", "ama",
        ],
    ),
    (
        "id",
        &[
            "yang", "dan", "di", "ini", "itu", "dengan", "untuk", "dari", "tidak", "akan", "pada",
            "dalam",
        ],
    ),
];

fn detect_latin(text: &str) -> Language {
    let mut scores = [0usize; LATIN_FUNCTION_WORDS.len()];
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .take(SAMPLE_LETTERS / 4);
    for word in words {
        let lower = word.to_lowercase();
        for (score, (_, list)) in scores.iter_mut().zip(LATIN_FUNCTION_WORDS) {
            if list.contains(&lower.as_str()) {
                *score += 1;
            }
        }
    }
    let best = scores
        .iter()
        .enumerate()
        .max_by_key(|(i, s)| (**s, usize::MAX - i))
        .map(|(i, _)| i)
        .unwrap_or(0);
    // Latin text with no function word at all (a headline, a list of names) is most often English in news feeds.
    Language::from_primary_subtag(LATIN_FUNCTION_WORDS[best].0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_tag_wins_when_well_formed() {
        assert_eq!(
            identify_language("hello", Some("ar-EG")),
            (Language::Arabic, LanguageSource::Input)
        );
        assert_eq!(
            identify_language("مرحبا بكم في المدينة", Some("not a tag!")).0,
            Language::Arabic
        );
    }

    #[test]
    fn detects_scripts_and_latin_languages() {
        assert_eq!(
            detect("وصل سكرتير مجلس الأمن الروسي إلى بغداد"),
            Language::Arabic
        );
        assert_eq!(
            detect("The minister said that the talks were useful."),
            Language::English
        );
        assert_eq!(
            detect("Le ministre a dit que les discussions étaient utiles pour la paix."),
            Language::Other("fr".into())
        );
        assert_eq!(detect("١٢٣ ... !!!"), Language::Other("und".into()));
        // Latin names inside Arabic text do not flip it.
        assert_eq!(
            detect("قال Emmanuel Macron في Paris إن فرنسا ستدعم الاتفاق"),
            Language::Arabic
        );
    }
}
