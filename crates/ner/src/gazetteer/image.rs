//! The gazetteer image: the tables of [`GazetteerTables`] written out normalized, ranked and
//! sorted (`data/gazetteer.img`, written by `khabar train gazetteer`), so that start-up only
//! splits lines and fills hash tables with slices of the embedded text: no normalizing, no
//! ranking, no string per row.
//!
//! Layout: UTF-8 lines. A header `khabar-gazetteer-image 1`, then `digest <16 hex digits>`,
//! then five sections, each opening with `<name> <row count>`:
//! - `phrases`: `phrase (TAB kind TAB names TAB id)+`, entries best first;
//! - `firsts`: `word TAB longest phrase in tokens`;
//! - `names`: one person-name word per line;
//! - `frequency`: the frequency table's values, 16 hex digits each, sorted;
//! - `cities`: `geonames id TAB ISO country`.
//!
//! Rows of a section are sorted by code point, so two builds from the same sources give
//! byte-identical images.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use khabar_text::tsv;

use super::frequency::FrequencyTable;
use super::tables::GazetteerTables;
use super::{GazEntry, GazKind, Gazetteer};
use crate::error::NerError;
use crate::hash::FastHash;

/// The first line of an image of this layout.
const HEADER: &str = "khabar-gazetteer-image 1";

/// The name of each kind in an image.
const KIND_NAMES: [(GazKind, &str); 8] = [
    (GazKind::Country, "country"),
    (GazKind::Region, "region"),
    (GazKind::City, "city"),
    (GazKind::Division, "division"),
    (GazKind::Demonym, "demonym"),
    (GazKind::Title, "title"),
    (GazKind::OrgHead, "org-head"),
    (GazKind::Organisation, "organisation"),
];

impl GazetteerTables {
    /// The image of these tables.
    pub fn image(&self) -> String {
        let mut out = format!("{HEADER}\ndigest {:016x}\n", self.digest);
        let mut phrases: Vec<_> = self.phrases.iter().collect();
        phrases.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let _ = writeln!(out, "phrases {}", phrases.len());
        for (phrase, entries) in phrases {
            out.push_str(phrase);
            for e in entries {
                let _ = write!(out, "\t{}\t{}\t{}", kind_name(e.kind), e.names, e.id);
            }
            out.push('\n');
        }
        let firsts = sorted(self.firsts.iter().map(|(w, n)| format!("{w}\t{n}")));
        let names = sorted(self.person_names.iter().cloned());
        let frequency = self
            .frequencies
            .entries()
            .iter()
            .map(|v| format!("{v:016x}"));
        let cities = sorted(
            self.city_countries
                .iter()
                .map(|(id, c)| format!("{id}\t{c}")),
        );
        write_section(&mut out, "firsts", firsts);
        write_section(&mut out, "names", names);
        write_section(&mut out, "frequency", frequency.collect());
        write_section(&mut out, "cities", cities);
        out
    }
}

/// Lines sorted by code point.
fn sorted(lines: impl Iterator<Item = String>) -> Vec<String> {
    let mut lines: Vec<String> = lines.collect();
    lines.sort_unstable();
    lines
}

/// Writes a section: its name and row count, then its rows.
fn write_section(out: &mut String, name: &str, rows: Vec<String>) {
    let _ = writeln!(out, "{name} {}", rows.len());
    for row in rows {
        out.push_str(&row);
        out.push('\n');
    }
}

fn kind_name(kind: GazKind) -> &'static str {
    KIND_NAMES
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or("", |(_, name)| name)
}

fn kind_of(name: &str) -> Option<GazKind> {
    KIND_NAMES.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
}

