//! Entity recognition: a statistical sequence tagger with gazetteers for PER, ORG, LOC, MISC and
//! NORP, rule-based DATE expressions resolved against the publication date, entity
//! normalization (links, transliteration) and in-article coreference clusters.
//!
//! Spans are half-open byte ranges into the original text. Models and gazetteers are embedded in
//! the crate and loaded once per [`Recognizer`]; this crate does no I/O. Training code lives
//! here too ([`train`]) so training and inference share one feature extractor; reading the
//! training files is the `eval` crate's job.

mod coref;
pub mod dates;
mod english;
mod error;
pub mod features;
pub mod gazetteer;
pub mod model;
pub mod train;
pub mod translit;

pub use error::NerError;
pub use khabar_schema::EntityType;

use chrono::NaiveDate;
use khabar_text::{Analysis, Language, Token};

use features::{Fnv, SentenceView};
use gazetteer::{clitic_rests, GazKind, Gazetteer};
use model::{Model, PackedWeights};

/// Resolves a date expression on its own (a DATE span from another source, such as gold data)
/// against the publication date: the ISO value (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) of the first
/// resolvable date in `text`, with the same rules as the DATE mentions the recognizer finds.
pub fn resolve_date(text: &str, arabic: bool, published: Option<NaiveDate>) -> Option<String> {
    let analysis = khabar_text::analyze(text, Some(if arabic { "ar" } else { "en" }));
    let words: Vec<&str> = analysis
        .tokens
        .iter()
        .map(|t| &text[t.start..t.end])
        .collect();
    let norms: Vec<String> = words
        .iter()
        .map(|w| khabar_text::normalize_key(w))
        .collect();
    let norms: Vec<&str> = norms.iter().map(String::as_str).collect();
    dates::find_dates(&words, &norms, arabic, published)
        .into_iter()
        .find_map(|date| date.link)
}

/// One entity mention found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// Byte offset of the first character in the original text.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// Entity type.
    pub entity_type: EntityType,
    /// Normalized form (see `khabar_text::normalize_key`).
    pub normalized: String,
    /// ISO 3166-1 alpha-2 code, `geonames:<id>`, or ISO date for DATE mentions.
    pub link: Option<String>,
    /// Latin transliteration of an Arabic person name.
    pub transliteration: Option<String>,
    /// Mentions of the same entity share a cluster id (index of the cluster's first mention).
    pub cluster: usize,
    /// Index of the sentence holding the mention.
    pub sentence: usize,
    /// Confidence in [0, 1].
    pub confidence: f32,
}

/// The entity recognizer with its models loaded; build once and share.
#[derive(Debug)]
pub struct Recognizer {
    arabic: Option<Tagger>,
    english: Option<Tagger>,
    gazetteer: Gazetteer,
    digest: String,
}

/// A model with its decoding tables.
#[derive(Debug)]
struct Tagger {
    model: Model,
    weights: PackedWeights,
    trans: Vec<i32>,
}

impl Tagger {
    fn new(mut model: Model) -> Tagger {
        let trans = model.trans.iter().map(|&t| i32::from(t)).collect();
        let weights = PackedWeights::new(&model);
        // Inference reads the packed rows; the dense table (19 MB a language) is not kept.
        model.weights = Vec::new();
        Tagger {
            model,
            weights,
            trans,
        }
    }
}

static AR_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/ar.bin"));
static EN_MODEL: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/en.bin"));

/// A span found in one sentence, over token indices, before normalization.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    start: usize,
    end: usize,
    /// Byte offsets into the text.
    byte_start: usize,
    byte_end: usize,
    entity_type: EntityType,
    link: Option<String>,
    confidence: f32,
}

/// Removes the candidates at `indices` (ascending) from `found` and returns their highest
/// confidence, or `floor` when that is higher: the confidence of the span that replaces them.
pub(crate) fn remove_candidates(found: &mut Vec<Candidate>, indices: &[usize], floor: f32) -> f32 {
    let confidence = indices
        .iter()
        .map(|&k| found[k].confidence)
        .fold(floor, f32::max);
    for &k in indices.iter().rev() {
        found.remove(k);
    }
    confidence
}

impl Candidate {
    /// A span over tokens `[start, end)` of `tokens`, without a link.
    fn over(
        tokens: &[Token],
        start: usize,
        end: usize,
        entity_type: EntityType,
        confidence: f32,
    ) -> Candidate {
        Candidate {
            start,
            end,
            byte_start: tokens[start].start,
            byte_end: tokens[end - 1].end,
            entity_type,
            link: None,
            confidence,
        }
    }
}

