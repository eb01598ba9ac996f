//! One text prepared for extraction: normalized token keys, token ↔ mention maps, sentence
//! token ranges, and lexicon lookups on tokens (with Arabic proclitics stripped).

use chrono::NaiveDate;
use khabar_ner::{EntityType, Mention};
use khabar_text::clitics::CONJUNCTIONS;
use khabar_text::{normalize_key, Analysis, Token, TokenKind};

use crate::lexicon::{resolve, ActorCode, CodeKind, CueKind, Form, Lang, Lexicons};
use crate::morph::{self, Candidate};

/// Whether an entity link is a country's ISO 3166-1 alpha-2 code; the gazetteer links cities
/// as `geonames:…` and areas as `region:…`.
pub fn is_country_link(link: &str) -> bool {
    link.len() == 2
}

/// A text with its analysis, mentions and per-token lookup keys.
pub struct Doc<'a> {
    /// The original text.
    pub text: &'a str,
    /// Language of the lexicons used.
    pub lang: Lang,
    /// Tokens of the analysis.
    pub tokens: &'a [Token],
    /// Normalized key per token.
    pub keys: Vec<String>,
    /// The mention covering each token, if any (the first one starting there).
    pub mention_at: Vec<Option<usize>>,
    /// Token index range `[from, to)` per sentence.
    pub sentence_tokens: Vec<(usize, usize)>,
    /// Whether each token is inside a quotation (marks around more than [`MAX_QUOTED_NAME_WORDS`] words; «» around
    /// a name or a short phrase are not a quotation).
    pub in_quote: Vec<bool>,
    /// Whether each token opens a quotation.
    pub quote_open: Vec<bool>,
    /// Mention indices per sentence, in text order.
    sentence_mentions: Vec<Vec<usize>>,
    /// The mentions.
    pub mentions: &'a [Mention],
    /// The lexicons.
    pub lex: &'a Lexicons,
    /// Lookup candidates of every token, flat (see [`Doc::candidates`]).
    candidate_list: Vec<Candidate>,
    /// Range of each token's candidates in `candidate_list`.
    candidate_ranges: Vec<(u32, u32)>,
    /// The resolved value of each DATE mention (`None` for other mentions), filled by the
    /// extractor.
    pub date_values: Vec<Option<String>>,
    /// The article's publication date, at which dated actor codes are resolved.
    pub published: Option<NaiveDate>,
}

/// A lexicon form matched at a token.
pub struct Hit<'l> {
    /// The form.
    pub form: &'l Form,
    /// Byte offset, inside the token's normalized key, where the matched form starts.
    pub key_offset: usize,
    /// Whether an article (ال) was stripped to match.
    pub article: bool,
}

/// Most words Arabic news puts in «» as a name or a short phrase; more are a quotation.
const MAX_QUOTED_NAME_WORDS: usize = 4;

/// Sentences after its own a quotation may go on in before its closing mark.
const QUOTE_SENTENCES: usize = 2;

/// Quotation spans of a text: (inside, opening mark) per token. A quotation closes at its
/// closing mark, in its sentence or one of the next [`QUOTE_SENTENCES`], else at the end of
/// its sentence. Arabic news puts names in «»: a few words
/// in «» are a name, not a quotation; English quotes are quotations at any length.
fn quotations(keys: &[String], tokens: &[Token], lang: Lang) -> (Vec<bool>, Vec<bool>) {
    let mut inside = vec![false; keys.len()];
    let mut open = vec![false; keys.len()];
    let mut t = 0;
    while t < keys.len() {
        let closing = match keys[t].as_str() {
            "«" => Some("»"),
            "“" => Some("”"),
            "\"" => Some("\""),
            _ => None,
        };
        let Some(closing) = closing else {
            t += 1;
            continue;
        };
        let sentence = tokens[t].sentence;
        let mut end = t + 1;
        while end < keys.len() && tokens[end].sentence == sentence && keys[end] != closing {
            end += 1;
        }
        // A quotation that goes on in the next sentences closes there («"إنه اتفاق رهيب.
        // يتوجب على الكونغرس أن يقوم بعمله"»), within a few sentences.
        if end < keys.len() && keys[end] != closing {
            let reach = (end..keys.len())
                .take_while(|&x| tokens[x].sentence <= sentence + QUOTE_SENTENCES)
                .find(|&x| keys[x] == closing);
            if let Some(close) = reach {
                end = close;
            }
        }
        let words = end - t - 1;
        if words > MAX_QUOTED_NAME_WORDS || (lang == Lang::En && words > 0) {
            open[t] = true;
            for flag in &mut inside[t + 1..end] {
                *flag = true;
            }
        }
        t = end + 1;
    }
    (inside, open)
}