impl Gazetteer {
    /// The gazetteer an image describes; the image's text is borrowed for the life of the
    /// program (the embedded image is `'static`).
    pub fn from_image(image: &'static str) -> Result<Gazetteer, NerError> {
        let mut lines = Lines::new(image);
        if lines.next()? != HEADER {
            return Err(lines.error("not a gazetteer image of this version"));
        }
        let digest = lines
            .next()?
            .strip_prefix("digest ")
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
            .ok_or_else(|| lines.error("no digest"))?;
        let mut gaz = Gazetteer {
            digest,
            ..Gazetteer::default()
        };
        read_phrases(&mut lines, &mut gaz)?;
        let count = lines.section("firsts")?;
        gaz.firsts = HashMap::with_capacity_and_hasher(count, FastHash::default());
        for _ in 0..count {
            let (word, longest) = lines.pair()?;
            let longest = longest.parse().map_err(|_| lines.error("bad length"))?;
            gaz.firsts.insert(word, longest);
        }
        let count = lines.section("names")?;
        gaz.person_names = HashSet::with_capacity_and_hasher(count, FastHash::default());
        for _ in 0..count {
            gaz.person_names.insert(lines.next()?);
        }
        let count = lines.section("frequency")?;
        let mut values = Vec::with_capacity(count);
        for _ in 0..count {
            let hex = lines.next()?;
            values.push(parse_hex(hex).ok_or_else(|| lines.error("bad value"))?);
        }
        gaz.frequencies = FrequencyTable::from_sorted(values);
        let count = lines.section("cities")?;
        gaz.city_countries = HashMap::with_capacity_and_hasher(count, FastHash::default());
        for _ in 0..count {
            let (id, country) = lines.pair()?;
            gaz.city_countries.insert(id, country);
        }
        Ok(gaz)
    }
}

/// Reads the `phrases` section into the phrase table and the entry list.
fn read_phrases(lines: &mut Lines, gaz: &mut Gazetteer) -> Result<(), NerError> {
    let count = lines.section("phrases")?;
    gaz.phrases = HashMap::with_capacity_and_hasher(count, FastHash::default());
    gaz.entries = Vec::with_capacity(count + count / 8);
    for _ in 0..count {
        let line = lines.next()?;
        let mut cols = tsv::fields(line);
        let phrase = cols.next().unwrap_or_default();
        let from = gaz.entries.len();
        while let Some(kind) = cols.next() {
            let (Some(kind), Some(names), Some(id)) = (
                kind_of(kind),
                cols.next().and_then(|n| n.parse().ok()),
                cols.next(),
            ) else {
                return Err(lines.error("bad entry"));
            };
            gaz.entries.push(GazEntry { kind, id, names });
        }
        gaz.phrases
            .insert(phrase, from as u32..gaz.entries.len() as u32);
    }
    Ok(())
}

/// A 64-bit value written as 16 lower-case hex digits.
fn parse_hex(hex: &str) -> Option<u64> {
    if hex.len() != 16 {
        return None;
    }
    hex.bytes().try_fold(0u64, |value, b| {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            _ => return None,
        };
        Some(value << 4 | u64::from(digit))
    })
}

/// The lines of an image, counted for error messages.
struct Lines {
    rest: &'static str,
    number: usize,
}

impl Lines {
    fn new(image: &'static str) -> Lines {
        Lines {
            rest: image,
            number: 0,
        }
    }

    fn next(&mut self) -> Result<&'static str, NerError> {
        self.number += 1;
        if self.rest.is_empty() {
            return Err(self.error("the image ends early"));
        }
        let (line, rest) = tsv::split_once_at(self.rest, b'\n').unwrap_or((self.rest, ""));
        self.rest = rest;
        Ok(line)
    }

    /// Two tab-separated fields.
    fn pair(&mut self) -> Result<(&'static str, &'static str), NerError> {
        let line = self.next()?;
        tsv::split_once_at(line, b'\t').ok_or_else(|| self.error("expected two fields"))
    }

    /// The row count of section `name`, from its opening line.
    fn section(&mut self, name: &str) -> Result<usize, NerError> {
        self.next()?
            .strip_prefix(name)
            .and_then(|rest| rest.strip_prefix(' '))
            .and_then(|count| count.parse().ok())
            .ok_or_else(|| self.error(&format!("expected the `{name}` section")))
    }

    fn error(&self, problem: &str) -> NerError {
        NerError::GazetteerImage {
            line: self.number,
            problem: problem.to_string(),
        }
    }
}
