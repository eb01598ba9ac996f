//! Word tables: cue words (`cues.tsv`), role and organization words (the entity gazetteer's
//! `roles.tsv`, then this crate's `roles.tsv`) and countries (`countries.tsv`, `iso3.tsv`).

use khabar_text::normalize_key;

use super::{error, fields, rows, word_list, CueKind, EventsError, Lang, Lexicons};
use crate::morph;

impl Lexicons {
    /// Cue rows: `lang  kind  form`.
    pub(super) fn parse_cues(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 3)?;
            let lang = Lang::parse(cols[0])
                .ok_or_else(|| error(name, line, format!("unknown language '{}'", cols[0])))?;
            let kind = match cols[1] {
                "negation" => CueKind::Negation,
                "future" => CueKind::Future,
                "hypothetical" => CueKind::Hypothetical,
                "gap" => CueKind::Gap,
                "locative" => CueKind::Locative,
                "preposition" => CueKind::Preposition,
                "definite" => CueKind::Definite,
                "dateblock" => CueKind::DateBlock,
                "conjunction" => CueKind::Conjunction,
                "habitual" => CueKind::Habitual,
                "relative" => CueKind::Relative,
                "period" => CueKind::Period,
                "auxiliary" => CueKind::Auxiliary,
                "victim" => CueKind::Victim,
                "toll" => CueKind::Toll,
                "aggregate" => CueKind::Aggregate,
                "future-auxiliary" => CueKind::FutureAuxiliary,
                "quantifier" => CueKind::Quantifier,
                "success" => CueKind::Success,
                "casualty" => CueKind::Casualty,
                "same-day" => CueKind::SameDay,
                "light-verb" => CueKind::LightVerb,
                "possessive" => CueKind::Possessive,
                other => return Err(error(name, line, format!("unknown cue kind '{other}'"))),
            };
            let words: Vec<String> = cols[2].split_whitespace().map(normalize_key).collect();
            match words.as_slice() {
                [] => return Err(error(name, line, "empty cue")),
                [one] => self
                    .cues
                    .of_mut(lang)
                    .entry(one.clone())
                    .or_default()
                    .push(kind),
                [first, rest @ ..] => self
                    .cue_phrases
                    .of_mut(lang)
                    .entry(first.clone())
                    .or_default()
                    .push((rest.to_vec(), kind)),
            }
        }
        Ok(())
    }

    /// Role rows: `surface  lang  sector  kind` (the entity gazetteer's `roles.tsv` layout).
    pub(super) fn parse_roles(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        const SECTORS: &[&str] = &[
            "GOV", "MIL", "LEG", "JUD", "COP", "OPP", "REB", "MED", "BUS", "NGO", "IGO", "CVL",
            "SPY", "EDU", "HLH", "LAB", "REF", "CRM", "INS", "PTY",
        ];
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 4)?;
            Lang::parse(cols[1])
                .ok_or_else(|| error(name, line, format!("unknown language '{}'", cols[1])))?;
            if !SECTORS.contains(&cols[2]) {
                return Err(error(name, line, format!("unknown sector '{}'", cols[2])));
            }
            let title = match cols[3] {
                "role" => true,
                "org" => false,
                other => return Err(error(name, line, format!("unknown role kind '{other}'"))),
            };
            self.roles
                .insert(normalize_key(cols[0]), (cols[2].to_string(), title));
        }
        Ok(())
    }

    /// The entity gazetteer's role rows: `surface  lang  sector  kind` with kind `title` or
    /// `org` and a possibly empty sector (honorifics such as «السيد», "Dr.").
    pub(super) fn parse_gazetteer_roles(
        &mut self,
        name: &str,
        content: &str,
    ) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 4)?;
            if !cols[2].chars().all(|c| c.is_ascii_uppercase()) {
                return Err(error(name, line, format!("invalid sector '{}'", cols[2])));
            }
            let title = match cols[3] {
                "title" | "role" => true,
                "org" => false,
                other => return Err(error(name, line, format!("unknown role kind '{other}'"))),
            };
            let key = normalize_key(cols[0]);
            // Single words only: the extractor looks roles up token by token.
            if !key.contains(' ') {
                self.roles.insert(key, (cols[2].to_string(), title));
            }
        }
        Ok(())
    }

    /// Country rows: `iso2  iso3  kind  ar forms  en forms` (kind: name, capital, demonym).
    pub(super) fn parse_countries(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 5)?;
            let index = self
                .country_index(cols[0], cols[1])
                .map_err(|reason| error(name, line, reason))?;
            let demonym = match cols[2] {
                "name" | "capital" => false,
                "demonym" => true,
                other => {
                    return Err(error(
                        name,
                        line,
                        format!("unknown country form kind '{other}'"),
                    ))
                }
            };
            // Arabic demonyms are given as the masculine nisba; the other forms are generated.
            for form in word_list(cols[3]) {
                let forms = if demonym {
                    morph::arabic_participle(&form)
                } else {
                    vec![form]
                };
                for f in forms {
                    self.add_country_form(f, index, demonym);
                }
            }
            for form in word_list(cols[4]) {
                self.add_country_form(form, index, demonym);
            }
        }
        Ok(())
    }

    /// The index in `countries` of a country's codes, added when new; the error is the reason.
    fn country_index(&mut self, iso2: &str, iso3: &str) -> Result<usize, String> {
        if iso2.len() != 2
            || iso3.len() != 3
            || !iso2
                .chars()
                .chain(iso3.chars())
                .all(|c| c.is_ascii_uppercase())
        {
            return Err(format!("invalid country codes '{iso2}' '{iso3}'"));
        }
        Ok(match self.countries.iter().position(|(a, _)| a == iso2) {
            Some(i) => i,
            None => {
                self.countries.push((iso2.to_string(), iso3.to_string()));
                self.countries.len() - 1
            }
        })
    }

    /// Indexes a normalized country form (and a demonym form as a demonym too).
    fn add_country_form(&mut self, form: String, index: usize, demonym: bool) {
        if demonym {
            self.demonyms.insert(form.clone(), index);
        }
        self.country_forms.insert(form, index);
    }

    /// ISO rows: `iso2  iso3  source`.
    pub(super) fn parse_iso3(&mut self, name: &str, content: &str) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 3)?;
            let upper = |code: &str, len: usize| {
                code.len() == len && code.chars().all(|c| c.is_ascii_uppercase())
            };
            if !upper(cols[0], 2) || !upper(cols[1], 3) {
                return Err(error(
                    name,
                    line,
                    format!("invalid country codes '{}' '{}'", cols[0], cols[1]),
                ));
            }
            self.iso3.insert(cols[0].to_string(), cols[1].to_string());
        }
        Ok(())
    }
}