impl Recognizer {
    /// Loads the models and gazetteers embedded in the crate.
    pub fn embedded() -> Result<Recognizer, NerError> {
        Recognizer::from_models(AR_MODEL, EN_MODEL)
    }

    /// [`Recognizer::embedded`] with model file bytes in place of the embedded models
    /// (`None` keeps that language's embedded model).
    pub fn with_models(
        arabic: Option<&[u8]>,
        english: Option<&[u8]>,
    ) -> Result<Recognizer, NerError> {
        Recognizer::from_models(arabic.unwrap_or(AR_MODEL), english.unwrap_or(EN_MODEL))
    }

    /// Builds a recognizer from model file bytes (empty bytes = no tagger for that language)
    /// and the embedded gazetteers.
    pub fn from_models(arabic: &[u8], english: &[u8]) -> Result<Recognizer, NerError> {
        let load = |name: &str, bytes: &[u8]| -> Result<Option<Tagger>, NerError> {
            if bytes.is_empty() {
                return Ok(None);
            }
            Ok(Some(Tagger::new(Model::from_bytes(name, bytes)?)))
        };
        let gazetteer = Gazetteer::embedded();
        let mut h = Fnv::new(b"models");
        h.write(arabic);
        h.write(english);
        h.write(&gazetteer.digest().to_le_bytes());
        Ok(Recognizer {
            arabic: load("ar", arabic)?,
            english: load("en", english)?,
            digest: format!("{:016x}", h.finish())[..12].to_string(),
            gazetteer,
        })
    }

    /// A digest of the loaded models, part of the pipeline version.
    pub fn model_digest(&self) -> String {
        self.digest.clone()
    }

    /// The gazetteers in use.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Tags the tokens of one sentence with the model of `language`; returns label indices
    /// (see [`model::LABELS`]) or `None` when there is no model for the language.
    pub fn tag_sentence(
        &self,
        text: &str,
        tokens: &[Token],
        language: &Language,
    ) -> Option<Vec<usize>> {
        let tagger = self.tagger(language)?;
        let view = SentenceView::new(text, tokens, &self.gazetteer);
        Some(self.tag_view(tagger, &view).0)
    }

    fn tagger(&self, language: &Language) -> Option<&Tagger> {
        match language {
            Language::Arabic => self.arabic.as_ref(),
            Language::English => self.english.as_ref(),
            Language::Other(_) => None,
        }
    }

    fn tag_view(&self, tagger: &Tagger, view: &SentenceView) -> (Vec<usize>, Vec<f32>) {
        let mut features = Vec::with_capacity(64);
        let mut emissions = Vec::with_capacity(view.len());
        for i in 0..view.len() {
            features.clear();
            view.features(i, tagger.model.bits, &mut features);
            emissions.push(tagger.weights.emit(&features));
        }
        let path = model::viterbi(&emissions, &tagger.trans);
        // Confidence: the chosen label's local softmax probability.
        let scale = tagger.model.scale;
        let probs = path
            .iter()
            .zip(&emissions)
            .map(|(&label, row)| {
                if label == 0 {
                    return 1.0;
                }
                let max = row.iter().copied().max().unwrap_or(0);
                let z: f32 = row.iter().map(|&s| ((s - max) as f32 * scale).exp()).sum();
                ((row[label] - max) as f32 * scale).exp() / z
            })
            .collect();
        (path, probs)
    }

    /// Finds the entity mentions of an analyzed text, in text order.
    pub fn recognize(
        &self,
        text: &str,
        analysis: &Analysis,
        published: Option<NaiveDate>,
    ) -> Vec<Mention> {
        let arabic = analysis.language == Language::Arabic;
        let tagger = self.tagger(&analysis.language);
        let mut candidates: Vec<(usize, Vec<Candidate>, usize, SentenceView)> = Vec::new();
        let tokens = &analysis.tokens;
        let mut from = 0;
        while from < tokens.len() {
            let sentence = tokens[from].sentence;
            let mut to = from;
            while to < tokens.len() && tokens[to].sentence == sentence {
                to += 1;
            }
            let sent_tokens = &tokens[from..to];
            let view = SentenceView::new(text, sent_tokens, &self.gazetteer);
            let mut found = Vec::new();
            if let Some(tagger) = tagger {
                let (path, probs) = self.tag_view(tagger, &view);
                found.extend(spans_of(&path, &probs, sent_tokens));
            }
            self.add_rules(
                tagger,
                text,
                sent_tokens,
                &view,
                arabic,
                published,
                &mut found,
            );
            candidates.push((sentence, found, from, view));
            from = to;
        }
        propagate_names(text, tokens, &mut candidates);
        let mut mentions = Vec::new();
        for (sentence, found, _, _) in candidates {
            for c in found {
                let (start, end) = if arabic && c.entity_type != EntityType::Date {
                    (
                        self.strip_clitics(text, c.byte_start, c.byte_end),
                        c.byte_end,
                    )
                } else {
                    (c.byte_start, c.byte_end)
                };
                let surface = &text[start..end];
                let normalized = khabar_text::normalize_key(surface);
                let link = c.link.or_else(|| self.link_of(c.entity_type, &normalized));
                let transliteration = if c.entity_type == EntityType::Per {
                    translit::transliterate(surface)
                } else {
                    None
                };
                mentions.push(Mention {
                    start,
                    end,
                    entity_type: c.entity_type,
                    normalized,
                    link,
                    transliteration,
                    cluster: 0,
                    sentence,
                    confidence: c.confidence,
                });
            }
        }
        mentions.sort_by_key(|m| (m.start, m.end));
        coref::assign_clusters(&mut mentions);
        mentions
    }

