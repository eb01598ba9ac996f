//! The actor-code image: the rows of `actors.tsv` with their surfaces normalized and sorted
//! (`lexicons/actors.img`, written by `khabar train actor-codes`), read in place. Start-up
//! only finds where its lines start; a lookup is a binary search over the lines that parses
//! only the rows of the surface looked up.
//!
//! Layout: UTF-8 lines. A header `khabar-actor-codes-image 1`, then one line per row of
//! `actors.tsv`: `surface TAB kind TAB country TAB sector TAB from TAB to TAB line`, where
//! the surface is normalized (`khabar_text::normalize_key`), kind is `actor` or `agent`, the
//! dates are ISO dates or empty, and `line` is the row's 1-based line in `actors.tsv`, whose
//! last column names the dictionary file and line the row came from. Lines are sorted by
//! surface (bytes), then by `line`, so two builds from one file give byte-identical images.

use std::borrow::Cow;
use std::fmt::Write as _;

use khabar_text::{normalize_key, tsv};

use super::codes::{parse_date, ActorCode, CodeKind};
use super::{error, fields, rows, EventsError, Lang};

/// The first line of an image of this layout.
const HEADER: &str = "khabar-actor-codes-image 1\n";

/// Dictionary actor and agent codes by normalized surface, read from an image.
#[derive(Debug)]
pub struct ActorCodes {
    /// The image, header included.
    image: Cow<'static, str>,
    /// The byte offset of each row's line in `image`, then the image's length.
    lines: Vec<u32>,
}

impl Default for ActorCodes {
    fn default() -> ActorCodes {
        ActorCodes::new(Cow::Borrowed(HEADER))
    }
}

impl ActorCodes {
    /// The codes of an image (the embedded one), checking its header only: the image is what
    /// [`ActorCodes::from_tsv`] wrote, which the crate's image test pins.
    pub fn from_image(image: &'static str) -> Result<ActorCodes, EventsError> {
        if !image.starts_with(HEADER) || !image.ends_with('\n') {
            return Err(error(
                "actors.img",
                1,
                "not an actor-code image of this layout",
            ));
        }
        if u32::try_from(image.len()).is_err() {
            return Err(error("actors.img", 1, "larger than 4 GiB"));
        }
        Ok(ActorCodes::new(Cow::Borrowed(image)))
    }

    /// The codes of a checked image (header, final newline, size) with its line index.
    fn new(image: Cow<'static, str>) -> ActorCodes {
        let mut lines = vec![HEADER.len() as u32];
        // The size is checked: every offset fits in a u32.
        lines.extend(
            image
                .match_indices('\n')
                .map(|(at, _)| at as u32 + 1)
                .skip(1),
        );
        ActorCodes { image, lines }
    }

    /// The codes of an `actors.tsv` file: rows `surface  lang  kind  country  sector  from
    /// to  source`, each checked, normalized and sorted into an image.
    pub fn from_tsv(name: &str, content: &str) -> Result<ActorCodes, EventsError> {
        let mut lines = Vec::new();
        for (line, cols) in rows(content) {
            let cols = fields(name, line, &cols, 8)?;
            Lang::parse(cols[1])
                .ok_or_else(|| error(name, line, format!("unknown language '{}'", cols[1])))?;
            if !matches!(cols[2], "actor" | "agent") {
                return Err(error(name, line, format!("unknown kind '{}'", cols[2])));
            }
            for value in [cols[3], cols[4]] {
                let code = value.len() == 3 && value.chars().all(|c| c.is_ascii_uppercase());
                if !value.is_empty() && !code {
                    return Err(error(name, line, format!("invalid code '{value}'")));
                }
            }
            parse_date(name, line, cols[5])?;
            parse_date(name, line, cols[6])?;
            let mut out = normalize_key(cols[0]);
            for value in &cols[2..7] {
                out.push('\t');
                out.push_str(value);
            }
            let _ = write!(out, "\t{line}");
            lines.push(out);
        }
        // Stable: rows of one surface stay in file order.
        lines.sort_by(|a, b| surface(a).cmp(surface(b)));
        let mut image = String::from(HEADER);
        for line in lines {
            image.push_str(&line);
            image.push('\n');
        }
        if u32::try_from(image.len()).is_err() {
            return Err(error(name, 0, "larger than 4 GiB as an image"));
        }
        Ok(ActorCodes::new(Cow::Owned(image)))
    }

    /// The image's text (what `khabar train actor-codes` writes).
    pub fn image(&self) -> &str {
        &self.image
    }

    /// The codes of a normalized surface, in file order (none when it has none).
    pub fn get(&self, key: &str) -> Vec<ActorCode> {
        let rows = self.lines.len() - 1;
        let bytes = self.image.as_bytes();
        let first = self.lines[..rows]
            .partition_point(|&start| surface_before(&bytes[start as usize..], key.as_bytes()));
        (first..rows)
            .map(|k| self.line(k))
            .take_while(|line| surface(line) == key)
            .filter_map(parse_row)
            .collect()
    }

