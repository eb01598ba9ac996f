//! The geo table (`data/gazetteer/geo.tsv`): GeoNames id, canonical names, kind, country,
//! first-order division and coordinates of each linked place.
//!
//! The table is the embedded text plus the start of each row, sorted by link id; a row is
//! parsed only when it is looked up, so loading costs one pass over the text and 4 bytes a row.

use khabar_schema::{Admin1, Geo, GeoKind, GeoPrecision};

use crate::hash::Fnv;

/// The embedded geo table, built by `scripts/gazetteers/build.sh`.
const EMBEDDED_GEO_TSV: &str = include_str!(concat!(env!("OUT_DIR"), "/geo.tsv"));

/// Rows of `geo.tsv` by link id: `id  geonames_id  kind  country  admin1_code  admin1_name
/// lat  lon  precision  name_en  name_ar`.
#[derive(Debug, Default)]
pub struct GeoTable {
    /// The TSV text.
    text: &'static str,
    /// Byte offset of each data row, in text (= link id) order.
    rows: Vec<u32>,
}

impl GeoTable {
    /// The table embedded at build time.
    pub fn embedded() -> GeoTable {
        GeoTable::from_tsv(EMBEDDED_GEO_TSV)
    }

    /// Indexes a `geo.tsv` text (rows sorted by id; `#` lines are comments).
    pub fn from_tsv(text: &'static str) -> GeoTable {
        let mut rows = Vec::with_capacity(text.len() / 80);
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            if !line.starts_with('#') && !line.trim_end().is_empty() {
                // Offsets fit in u32: the embedded table is a few MB.
                rows.push(u32::try_from(at).unwrap_or(u32::MAX));
            }
            at += line.len();
        }
        GeoTable { text, rows }
    }

    /// Adds the table text to a digest.
    pub fn digest_into(&self, h: &mut Fnv) {
        h.write(self.text.as_bytes());
    }

    /// Where the place of a link (`IQ`, `geonames:98182`, `region:africa`) is; `None` for links
    /// without a GeoNames point (most regions) and for rows that do not parse.
    pub fn lookup(&self, link: &str) -> Option<Geo> {
        let found = self
            .rows
            .binary_search_by(|&at| self.row_id(at).cmp(link))
            .ok()?;
        parse_row(self.row(self.rows[found]))
    }

    fn row(&self, at: u32) -> &'static str {
        let rest = self.text.get(at as usize..).unwrap_or("");
        rest.split('\n').next().unwrap_or("")
    }

    fn row_id(&self, at: u32) -> &'static str {
        self.row(at).split('\t').next().unwrap_or("")
    }
}

/// Parses one data row of `geo.tsv`.
fn parse_row(row: &str) -> Option<Geo> {
    let cols: Vec<&str> = row.trim_end_matches('\r').split('\t').collect();
    let [_id, geonames_id, kind, country, admin1_code, admin1_name, lat, lon, precision, name_en, name_ar] =
        cols.as_slice()
    else {
        return None;
    };
    let kind = match *kind {
        "country" => GeoKind::Country,
        "admin1" => GeoKind::Admin1,
        "city" => GeoKind::City,
        "other" => GeoKind::Other,
        _ => return None,
    };
    let precision = match *precision {
        "place" => GeoPrecision::Place,
        "country" => GeoPrecision::Country,
        "admin1" => GeoPrecision::Admin1,
        _ => return None,
    };
    let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
    Some(Geo {
        geonames_id: geonames_id.parse().ok()?,
        name_en: name_en.to_string(),
        name_ar: some(name_ar),
        kind,
        country: some(country),
        admin1: (!admin1_code.is_empty()).then(|| Admin1 {
            code: admin1_code.to_string(),
            name: admin1_name.to_string(),
        }),
        lat: lat.parse().ok()?,
        lon: lon.parse().ok()?,
        precision,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_row_parses_and_ids_are_sorted() {
        let table = GeoTable::embedded();
        assert!(table.rows.len() > 30_000, "{} rows", table.rows.len());
        let ids: Vec<&str> = table.rows.iter().map(|&at| table.row_id(at)).collect();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids not sorted");
        for &at in &table.rows {
            let geo = parse_row(table.row(at));
            let geo = geo.unwrap_or_else(|| panic!("bad row {:?}", table.row(at)));
            assert!((-90.0..=90.0).contains(&geo.lat) && (-180.0..=180.0).contains(&geo.lon));
        }
    }

    #[test]
    fn baghdad_is_a_city_with_its_own_point() {
        let geo = GeoTable::embedded()
            .lookup("geonames:98182")
            .expect("Baghdad");
        assert_eq!(geo.geonames_id, 98182);
        assert_eq!((geo.lat, geo.lon), (33.34058, 44.40088));
        assert_eq!(geo.kind, GeoKind::City);
        assert_eq!(geo.precision, GeoPrecision::Place);
        assert_eq!(geo.name_ar.as_deref(), Some("بغداد"));
        assert_eq!(geo.admin1.map(|a| a.code).as_deref(), Some("IQ.07"));
    }

    #[test]
    fn a_country_has_its_capitals_point_and_says_so() {
        let table = GeoTable::embedded();
        let iraq = table.lookup("IQ").expect("Iraq");
        let baghdad = table.lookup("geonames:98182").expect("Baghdad");
        assert_eq!(iraq.geonames_id, 99237);
        assert_eq!(iraq.kind, GeoKind::Country);
        assert_eq!(iraq.precision, GeoPrecision::Country);
        assert_eq!((iraq.lat, iraq.lon), (baghdad.lat, baghdad.lon));
        assert_eq!(iraq.admin1, None);
    }

    #[test]
    fn unknown_links_and_areas_without_a_point_have_none() {
        let table = GeoTable::embedded();
        assert_eq!(table.lookup("geonames:0"), None);
        assert_eq!(table.lookup("region:gulf"), None);
        assert_eq!(table.lookup(""), None);
        assert!(table.lookup("region:africa").is_some());
    }

    #[test]
    fn a_malformed_row_is_none() {
        let table =
            GeoTable::from_tsv("# c\nXX\t1\tcountry\tXX\t\t\tnot-a-number\t0\tcountry\tX\t\n");
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.lookup("XX"), None);
    }
}