    /// Rules that run beside the model: dates, and gazetteer backstops for LOC, NORP and ORG.
    #[allow(clippy::too_many_arguments)]
    fn add_rules(
        &self,
        tagger: Option<&Tagger>,
        text: &str,
        tokens: &[Token],
        view: &SentenceView,
        arabic: bool,
        published: Option<NaiveDate>,
        found: &mut Vec<Candidate>,
    ) {
        let free = |found: &Vec<Candidate>, s: usize, e: usize| {
            found.iter().all(|c| c.end <= s || c.start >= e)
        };
        // A model MISC span that is exactly a demonym is a NORP.
        for c in found.iter_mut() {
            if c.entity_type == EntityType::Misc {
                let phrase = (c.start..c.end)
                    .map(|k| view.norm_at(k))
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(entries) = self.gazetteer.lookup(&phrase) {
                    if let Some(d) = entries.iter().find(|e| e.kind == GazKind::Demonym) {
                        c.entity_type = EntityType::Norp;
                        c.link = (!d.id.is_empty()).then(|| d.id.clone());
                    }
                }
            }
        }
        trim_titles(view, tokens, found);
        if arabic {
            extend_with_nisba(view, tokens, found);
        } else {
            let is_common = |norm: &str| tagger.is_some_and(|t| t.model.is_common(norm));
            english::drop_leading_common_words(view, tokens, is_common, found);
            english::join_middle_initials(view, tokens, found);
            english::persons_after_titles(view, tokens, found);
            english::organisation_names(view, tokens, found);
            english::places_over_names(view, &self.gazetteer, found);
        }
        // A gazetteer place that strictly contains model LOC spans replaces them
        // («شمال إفريقيا» over «إفريقيا», «روسيا الاتحادية» over «روسيا»).
        for m in &view.matches {
            if !matches!(
                m.entry.kind,
                GazKind::Country | GazKind::Region | GazKind::City
            ) || m.end - m.start < 2
            {
                continue;
            }
            let inside: Vec<usize> = (0..found.len())
                .filter(|&k| found[k].start >= m.start && found[k].end <= m.end)
                .collect();
            let crossing = found.iter().any(|c| {
                c.start < m.end && c.end > m.start && !(c.start >= m.start && c.end <= m.end)
            });
            // A country after one descriptor or compass word keeps its own span: «دولة
            // الإمارات», «جنوب لبنان» tag the country alone, like «شرق اليمن» in Khabar's gold
            // and the ANERcorp-style sets. Another country («جنوب السودان») or a region of
            // several countries («شمال إفريقيا») is a name whole.
            let country_after_word = inside.len() == 1 && {
                let c = &found[inside[0]];
                c.start == m.start + 1
                    && c.end == m.end
                    && view.matches.iter().any(|x| {
                        x.start == c.start
                            && x.end == c.end
                            && x.entry.kind == GazKind::Country
                            && (m.entry.kind != GazKind::Country || m.entry.id == x.entry.id)
                    })
            };
            if crossing
                || country_after_word
                || inside.is_empty()
                || inside.iter().any(|&k| {
                    found[k].entity_type != EntityType::Loc
                        || (found[k].start == m.start && found[k].end == m.end)
                })
            {
                continue;
            }
            let confidence = remove_candidates(found, &inside, 0.0);
            found.push(Candidate {
                start: m.start,
                end: m.end,
                byte_start: tokens[m.start].start + m.skip,
                byte_end: tokens[m.end - 1].end,
                entity_type: EntityType::Loc,
                link: None,
                confidence,
            });
        }
        for d in dates::find_dates(&view.words, &view.norm_texts(), arabic, published) {
            if free(found, d.start, d.end) {
                found.push(Candidate {
                    start: d.start,
                    end: d.end,
                    byte_start: tokens[d.start].start,
                    byte_end: tokens[d.end - 1].end,
                    entity_type: EntityType::Date,
                    link: d.link,
                    confidence: 0.9,
                });
            }
        }
        for m in &view.matches {
            let entity_type = match m.entry.kind {
                GazKind::Country | GazKind::Region | GazKind::City => EntityType::Loc,
                GazKind::Demonym => EntityType::Norp,
                _ => continue,
            };
            // Latin-script names must be capitalized to count (“turkey”, “china” are words).
            let word = &text[tokens[m.start].start + m.skip..tokens[m.start].end];
            if word.starts_with(|c: char| c.is_lowercase()) {
                continue;
            }
            if !free(found, m.start, m.end) {
                continue;
            }
            // Only well-known cities (named in many languages) count without the model:
            // GeoNames has a town for almost every given name («Gloria»). In Arabic, city names
            // are ordinary words too often («حجة», «الري», «مكن»): there the model decides
            // (lowered LOC precision on every Arabic dev set by 1–5 points).
            if m.entry.kind == GazKind::City && (arabic || m.entry.names < MIN_CITY_NAMES) {
                continue;
            }
            // A Latin-script place that runs on into more capitalized words is part of a longer
            // name («Human Rights Watch», «Sydney Morning Herald»).
            if !arabic && m.entry.kind == GazKind::City && english::continues_name(view, m.end) {
                continue;
            }
            // A lone common word («كان», «دولة») is not a place by gazetteer alone. Demonyms are
            // common words of the training data (NewsFANE leaves them untagged), so they stay.
            let tagger_common = |norm: &str| tagger.is_some_and(|t| t.model.is_common(norm));
            if m.end - m.start == 1
                && entity_type != EntityType::Norp
                && (tagger_common(&khabar_text::normalize_key(word))
                    || tagger_common(view.norm_at(m.start)))
            {
                continue;
            }
            let link = match m.entry.kind {
                GazKind::Country | GazKind::City | GazKind::Demonym if !m.entry.id.is_empty() => {
                    Some(m.entry.id.clone())
                }
                _ => None,
            };
            found.push(Candidate {
                start: m.start,
                end: m.end,
                byte_start: tokens[m.start].start + m.skip,
                byte_end: tokens[m.end - 1].end,
                entity_type,
                link,
                confidence: 0.6,
            });
        }
        if !arabic {
            english::acronym_organisations(view, tokens, found);
            english::organisations_with_country(view, tokens, found);
        }
        if arabic {
            self.org_backstop(text, tokens, view, found);
            if let Some(tagger) = tagger {
                person_after_title(tagger, view, tokens, found);
            }
        }
        merge_adjacent_persons(tokens, found);
    }

