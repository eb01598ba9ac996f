//! Trigger rows (`ar.tsv`, `en.tsv`): `pos  forms  type  mode  cameo  options`, one entry each,
//! with every inflected form indexed for lookup.

use super::forms::{generate, GeneratedForm, Inflection};
use super::{error, fields, rows, word_list, Entry, Form, Lang, Lexicons, Need, Pos, Role};
use super::{EventsError, TargetRule};

/// Tokens a context word must stand within when its option gives no window (`next=في`).
const DEFAULT_NEED_WINDOW: usize = 3;

impl Lexicons {
    /// Parses the trigger rows of one language.
    pub(super) fn parse_triggers(
        &mut self,
        name: &str,
        content: &str,
        lang: Lang,
    ) -> Result<(), EventsError> {
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 5)?;
            let (entry, inflection) =
                entry_of_row(&cols, lang).map_err(|r| error(name, line, r))?;
            let base_form = entry.role != Role::Event;
            let forms = generate(lang, entry.pos, cols[1], inflection, base_form)
                .map_err(|reason| error(name, line, reason))?;
            self.index_forms(lang, forms);
            self.entries.push(entry);
        }
        Ok(())
    }

    /// Indexes the forms of the entry about to be added, by their first word.
    fn index_forms(&mut self, lang: Lang, forms: Vec<GeneratedForm>) {
        let index = self.entries.len();
        let map = match lang {
            Lang::Ar => &mut self.ar_forms,
            Lang::En => &mut self.en_forms,
        };
        for form in forms {
            let mut words = form.words.into_iter();
            // `generate` never returns an empty word list.
            let Some(first) = words.next() else { continue };
            let list = map.entry(first).or_default();
            let tail: Vec<String> = words.collect();
            if !list.iter().any(|f| f.entry == index && f.tail == tail) {
                list.push(Form {
                    entry: index,
                    tail,
                    suffixed: form.suffixed,
                    imperfect: form.imperfect,
                });
            }
        }
    }
}

/// The entry of a trigger row's fields, and how its forms are inflected (`double`,
/// `intrans`); the error is the reason.
fn entry_of_row(cols: &[&str], lang: Lang) -> Result<(Entry, Inflection), String> {
    let pos = match cols[0] {
        "verb" => Pos::Verb,
        "noun" => Pos::Noun,
        "ptcp" => Pos::Participle,
        "phrase" => Pos::Phrase,
        other => return Err(format!("unknown part of speech '{other}'")),
    };
    if pos == Pos::Participle && lang == Lang::En {
        return Err("participle entries are Arabic only".to_string());
    }
    let event_type = cols[2].to_string();
    if !event_type.chars().all(|c| c.is_ascii_uppercase()) || event_type.is_empty() {
        return Err(format!("invalid event type '{event_type}'"));
    }
    let cameo = cols[4].to_string();
    if cameo.is_empty() || !cameo.chars().all(|c| c.is_ascii_digit()) || cameo.len() > 4 {
        return Err(format!("invalid cameo code '{cameo}'"));
    }
    let mode = (cols[3] != "-").then(|| cols[3].to_string());
    let mut entry = Entry {
        pos,
        role: Role::Event,
        event_type,
        mode,
        cameo,
        target: TargetRule::Object,
        symmetric: false,
        definite_ok: false,
        location_is_target: false,
        needs: Vec::new(),
        needs_target: false,
        killing: false,
        verbal: false,
        maqsura: false,
        motive: false,
    };
    let mut inflection = Inflection::default();
    for option in cols.get(5).copied().unwrap_or("").split_whitespace() {
        match option {
            "double" => inflection.doubled = true,
            "intrans" => inflection.intransitive = true,
            _ => apply_option(&mut entry, option)?,
        }
    }
    Ok((entry, inflection))
}

/// Applies one option of the options column (`speech`, `tgt=على`, `next=2:في`, ...).
fn apply_option(entry: &mut Entry, option: &str) -> Result<(), String> {
    let (key, value) = option.split_once('=').unwrap_or((option, ""));
    match key {
        "speech" => entry.role = Role::Speech,
        "cue" => entry.role = Role::Cue,
        "sym" => entry.symmetric = true,
        "def" => entry.definite_ok = true,
        "needtgt" => entry.needs_target = true,
        "killing" => entry.killing = true,
        "verbal" => entry.verbal = true,
        "maqsura" => entry.maqsura = true,
        "motive" => entry.motive = true,
        "loc" if value == "tgt" => entry.location_is_target = true,
        "tgt" => entry.target = target_rule(value)?,
        "next" | "prev" | "near" | "not-next" | "not-prev" => {
            entry.needs.push(need(key, value, option)?)
        }
        _ => return Err(format!("unknown option '{option}'")),
    }
    Ok(())
}

/// The target rule of a `tgt=` value: `none`, `obj`, `obj+PREPS` or `PREPS`.
fn target_rule(value: &str) -> Result<TargetRule, String> {
    Ok(match value {
        "none" => TargetRule::None,
        "obj" => TargetRule::Object,
        v if v.starts_with("obj+") => TargetRule::ObjectOrPrep(word_list(&v[4..])),
        v if !v.is_empty() => TargetRule::Prep(word_list(v)),
        _ => return Err("empty 'tgt='".to_string()),
    })
}

/// The context condition of a `next`/`prev`/`near`/`not-next` option: `[N:]WORDS`.
fn need(key: &str, value: &str, option: &str) -> Result<Need, String> {
    let (n, words) = match value.split_once(':') {
        Some((n, words)) => (
            n.parse::<usize>()
                .map_err(|_| format!("invalid window '{n}' in '{option}'"))?,
            words,
        ),
        None => (DEFAULT_NEED_WINDOW, value),
    };
    let words = word_list(words);
    if words.is_empty() {
        return Err(format!("no words in '{option}'"));
    }
    Ok(match key {
        "next" => Need::Next(n, words),
        "prev" => Need::Prev(n, words),
        "not-next" => Need::NotNext(n, words),
        "not-prev" => Need::NotPrev(n, words),
        _ => Need::Near(n, words),
    })
}