/// Token index range `[from, to)` of each of `sentences` sentences.
fn sentence_token_ranges(tokens: &[Token], sentences: usize) -> Vec<(usize, usize)> {
    let mut ranges = vec![(0usize, 0usize); sentences];
    for (i, t) in tokens.iter().enumerate().rev() {
        if let Some(range) = ranges.get_mut(t.sentence) {
            if range.1 == 0 {
                range.1 = i + 1;
            }
            range.0 = i;
        }
    }
    ranges
}

/// The mention covering each token (the first one starting there, longest first), and the
/// mentions of each of `sentences` sentences in text order.
fn mention_maps(
    tokens: &[Token],
    mentions: &[Mention],
    sentences: usize,
) -> (Vec<Option<usize>>, Vec<Vec<usize>>) {
    let mut mention_at = vec![None; tokens.len()];
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| (mentions[i].start, std::cmp::Reverse(mentions[i].end)));
    let mut sentence_mentions = vec![Vec::new(); sentences];
    for &mi in &order {
        let m = &mentions[mi];
        // First token whose end is past the mention start.
        let from = tokens.partition_point(|t| t.end <= m.start);
        for (ti, t) in tokens.iter().enumerate().skip(from) {
            if t.start >= m.end {
                break;
            }
            if mention_at[ti].is_none() {
                mention_at[ti] = Some(mi);
            }
        }
        let sentence = tokens.get(from).map(|t| t.sentence).unwrap_or(m.sentence);
        if let Some(list) = sentence_mentions.get_mut(sentence) {
            list.push(mi);
        }
    }
    (mention_at, sentence_mentions)
}

/// The lookup candidates of every token, flat, with each token's range in the list: Arabic
/// words with their proclitics stripped, any other token as it is.
fn lookup_candidates(
    keys: &[String],
    tokens: &[Token],
    lang: Lang,
) -> (Vec<Candidate>, Vec<(u32, u32)>) {
    let mut candidate_list = Vec::with_capacity(keys.len() * 2);
    let mut candidate_ranges = Vec::with_capacity(keys.len());
    let mut buffer = Vec::with_capacity(morph::MAX_CANDIDATES);
    for (key, token) in keys.iter().zip(tokens) {
        let from = candidate_list.len() as u32;
        if lang == Lang::Ar && token.kind == TokenKind::Word {
            morph::arabic_candidates(key, &mut buffer);
            candidate_list.extend_from_slice(&buffer);
        } else {
            candidate_list.push((0, false));
        }
        candidate_ranges.push((from, candidate_list.len() as u32));
    }
    (candidate_list, candidate_ranges)
}