    /// Arabic organisation names of the form HEAD + definite noun [+ demonym]:
    /// «مجلس الأمن الروسي», «مجلس النواب».
    fn org_backstop(
        &self,
        _text: &str,
        tokens: &[Token],
        view: &SentenceView,
        found: &mut Vec<Candidate>,
    ) {
        let title_begin = 1u16 << (2 * GazKind::Title.index());
        let title_bits = title_begin | (title_begin << 1);
        let demonym_bit = 1u16 << (2 * GazKind::Demonym.index());
        let mut i = 0;
        while i + 1 < view.len() {
            let head = view.norm_at(i);
            // «وزارة الخارجية», and with the article «البنك المركزي», «المجلس الرئاسي»; never a
            // title («اللواء» the rank, not «لواء» the brigade).
            let bare = head.strip_prefix("ال").unwrap_or(head);
            if view.gaz[i] & title_begin != 0 || !ORG_HEADS_STRICT.contains(&bare) {
                i += 1;
                continue;
            }
            // The next word names the body («مجلس النواب»); after a definite head a title is an
            // apposition instead («الوزارة السفير تامر منصور»).
            let noun = view.norm_at(i + 1);
            let apposition = bare != head && view.gaz[i + 1] & title_bits != 0;
            let noun_ok = noun.starts_with("ال")
                && noun.chars().count() >= 4
                && view.gaz[i + 1] & demonym_bit == 0
                && !apposition
                && view.kinds[i + 1] == khabar_text::TokenKind::Word;
            if !noun_ok {
                i += 1;
                continue;
            }
            let mut end = i + 2;
            if end < view.len()
                && view.gaz[end] & demonym_bit != 0
                && view.norm_at(end).starts_with("ال")
            {
                end += 1;
            }
            // A nationality inside the name is part of it («مجلس الأمن الروسي»).
            let outside = |c: &Candidate| c.end <= i || c.start >= end;
            let inside_norp =
                |c: &Candidate| c.entity_type == EntityType::Norp && c.start >= i && c.end <= end;
            if found.iter().all(|c| outside(c) || inside_norp(c)) {
                found.retain(|c| outside(c));
                found.push(Candidate::over(tokens, i, end, EntityType::Org, 0.5));
            }
            i = end;
        }
    }