    /// Row `k`'s line, without its newline.
    fn line(&self, k: usize) -> &str {
        let (start, end) = (self.lines[k] as usize, self.lines[k + 1] as usize);
        &self.image[start..end - 1]
    }
}

/// Whether the surface at the start of `row` (the bytes up to its first tab) sorts before
/// `key`, without looking for the tab first: most rows differ from the key in a byte or two.
fn surface_before(row: &[u8], key: &[u8]) -> bool {
    for (k, &b) in row.iter().enumerate() {
        if b == b'\t' {
            // The surface ended: a proper prefix of the key sorts before it.
            return k < key.len();
        }
        match key.get(k) {
            Some(&c) if b == c => {}
            Some(&c) => return b < c,
            // The key ended first: it is a proper prefix of the surface.
            None => return false,
        }
    }
    false
}

/// The surface of an image line (its first field).
fn surface(line: &str) -> &str {
    line.split('\t').next().unwrap_or(line)
}

/// The code of an image line; `None` only for a line [`ActorCodes::from_tsv`] cannot write.
fn parse_row(line: &str) -> Option<ActorCode> {
    let cols: Vec<&str> = tsv::fields(line).collect();
    let [_, kind, country, sector, from, to, _] = cols[..] else {
        return None;
    };
    let kind = match kind {
        "actor" => CodeKind::Actor,
        "agent" => CodeKind::Agent,
        _ => return None,
    };
    let code = |value: &str| (!value.is_empty()).then(|| value.to_string());
    Some(ActorCode {
        kind,
        country: code(country),
        sector: code(sector),
        from: parse_date("actors.img", 0, from).ok()?,
        to: parse_date("actors.img", 0, to).ok()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TSV: &str = "# comment\n\
        Zeta\ten\tactor\tUSA\tGOV\t\t\ts:1\n\
        Alpha\ten\tactor\t\tIGO\t\t\ts:2\n\
        Zeta\ten\tactor\tUSA\tELI\t1990-01-01\t1999-12-31\ts:3\n\
        Police\ten\tagent\t\tCOP\t\t\ts:4\n";

    #[test]
    fn rows_are_found_by_surface_in_file_order() {
        let codes = ActorCodes::from_tsv("actors.tsv", TSV).expect("valid rows");
        let zeta = codes.get("zeta");
        assert_eq!(zeta.len(), 2);
        assert_eq!(zeta[0].sector.as_deref(), Some("GOV"));
        assert_eq!(zeta[1].sector.as_deref(), Some("ELI"));
        assert_eq!(
            zeta[1].from.map(|d| d.to_string()).as_deref(),
            Some("1990-01-01")
        );
        assert_eq!(codes.get("alpha")[0].country, None);
        assert_eq!(codes.get("police")[0].kind, CodeKind::Agent);
        for missing in ["", "a", "alphb", "zz", "police force"] {
            assert!(codes.get(missing).is_empty(), "{missing}");
        }
    }

    #[test]
    fn bad_rows_name_their_line() {
        let bad = "# header\nX\ten\tactor\tUSA\tGOV\t2007-02-31\t\tsource:1\n";
        let err = ActorCodes::from_tsv("actors.tsv", bad)
            .unwrap_err()
            .to_string();
        assert_eq!(
            err,
            "lexicon 'actors.tsv' line 2: invalid date '2007-02-31'"
        );
        let bad = "X\ten\tperson\tUSA\tGOV\t\t\tsource:1\n";
        let err = ActorCodes::from_tsv("actors.tsv", bad)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "lexicon 'actors.tsv' line 1: unknown kind 'person'");
        let bad = "X\ten\tactor\tusa\tGOV\t\t\tsource:1\n";
        let err = ActorCodes::from_tsv("actors.tsv", bad)
            .unwrap_err()
            .to_string();
        assert_eq!(err, "lexicon 'actors.tsv' line 1: invalid code 'usa'");
    }

    #[test]
    fn surfaces_compare_as_strings() {
        let words = ["", "a", "ab", "abc", "b", "a b", "الشرطة", "الشرطه", "ال"];
        for surface in words {
            let row = format!("{surface}\tactor\t\t\t\t\t1");
            for key in words {
                assert_eq!(
                    surface_before(row.as_bytes(), key.as_bytes()),
                    surface < key,
                    "{surface:?} < {key:?}"
                );
            }
        }
    }

    #[test]
    fn the_image_names_each_rows_line_and_reads_back() {
        let codes = ActorCodes::from_tsv("actors.tsv", TSV).expect("valid rows");
        assert_eq!(
            codes.image(),
            "khabar-actor-codes-image 1\n\
             alpha\tactor\t\tIGO\t\t\t3\n\
             police\tagent\t\tCOP\t\t\t5\n\
             zeta\tactor\tUSA\tGOV\t\t\t2\n\
             zeta\tactor\tUSA\tELI\t1990-01-01\t1999-12-31\t4\n"
        );
        let image: &'static str = codes.image().to_string().leak();
        let read = ActorCodes::from_image(image).expect("an image");
        assert_eq!(read.get("zeta"), codes.get("zeta"));
        assert!(ActorCodes::from_image("alpha\tactor\n").is_err());
    }
}