impl<'a> Doc<'a> {
    /// Prepares a text; `keys` are the tokens' normalized keys when already known (computed
    /// here when not given or not one per token).
    pub fn new(
        text: &'a str,
        analysis: &'a Analysis,
        keys: Option<Vec<String>>,
        mentions: &'a [Mention],
        lex: &'a Lexicons,
        lang: Lang,
    ) -> Doc<'a> {
        let tokens = analysis.tokens.as_slice();
        let sentences = analysis.sentences.len();
        let keys = match keys {
            Some(keys) if keys.len() == tokens.len() => keys,
            _ => tokens
                .iter()
                .map(|t| normalize_key(&text[t.start..t.end]))
                .collect(),
        };
        let (mention_at, sentence_mentions) = mention_maps(tokens, mentions, sentences);
        let (in_quote, quote_open) = quotations(&keys, tokens, lang);
        let (candidate_list, candidate_ranges) = lookup_candidates(&keys, tokens, lang);
        Doc {
            text,
            lang,
            tokens,
            in_quote,
            quote_open,
            keys,
            mention_at,
            sentence_tokens: sentence_token_ranges(tokens, sentences),
            sentence_mentions,
            mentions,
            lex,
            candidate_list,
            candidate_ranges,
            date_values: Vec::new(),
            published: None,
        }
    }

    /// Mentions of a sentence in text order.
    pub fn sentence_mentions(&self, sentence: usize) -> &[usize] {
        self.sentence_mentions
            .get(sentence)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The token containing byte `at`.
    pub fn token_at(&self, at: usize) -> Option<usize> {
        let i = self.tokens.partition_point(|t| t.end <= at);
        (i < self.tokens.len() && self.tokens[i].start <= at).then_some(i)
    }

    /// Candidate keys of a token: byte offsets into its key, and whether an article was
    /// removed (computed once per token in [`Doc::new`]).
    pub fn candidates(&self, token: usize) -> &[Candidate] {
        let (from, to) = self.candidate_ranges[token];
        &self.candidate_list[from as usize..to as usize]
    }

    /// Whether token `t` is `word` (normalized), allowing Arabic proclitics.
    pub fn token_is(&self, t: usize, word: &str) -> bool {
        let key = &self.keys[t];
        if key == word {
            return true;
        }
        if self.lang == Lang::Ar && key.ends_with(word) && key.len() > word.len() {
            let mut out = Vec::new();
            morph::arabic_candidates(key, &mut out);
            return out.iter().any(|&(at, _)| &key[at..] == word);
        }
        false
    }

    /// Whether token `t` is `word` (normalized), allowing Arabic proclitics and a possessive
    /// suffix («سراحه» for «سراح»).
    pub fn token_is_inflected(&self, t: usize, word: &str) -> bool {
        if self.token_is(t, word) {
            return true;
        }
        let key = &self.keys[t];
        self.lang == Lang::Ar
            && key.len() > word.len()
            && (morph::is_possessed(key, word)
                || self
                    .candidates(t)
                    .iter()
                    .any(|&(at, _)| morph::is_possessed(&key[at..], word)))
    }

    /// Trigger-lexicon hits at token `t`, longest phrase first.
    pub fn hits(&self, t: usize) -> Vec<Hit<'a>> {
        let forms = match self.lang {
            Lang::Ar => &self.lex.ar_forms,
            Lang::En => &self.lex.en_forms,
        };
        let key = &self.keys[t];
        let mut out = Vec::new();
        for &(at, article) in self.candidates(t) {
            if let Some(list) = forms.get(&key[at..]) {
                for form in list {
                    if self.tail_matches(t, &form.tail) {
                        out.push(Hit {
                            form,
                            key_offset: at,
                            article,
                        });
                    }
                }
            }
        }
        out.sort_by_key(|h| std::cmp::Reverse(h.form.tail.len()));
        out
    }

    fn tail_matches(&self, t: usize, tail: &[String]) -> bool {
        let sentence = self.tokens[t].sentence;
        tail.iter().enumerate().all(|(i, word)| {
            let n = t + 1 + i;
            n < self.tokens.len() && self.tokens[n].sentence == sentence && self.token_is(n, word)
        })
    }

    /// Whether token `t` carries a cue of this kind.
    pub fn has_cue(&self, t: usize, kind: CueKind) -> bool {
        self.cue_word(t, kind).is_some()
    }

    /// The cue word (normalized) of this kind at token `t`.
    pub fn cue_word(&self, t: usize, kind: CueKind) -> Option<String> {
        let key = &self.keys[t];
        let is_cue = |word: &str| {
            self.lex
                .cues
                .of(self.lang)
                .get(word)
                .is_some_and(|kinds| kinds.contains(&kind))
        };
        if is_cue(key) {
            return Some(key.clone());
        }
        // A conjunction before a one-token cue: ولم، وفي.
        let rest = key.strip_prefix(CONJUNCTIONS)?;
        (self.lang == Lang::Ar && is_cue(rest)).then(|| rest.to_string())
    }

    /// Whether a multiword cue of this kind ends at or before token `t` within `window` tokens.
    pub fn phrase_cue_before(&self, t: usize, window: usize, kind: CueKind) -> bool {
        let sentence = self.tokens[t].sentence;
        let from = t
            .saturating_sub(window)
            .max(self.sentence_tokens[sentence].0);
        (from..t).any(|s| {
            let key = self.keys[s].trim_start_matches('و');
            self.lex
                .cue_phrases
                .of(self.lang)
                .get(key)
                .is_some_and(|list| {
                    list.iter().any(|(rest, k)| {
                        *k == kind
                            && rest.iter().enumerate().all(|(i, w)| {
                                let n = s + 1 + i;
                                n < t && self.token_is(n, w)
                            })
                    })
                })
        })
    }

    /// Sector and title flag of a role or organization word at token `t`.
    pub fn role_of(&self, t: usize) -> Option<(&'a str, bool)> {
        let key = &self.keys[t];
        self.candidates(t)
            .iter()
            .find_map(|&(at, _)| self.lex.roles.get(&key[at..]))
            .map(|(s, title)| (s.as_str(), *title))
    }

    /// Whether token `t` is a title word joined by the conjunction «و» («ووزير», «والرئيس»):
    /// it opens a second, coordinated phrase. «وزير» itself is a title, not و + «زير».
    pub fn is_conjoined_title(&self, t: usize) -> bool {
        let key = &self.keys[t];
        self.lang == Lang::Ar
            && key.starts_with('و')
            && !self.lex.roles.contains_key(key.as_str())
            && self.candidates(t).iter().any(|&(at, _)| {
                at > 0
                    && key[..at].starts_with('و')
                    && self
                        .lex
                        .roles
                        .get(&key[at..])
                        .is_some_and(|(_, title)| *title)
            })
    }

    /// Whether token `t` is a word without a mention joined by the conjunction «و», neither a
    /// title or organization word written with a root «و» («وزير», «وكالة») nor a trigger
    /// («وطالب»): before a name it heads a second, coordinated phrase («وقوات صالح»).
    pub fn is_conjoined_head(&self, t: usize) -> bool {
        let key = &self.keys[t];
        self.lang == Lang::Ar
            && self.tokens[t].kind == TokenKind::Word
            && self.mention_at[t].is_none()
            && key.starts_with('و')
            // «و» and a word of three letters at least.
            && key.chars().count() > 3
            && !self.lex.roles.contains_key(key.as_str())
            && self.hits(t).is_empty()
    }

    /// Whether token `t` is a title or organization word, possibly with a possessive suffix
    /// («وزارته» is his ministry, not و + «زارته»).
    pub fn is_title_form(&self, t: usize) -> bool {
        if self.role_of(t).is_some() {
            return true;
        }
        if self.lang != Lang::Ar {
            return false;
        }
        let key = &self.keys[t];
        ["ه", "ها", "هم", "هما", "ي", "نا"].iter().any(|suffix| {
            key.strip_suffix(suffix).is_some_and(|stem| {
                let stem = match stem.strip_suffix('ت') {
                    Some(s) => format!("{s}ه"),
                    None => stem.to_string(),
                };
                let mut candidates = Vec::new();
                morph::arabic_candidates(&stem, &mut candidates);
                candidates
                    .iter()
                    .any(|&(at, _)| self.lex.roles.contains_key(&stem[at..]))
            })
        })
    }

    /// Whether token `t` may stand inside an actor phrase between two mentions.
    pub fn is_gap_token(&self, t: usize) -> bool {
        let key = &self.keys[t];
        match self.tokens[t].kind {
            TokenKind::Punct => matches!(
                key.as_str(),
                "،" | "," | "«" | "»" | "\"" | "“" | "”" | "'" | "’" | "(" | ")" | "-" | "–"
            ),
            TokenKind::Number => false,
            TokenKind::Word => {
                self.mention_at[t].is_none()
                    && (self.role_of(t).is_some() || self.has_cue(t, CueKind::Gap))
                    || self.demonym_of_token(t).is_some()
            }
        }
    }

    /// ISO3 of a text span that names a country, a capital or (with `demonym_only`) a demonym.
    pub fn country_of_text(&self, start: usize, end: usize, demonym_only: bool) -> Option<String> {
        let key = normalize_key(&self.text[start..end]);
        let key = key.trim_end_matches(['.', ',']);
        let mut candidates = Vec::new();
        match self.lang {
            Lang::Ar => morph::arabic_candidates(key, &mut candidates),
            Lang::En => candidates.push((0, false)),
        }
        let map = if demonym_only {
            &self.lex.demonyms
        } else {
            &self.lex.country_forms
        };
        candidates
            .iter()
            .find_map(|&(at, _)| map.get(&key[at..]))
            .and_then(|&i| self.lex.countries.get(i))
            .map(|(_, iso3)| iso3.clone())
    }

    /// ISO3 of a mention: its ISO2 link, else its text as a country, capital or demonym.
    pub fn country_of_mention(&self, index: usize) -> Option<String> {
        let m = &self.mentions[index];
        if let Some(link) = &m.link {
            if is_country_link(link) {
                if let Some(iso3) = self.lex.iso3_of(link) {
                    return Some(iso3.to_string());
                }
            }
        }
        match m.entity_type {
            EntityType::Loc | EntityType::Norp | EntityType::Misc => {
                self.country_of_text(m.start, m.end, false)
            }
            _ => None,
        }
    }

    /// ISO3 of a demonym token (الروسي, Russian).
    pub fn demonym_of_token(&self, t: usize) -> Option<String> {
        if self.tokens[t].kind != TokenKind::Word {
            return None;
        }
        let token = &self.tokens[t];
        self.country_of_text(token.start, token.end, true)
    }

    /// The dictionary code of a normalized name (a mention's: «نوري المالكي», "taliban"; with
    /// Arabic proclitics stripped), resolved at the publication date.
    pub fn dictionary_code(&self, key: &str) -> Option<ActorCode> {
        let key = key.trim_end_matches(['.', ',']);
        let lex = self.lex;
        let codes = match self.lang {
            Lang::Ar => {
                let mut candidates = Vec::new();
                morph::arabic_candidates(key, &mut candidates);
                candidates
                    .iter()
                    .map(|&(at, _)| lex.actor_codes.get(&key[at..]))
                    .find(|codes| !codes.is_empty())?
            }
            Lang::En => lex.actor_codes.get(key),
        };
        resolve(&codes, self.published).cloned()
    }

    /// The sector of an agent noun of one or two words starting at token `t` ("police", "riot
    /// police", «الشرطة»).
    pub fn agent_sector_at(&self, t: usize) -> Option<String> {
        let is_word = |t: usize| {
            self.tokens
                .get(t)
                .is_some_and(|k| k.kind == TokenKind::Word)
        };
        if !is_word(t) {
            return None;
        }
        let lex = self.lex;
        let agent = |key: &str| {
            lex.actor_codes
                .get(key)
                .into_iter()
                .find(|c| c.kind == CodeKind::Agent)
                .and_then(|c| c.sector)
        };
        let key = &self.keys[t];
        if is_word(t + 1) {
            let mut two = String::new();
            for &(at, _) in self.candidates(t) {
                two.clear();
                two.push_str(&key[at..]);
                two.push(' ');
                two.push_str(&self.keys[t + 1]);
                if let Some(sector) = agent(&two) {
                    return Some(sector);
                }
            }
        }
        self.candidates(t)
            .iter()
            .find_map(|&(at, _)| agent(&key[at..]))
    }
}