    /// Drops Arabic proclitics (و ف ب ل ك) from the start of a span when what remains is a
    /// known name or a definite noun: «وبغداد» → «بغداد», «والعراق» → «العراق».
    fn strip_clitics(&self, text: &str, start: usize, end: usize) -> usize {
        let first_end = text[start..end].find(' ').map_or(end, |k| start + k);
        let word = &text[start..first_end];
        let norm = khabar_text::normalize_key(word);
        if self.gazetteer.lookup(&norm).is_some() {
            return start;
        }
        let mut best = 0;
        for (chars, rest) in clitic_rests(&norm) {
            let known = self.gazetteer.lookup(rest).is_some() || self.gazetteer.is_first_word(rest);
            let conj_only = chars == 1 && norm.starts_with('و') && rest.chars().count() >= 4;
            if known || rest.starts_with("ال") || conj_only {
                best = chars;
            }
        }
        start + word.chars().take(best).map(char::len_utf8).sum::<usize>()
    }

    fn link_of(&self, entity_type: EntityType, normalized: &str) -> Option<String> {
        let wanted: &[GazKind] = match entity_type {
            EntityType::Loc => &[GazKind::Country, GazKind::City],
            EntityType::Norp => &[GazKind::Demonym],
            _ => return None,
        };
        let bare = normalized.strip_prefix("ال");
        for key in std::iter::once(normalized).chain(bare) {
            if let Some(entries) = self.gazetteer.lookup(key) {
                if let Some(e) = entries
                    .iter()
                    .find(|e| wanted.contains(&e.kind) && !e.id.is_empty())
                {
                    return Some(e.id.clone());
                }
            }
        }
        None
    }
}

/// Gazetteer names a city needs (across languages) to be tagged by the gazetteer alone.
pub(crate) const MIN_CITY_NAMES: usize = 8;

/// Head words that open an Arabic organisation name (normalized).
const ORG_HEADS_STRICT: &[&str] = &[
    "مجلس",
    "مكتب",
    "مركز",
    "مفوضيه",
    "بعثه",
    "رئاسه",
    "حرس",
    "لواء",
    "شركه",
    "مؤسسه",
    "جمعيه",
    "نقابه",
    "وزاره",
    "هيئه",
    "منظمه",
    "حركه",
    "حزب",
    "جامعه",
    "وكاله",
    "لجنه",
    "جبهه",
    "اتحاد",
    "بنك",
    "مصرف",
    "صندوق",
    "محكمه",
];

fn label_type(label: usize) -> EntityType {
    match label.div_ceil(2) {
        1 => EntityType::Per,
        2 => EntityType::Org,
        3 => EntityType::Loc,
        _ => EntityType::Misc,
    }
}

/// Arabic names right after a title: TITLE [definite word] NAME [NAME], where the name words
/// are rare in training data, indefinite and not in a gazetteer («لوزير الطاقة بافيل سوروكين»).
fn person_after_title(
    tagger: &Tagger,
    view: &SentenceView,
    tokens: &[Token],
    found: &mut Vec<Candidate>,
) {
    let title_bit = 1u16 << (2 * GazKind::Title.index());
    let place_bits: u16 = [
        GazKind::Country,
        GazKind::Region,
        GazKind::City,
        GazKind::Demonym,
        GazKind::OrgHead,
    ]
    .iter()
    .map(|k| 3u16 << (2 * k.index()))
    .fold(0, |a, b| a | b)
        | (3 << 12);
    let name_like = |j: usize| {
        j < view.len()
            && view.kinds[j] == khabar_text::TokenKind::Word
            && !view.norm_at(j).starts_with("ال")
            && view.norm_at(j).chars().count() >= 3
            && view.gaz[j] & (place_bits | title_bit) == 0
            && !tagger.model.is_common(view.norm_at(j))
            && view.words[j]
                .chars()
                .all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
    };
    let taken = |found: &Vec<Candidate>, j: usize| found.iter().any(|c| c.start <= j && j < c.end);
    for i in 0..view.len() {
        if view.gaz[i] & title_bit == 0 {
            continue;
        }
        let mut j = i + 1;
        if j < view.len() && view.norm_at(j).starts_with("ال") && !taken(found, j) {
            j += 1;
        }
        if !name_like(j) || taken(found, j) {
            continue;
        }
        let end = if name_like(j + 1) && !taken(found, j + 1) {
            j + 2
        } else {
            j + 1
        };
        found.push(Candidate::over(tokens, j, end, EntityType::Per, 0.4));
    }
}

/// Sorts the spans and joins person spans that touch («بافيل» found after a title, «سوروكين»
/// by the tagger): two names with nothing between them are one name.
fn merge_adjacent_persons(tokens: &[Token], found: &mut Vec<Candidate>) {
    found.sort_by_key(|c| c.start);
    let mut k = 1;
    while k < found.len() {
        let (prev, next) = (&found[k - 1], &found[k]);
        if prev.entity_type == EntityType::Per
            && next.entity_type == EntityType::Per
            && prev.end == next.start
        {
            let merged = Candidate {
                end: next.end,
                byte_end: tokens[next.end - 1].end,
                confidence: prev.confidence.min(next.confidence),
                ..found[k - 1].clone()
            };
            found[k - 1] = merged;
            found.remove(k);
        } else {
            k += 1;
        }
    }
}

/// Drops leading titles from person spans: «Ms Bauchtman» → «Bauchtman»; a span that is only
/// a title («سكرتير») is no person.
fn trim_titles(view: &SentenceView, tokens: &[Token], found: &mut Vec<Candidate>) {
    let title_bit = 1u16 << (2 * GazKind::Title.index());
    found.retain(|c| {
        c.entity_type != EntityType::Per || (c.start..c.end).any(|k| view.gaz[k] & title_bit == 0)
    });
    for c in found
        .iter_mut()
        .filter(|c| c.entity_type == EntityType::Per)
    {
        while c.end - c.start > 1
            && (view.gaz[c.start] & title_bit != 0 || view.words[c.start] == ".")
        {
            c.start += 1;
            c.byte_start = tokens[c.start].start;
        }
    }
}

/// Extends a person or organisation span over a following definite nisba adjective that the
/// demonym gazetteer knows: «محمد شياع السوداني» (a family name), «مجلس الأمن الروسي». An
/// organisation is extended only when its name is descriptive (opens with a head word such as
/// مجلس or وزارة): «برشلونة الإسباني» is the club «برشلونة» described as Spanish.
fn extend_with_nisba(view: &SentenceView, tokens: &[Token], found: &mut [Candidate]) {
    let demonym_bit = 1u16 << (2 * GazKind::Demonym.index());
    let head_bit = 1u16 << (2 * GazKind::OrgHead.index());
    for k in 0..found.len() {
        let c = &found[k];
        if !matches!(c.entity_type, EntityType::Per | EntityType::Org) || c.end >= view.len() {
            continue;
        }
        if c.entity_type == EntityType::Org && view.gaz[c.start] & head_bit == 0 {
            continue;
        }
        let next = c.end;
        let norm = view.norm_at(next);
        let nisba = view.gaz[next] & demonym_bit != 0
            && norm.starts_with("ال")
            && (norm.ends_with('ي') || (c.entity_type == EntityType::Org && norm.ends_with('ه')));
        let taken = found
            .iter()
            .any(|o| o.start <= next && o.end > next && o.entity_type != EntityType::Norp);
        if nisba && !taken {
            let c = &mut found[k];
            c.end = next + 1;
            c.byte_end = tokens[next].end;
        }
    }
}

/// Entity spans of a BIO label path.
fn spans_of(path: &[usize], probs: &[f32], tokens: &[Token]) -> Vec<Candidate> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < path.len() {
        let label = path[i];
        if label == 0 {
            i += 1;
            continue;
        }
        let begin = if label % 2 == 1 { label } else { label - 1 };
        let mut end = i + 1;
        while end < path.len() && path[end] == begin + 1 {
            end += 1;
        }
        let confidence = probs[i..end].iter().sum::<f32>() / (end - i) as f32;
        out.push(Candidate::over(
            tokens,
            i,
            end,
            label_type(begin),
            confidence,
        ));
        i = end;
    }
    out
}

/// Tags later and earlier bare mentions of a person's family name: once «محمد شياع السوداني» is
/// a PER, a lone «السوداني» elsewhere in the article is one too.
fn propagate_names(
    text: &str,
    tokens: &[Token],
    candidates: &mut [(usize, Vec<Candidate>, usize, SentenceView)],
) {
    let mut names: Vec<String> = Vec::new();
    for (_, found, _, _) in candidates.iter() {
        for c in found {
            if c.entity_type == EntityType::Per && c.end - c.start >= 2 {
                let span = &text[c.byte_start..c.byte_end];
                let last = span.rsplit(' ').next().unwrap_or(span);
                let key = khabar_text::normalize_key(last);
                if key.chars().count() >= 4 && !names.contains(&key) {
                    names.push(key);
                }
            }
        }
    }
    if names.is_empty() {
        return;
    }
    for (_, found, from, view) in candidates.iter_mut() {
        let from = *from;
        let sentence = tokens[from].sentence;
        let mut k = from;
        while k < tokens.len() && tokens[k].sentence == sentence {
            let local = k - from;
            let key = view.norm_at(local);
            let hit = names.iter().any(|n| n == key)
                || gazetteer::clitic_rest_array(key)
                    .into_iter()
                    .flatten()
                    .any(|(_, r)| names.iter().any(|n| n == r));
            // The family name of a person of the article wins over its demonym reading.
            if hit {
                found.retain(|c| {
                    !(c.entity_type == EntityType::Norp && c.start == local && c.end == local + 1)
                });
            }
            if hit && found.iter().all(|c| c.end <= local || c.start > local) {
                // Clitics («لالسوداني» is rare, «والسوداني» common) are trimmed later.
                let skip = 0;
                found.push(Candidate {
                    start: local,
                    end: local + 1,
                    byte_start: tokens[k].start + skip,
                    byte_end: tokens[k].end,
                    entity_type: EntityType::Per,
                    link: None,
                    confidence: 0.5,
                });
            }
            k += 1;
        }
        found.sort_by_key(|c| c.start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recognizer() -> Recognizer {
        Recognizer::embedded().expect("embedded models load")
    }

    /// Byte offset of a character offset.
    fn byte_of(text: &str, chars: usize) -> usize {
        text.char_indices()
            .nth(chars)
            .map_or(text.len(), |(at, _)| at)
    }

    #[test]
    fn embedded_models_load_and_tag() {
        let r = recognizer();
        assert!(
            r.arabic.is_some() && r.english.is_some(),
            "both models are shipped"
        );
        let text = "President Vladimir Putin met Iraqi officials in Baghdad on Tuesday.";
        let analysis = khabar_text::analyze(text, Some("en"));
        let found = r.recognize(text, &analysis, NaiveDate::from_ymd_opt(2025, 9, 18));
        let spans: Vec<(&str, EntityType)> = found
            .iter()
            .map(|m| (&text[m.start..m.end], m.entity_type))
            .collect();
        assert!(spans.contains(&("Baghdad", EntityType::Loc)), "{spans:?}");
        assert!(spans.contains(&("Tuesday", EntityType::Date)), "{spans:?}");
        let tuesday = found
            .iter()
            .find(|m| m.entity_type == EntityType::Date)
            .expect("a date");
        assert_eq!(tuesday.link.as_deref(), Some("2025-09-16"));
    }

    #[test]
    fn resolve_date_uses_the_recognizer_rules_on_a_lone_expression() {
        let published = NaiveDate::from_ymd_opt(2025, 9, 16); // a Tuesday
        let cases = [
            ("اليوم الثلاثاء", true, Some("2025-09-16")),
            ("يوم الخميس", true, Some("2025-09-11")),
            ("أمس", true, Some("2025-09-15")),
            ("on Monday", false, Some("2025-09-15")),
            ("yesterday", false, Some("2025-09-15")),
            ("the talks", false, None),
        ];
        for (text, arabic, expected) in cases {
            assert_eq!(
                resolve_date(text, arabic, published).as_deref(),
                expected,
                "{text}"
            );
        }
    }

    #[test]
    fn recognition_is_deterministic() {
        let r = recognizer();
        let text = "وصل سكرتير مجلس الأمن الروسي، «سيرغي شويغو»، اليوم الثلاثاء، إلى العاصمة العراقية «بغداد».";
        let analysis = khabar_text::analyze(text, Some("ar"));
        let a = r.recognize(text, &analysis, None);
        let b = recognizer().recognize(text, &analysis, None);
        assert_eq!(a, b);
    }

    /// The (type, text) of every mention found in `text`.
    fn typed_spans<'t>(
        r: &Recognizer,
        text: &'t str,
        language: &str,
    ) -> Vec<(EntityType, &'t str)> {
        let analysis = khabar_text::analyze(text, Some(language));
        r.recognize(text, &analysis, None)
            .into_iter()
            .map(|m| (m.entity_type, &text[m.start..m.end]))
            .collect()
    }

    /// Asserts that every expected (type, text) mention is found in `text`.
    fn assert_finds(r: &Recognizer, text: &str, language: &str, expected: &[(EntityType, &str)]) {
        let found = typed_spans(r, text, language);
        for mention in expected {
            assert!(found.contains(mention), "{mention:?} not in {found:?}");
        }
    }

    #[test]
    fn english_names_initials_acronyms_and_organisations() {
        let r = recognizer();
        let text = "Deputy President Samuel K. Mwangi met officials of the Nigeria Labour \
                    Congress and the CGT in Kenya on Monday.";
        assert_finds(
            &r,
            text,
            "en",
            &[
                (EntityType::Per, "Samuel K. Mwangi"),
                (EntityType::Org, "Nigeria Labour Congress"),
                (EntityType::Org, "CGT"),
                (EntityType::Loc, "Kenya"),
            ],
        );
    }

    #[test]
    fn english_persons_after_titles_and_over_initials() {
        let r = recognizer();
        let text = "Labour Minister Nkechi Eze met Gregory P. Lang and said talks in Paris went \
                    well, as the ruling Georgian Dream party and the group Greenpeace UK said.";
        assert_finds(
            &r,
            text,
            "en",
            &[
                (EntityType::Per, "Nkechi Eze"),
                (EntityType::Per, "Gregory P. Lang"),
                (EntityType::Loc, "Paris"),
                (EntityType::Org, "Georgian Dream"),
                (EntityType::Org, "Greenpeace UK"),
            ],
        );
    }

    #[test]
    fn arabic_organisation_names_keep_their_nationality() {
        let r = recognizer();
        let text = "اتهمت وزارة الخارجية المصرية إثيوبيا، وأعلن البنك المركزي العراقي قراره.";
        let analysis = khabar_text::analyze(text, Some("ar"));
        let orgs: Vec<&str> = r
            .recognize(text, &analysis, None)
            .iter()
            .filter(|m| m.entity_type == EntityType::Org)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(
            orgs,
            vec!["وزارة الخارجية المصرية", "البنك المركزي العراقي"]
        );
    }

    #[test]
    fn clitics_are_outside_place_spans() {
        let r = recognizer();
        let text = "وصل الوفد لبغداد ثم عاد وبغداد تستعد.";
        let analysis = khabar_text::analyze(text, Some("ar"));
        let found = r.recognize(text, &analysis, None);
        let places: Vec<&str> = found
            .iter()
            .filter(|m| m.entity_type == EntityType::Loc)
            .map(|m| &text[m.start..m.end])
            .collect();
        assert_eq!(places, vec!["بغداد", "بغداد"]);
        let link = found
            .iter()
            .find(|m| m.entity_type == EntityType::Loc)
            .and_then(|m| m.link.clone());
        assert_eq!(link.as_deref(), Some("geonames:98182"));
    }

    #[test]
    fn a_country_after_a_descriptor_or_compass_word_keeps_its_own_span() {
        let r = recognizer();
        let text =
            "قصفت الطائرات جنوب لبنان، وزار الوفد دولة الإمارات وجنوب السودان ودول شمال إفريقيا.";
        let places: Vec<&str> = typed_spans(&r, text, "ar")
            .into_iter()
            .filter(|(t, _)| *t == EntityType::Loc)
            .map(|(_, span)| span)
            .collect();
        assert_eq!(
            places,
            vec!["لبنان", "الإمارات", "جنوب السودان", "شمال إفريقيا"]
        );
    }

    /// Issue 4: every PER, LOC and ORG of the seed article is found with its exact span.
    #[test]
    fn seed_article_names_are_exact() {
        let json = include_str!("../../../tests/fixtures/shoigu-baghdad.ar.gold.json");
        let gold: serde_json::Value = serde_json::from_str(json).expect("seed gold is JSON");
        let text = gold["text"].as_str().expect("text");
        let analysis = khabar_text::analyze(text, Some("ar"));
        let published = NaiveDate::from_ymd_opt(2025, 9, 16);
        let found = recognizer().recognize(text, &analysis, published);
        let mut missing = Vec::new();
        for e in gold["entities"].as_array().expect("entities") {
            let label = e["type"].as_str().unwrap_or("");
            let wanted = match label {
                "PER" => EntityType::Per,
                "LOC" => EntityType::Loc,
                "ORG" => EntityType::Org,
                _ => continue,
            };
            let start = byte_of(text, e["start"].as_u64().unwrap_or(0) as usize);
            let end = byte_of(text, e["end"].as_u64().unwrap_or(0) as usize);
            if !found
                .iter()
                .any(|m| m.start == start && m.end == end && m.entity_type == wanted)
            {
                missing.push(format!("{label} {}", &text[start..end]));
            }
        }
        assert!(missing.is_empty(), "missed: {missing:?}");
        // Coreference: «السوداني» joins «محمد شياع السوداني».
        let full = found
            .iter()
            .find(|m| m.normalized == "محمد شياع السوداني")
            .expect("full name");
        let short = found
            .iter()
            .find(|m| m.normalized == "السوداني")
            .expect("family name");
        assert_eq!(full.cluster, short.cluster);
        assert!(full
            .transliteration
            .as_deref()
            .is_some_and(|t| t.ends_with("al-Sudani")));
    }
}
