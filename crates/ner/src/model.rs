//! The tagger model: label set, hashed feature weights and the binary file format (decoding
//! under BIO constraints is `decode`).
//!
//! File format (all integers little-endian):
//!
//! ```text
//! magic    8 bytes  "KHABNER\0"
//! version  u32      FORMAT_VERSION
//! lang     4 bytes  "ar\0\0" / "en\0\0"
//! features u32      features::FEATURE_VERSION the model was trained with
//! bits     u32      log2 of the number of feature buckets
//! labels   u32      number of labels (LABELS.len())
//! gazetteer u64     digest of the gazetteers used in training
//! seed     u64      training seed
//! epochs   u32      training epochs
//! scale    f32      weight = quantized * scale
//! trans    (labels+1) * labels i16: transition weights, last row = sentence start
//! rows     u32      number of non-zero feature rows
//! rows  x  { bucket u32, labels * i16 }  in increasing bucket order
//! common   u32      number of common-word hashes
//! common x u64      sorted FNV hashes of normalized words that training data almost never tags
//! check    u64      FNV-1a of every byte before it
//! ```

use crate::error::NerError;
use crate::features::FEATURE_VERSION;
use crate::hash::Fnv;
use crate::packed::PackedWeights;

/// File format version.
pub const FORMAT_VERSION: u32 = 2;

const MAGIC: &[u8; 8] = b"KHABNER\0";

/// Bucket bits a model file may have: 256 to 64M buckets; outside, the file is corrupt.
const BUCKET_BITS: std::ops::RangeInclusive<u32> = 8..=26;

/// Common-word hashes reserved at most before reading them, so that a corrupt count does not
/// reserve gigabytes.
const MAX_RESERVED_COMMON_WORDS: usize = 1 << 20;

/// Labels of the tagger, in model order.
pub const LABELS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC",
];

/// Number of labels.
pub const NUM_LABELS: usize = LABELS.len();

/// A loaded model with quantized weights.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// Language tag.
    pub lang: String,
    /// log2 of the number of feature buckets.
    pub bits: u32,
    /// Digest of the gazetteers the model was trained with.
    pub gazetteer_digest: u64,
    /// Training seed.
    pub seed: u64,
    /// Training epochs.
    pub epochs: u32,
    /// Weight = quantized * scale.
    pub scale: f32,
    /// `(NUM_LABELS + 1) * NUM_LABELS` transition weights; row NUM_LABELS is the start.
    pub trans: Vec<i16>,
    /// `2^bits * NUM_LABELS` feature weights.
    pub weights: Vec<i16>,
    /// Sorted hashes of common words (training tokens that are almost always `O`).
    pub common: Vec<u64>,
}

impl Model {
    /// Feature rows whose every weight is at most this (in quantized units, 1/64 of the
    /// largest weight) are dropped when quantizing: in the nine-run averaged models they are
    /// 74% of the rows and change no dev-set F1 by more than 0.2, while they cost memory and
    /// cache misses (1/32 costs NewsFANE 0.7).
    pub const MIN_ROW_WEIGHT: i16 = 512;

    /// Quantizes float weights into a model, dropping rows of negligible weights
    /// ([`Model::MIN_ROW_WEIGHT`]).
    pub fn quantize(
        lang: &str,
        bits: u32,
        gazetteer_digest: u64,
        seed: u64,
        epochs: u32,
        trans: &[f64],
        weights: &[f64],
    ) -> Model {
        let max = trans
            .iter()
            .chain(weights)
            .fold(0f64, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 {
            (max / 32767.0) as f32
        } else {
            1.0
        };
        let q = |w: &f64| (w / f64::from(scale)).round().clamp(-32767.0, 32767.0) as i16;
        let mut quantized: Vec<i16> = weights.iter().map(q).collect();
        for row in quantized.chunks_exact_mut(NUM_LABELS) {
            if row.iter().all(|w| w.abs() <= Model::MIN_ROW_WEIGHT) {
                row.fill(0);
            }
        }
        Model {
            lang: lang.to_string(),
            bits,
            gazetteer_digest,
            seed,
            epochs,
            scale,
            trans: trans.iter().map(q).collect(),
            weights: quantized,
            common: Vec::new(),
        }
    }

    /// The hash under which a normalized word is kept in the common-word list.
    pub fn word_hash(norm: &str) -> u64 {
        let mut h = Fnv::new(b"common");
        h.write(norm.as_bytes());
        h.finish()
    }

    /// Whether a normalized word is common (almost never part of a name in training data).
    pub fn is_common(&self, norm: &str) -> bool {
        self.common.binary_search(&Model::word_hash(norm)).is_ok()
    }

    /// Serializes the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        let mut lang = [0u8; 4];
        for (slot, b) in lang.iter_mut().zip(self.lang.bytes()) {
            *slot = b;
        }
        out.extend_from_slice(&lang);
        out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
        out.extend_from_slice(&self.bits.to_le_bytes());
        out.extend_from_slice(&(NUM_LABELS as u32).to_le_bytes());
        out.extend_from_slice(&self.gazetteer_digest.to_le_bytes());
        out.extend_from_slice(&self.seed.to_le_bytes());
        out.extend_from_slice(&self.epochs.to_le_bytes());
        out.extend_from_slice(&self.scale.to_le_bytes());
        for w in &self.trans {
            out.extend_from_slice(&w.to_le_bytes());
        }
        let rows: Vec<usize> = (0..1usize << self.bits)
            .filter(|&b| {
                self.weights[b * NUM_LABELS..(b + 1) * NUM_LABELS]
                    .iter()
                    .any(|&w| w != 0)
            })
            .collect();
        out.extend_from_slice(&(rows.len() as u32).to_le_bytes());
        for b in rows {
            out.extend_from_slice(&(b as u32).to_le_bytes());
            for w in &self.weights[b * NUM_LABELS..(b + 1) * NUM_LABELS] {
                out.extend_from_slice(&w.to_le_bytes());
            }
        }
        out.extend_from_slice(&(self.common.len() as u32).to_le_bytes());
        for c in &self.common {
            out.extend_from_slice(&c.to_le_bytes());
        }
        let mut h = Fnv::new(b"");
        h.write(&out);
        out.extend_from_slice(&h.finish().to_le_bytes());
        out
    }

    /// Parses a model file.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Model, NerError> {
        let (mut model, rows) = Model::parse(bytes).map_err(|e| invalid(name, e))?;
        model.weights = vec![0i16; (1usize << model.bits) * NUM_LABELS];
        for (bucket, row) in rows.iter() {
            let at = bucket as usize * NUM_LABELS;
            model.weights[at..at + NUM_LABELS].copy_from_slice(&row);
        }
        Ok(model)
    }

    /// Parses a model file for inference: the model without its dense weight table
    /// ([`Model::weights`] left empty) and its rows packed, read from the file in place.
    pub(crate) fn from_bytes_packed(
        name: &str,
        bytes: &[u8],
    ) -> Result<(Model, PackedWeights), NerError> {
        let (model, rows) = Model::parse(bytes).map_err(|e| invalid(name, e))?;
        let packed = PackedWeights::from_rows(model.bits, rows.len(), rows.iter());
        Ok((model, packed))
    }

    /// The fields of a model file and its weight rows, with the reason of a rejection as text.
    fn parse(bytes: &[u8]) -> Result<(Model, FileRows<'_>), String> {
        let body = checked_body(bytes)?;
        let mut r = Reader {
            bytes: body,
            at: MAGIC.len(),
        };
        let mut model = read_header(&mut r)?;
        model.trans = (0..(NUM_LABELS + 1) * NUM_LABELS)
            .map(|_| r.i16("transitions"))
            .collect::<Result<_, _>>()?;
        let rows = FileRows::read(&mut r, model.bits)?;
        model.common = read_common_words(&mut r)?;
        if r.at != body.len() {
            return Err(format!("{} trailing bytes", body.len() - r.at));
        }
        Ok((model, rows))
    }
}

/// The error of a rejected model file.
fn invalid(name: &str, reason: String) -> NerError {
    NerError::InvalidModel {
        name: name.to_string(),
        reason,
    }
}

/// The bytes of a model file before its checksum, once the magic and the checksum are right.
fn checked_body(bytes: &[u8]) -> Result<&[u8], String> {
    if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
        return Err("missing 'KHABNER' header".to_string());
    }
    let (body, check) = bytes.split_at(bytes.len() - 8);
    let mut h = Fnv::new(b"");
    h.write(body);
    if h.finish().to_le_bytes() != check {
        return Err("checksum mismatch".to_string());
    }
    Ok(body)
}

/// The header fields after the magic, checked against this build; the tables are left empty.
fn read_header(r: &mut Reader) -> Result<Model, String> {
    const HEADER: &str = "header";
    let version = r.u32(HEADER)?;
    if version != FORMAT_VERSION {
        return Err(format!(
            "format version {version}, expected {FORMAT_VERSION}"
        ));
    }
    let lang: String = r
        .take(4, HEADER)?
        .iter()
        .take_while(|&&b| b != 0)
        .map(|&b| b as char)
        .collect();
    let features = r.u32(HEADER)?;
    if features != FEATURE_VERSION {
        return Err(format!(
            "feature version {features}, expected {FEATURE_VERSION}"
        ));
    }
    let bits = r.u32(HEADER)?;
    if !BUCKET_BITS.contains(&bits) {
        return Err(format!("bucket bits {bits} out of range"));
    }
    let labels = r.u32(HEADER)?;
    if labels as usize != NUM_LABELS {
        return Err(format!("{labels} labels, expected {NUM_LABELS}"));
    }
    Ok(Model {
        lang,
        bits,
        gazetteer_digest: r.u64(HEADER)?,
        seed: r.u64(HEADER)?,
        epochs: r.u32(HEADER)?,
        scale: f32::from_bits(r.u32(HEADER)?),
        trans: Vec::new(),
        weights: Vec::new(),
        common: Vec::new(),
    })
}

/// The weight rows of a model file, `{bucket u32, labels * i16}` each, read in place.
struct FileRows<'a> {
    bytes: &'a [u8],
}

impl<'a> FileRows<'a> {
    /// Bytes of one row in the file.
    const ROW_BYTES: usize = 4 + 2 * NUM_LABELS;

    /// The rows after their count, checked: buckets in range and strictly increasing.
    fn read(r: &mut Reader<'a>, bits: u32) -> Result<FileRows<'a>, String> {
        let count = r.u32("row count")? as usize;
        let len = count
            .checked_mul(FileRows::ROW_BYTES)
            .ok_or("row count out of range")?;
        let rows = FileRows {
            bytes: r.take(len, "rows")?,
        };
        let buckets = 1u64 << bits;
        let mut next = 0;
        for (bucket, _) in rows.iter() {
            if u64::from(bucket) >= buckets {
                return Err(format!("bucket {bucket} out of range"));
            }
            if u64::from(bucket) < next {
                return Err(format!("bucket {bucket} out of order"));
            }
            next = u64::from(bucket) + 1;
        }
        Ok(rows)
    }

    /// Number of rows.
    fn len(&self) -> usize {
        self.bytes.len() / FileRows::ROW_BYTES
    }

    /// Each row's bucket and weights, in file order.
    fn iter(&self) -> impl Iterator<Item = (u32, [i16; NUM_LABELS])> + 'a {
        self.bytes.chunks_exact(FileRows::ROW_BYTES).map(|row| {
            let (bucket, weights) = row.split_at(4);
            let bucket = u32::from_le_bytes([bucket[0], bucket[1], bucket[2], bucket[3]]);
            let mut out = [0i16; NUM_LABELS];
            for (w, b) in out.iter_mut().zip(weights.chunks_exact(2)) {
                *w = i16::from_le_bytes([b[0], b[1]]);
            }
            (bucket, out)
        })
    }
}

/// The sorted common-word hashes.
fn read_common_words(r: &mut Reader) -> Result<Vec<u64>, String> {
    const COMMON: &str = "common words";
    let count = r.u32(COMMON)? as usize;
    let mut common = Vec::with_capacity(count.min(MAX_RESERVED_COMMON_WORDS));
    for _ in 0..count {
        common.push(r.u64(COMMON)?);
    }
    if !common.windows(2).all(|w| w[0] < w[1]) {
        return Err("common words are not sorted".into());
    }
    Ok(common)
}

/// Reads little-endian fields off a model file; a field past the end is "truncated `what`".
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &str) -> Result<&'a [u8], String> {
        let slice = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| format!("truncated {what}"))?;
        self.at += n;
        Ok(slice)
    }
    fn u32(&mut self, what: &str) -> Result<u32, String> {
        self.take(4, what)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self, what: &str) -> Result<u64, String> {
        let b = self.take(8, what)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn i16(&mut self, what: &str) -> Result<i16, String> {
        self.take(2, what).map(|b| i16::from_le_bytes([b[0], b[1]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> Model {
        let bits = 8;
        let weights: Vec<f64> = (0..(1usize << bits) * NUM_LABELS)
            .map(|i| {
                if i % 7 == 0 {
                    (i % 13) as f64 - 6.0
                } else {
                    0.0
                }
            })
            .collect();
        let trans: Vec<f64> = (0..(NUM_LABELS + 1) * NUM_LABELS)
            .map(|i| (i % 5) as f64 * 0.5)
            .collect();
        let mut model = Model::quantize("ar", bits, 42, 1, 3, &trans, &weights);
        model.common = vec![3, 9, 27];
        model
    }

    #[test]
    fn rows_of_negligible_weights_are_dropped() {
        let bits = 8;
        let mut weights = vec![0f64; (1usize << bits) * NUM_LABELS];
        weights[0] = 1000.0; // row 0: the largest weight
        weights[NUM_LABELS + 3] = -1.0; // row 1: 1/1000 of it, negligible
        weights[2 * NUM_LABELS + 5] = 20.0; // row 2: 1/50 of it, kept
        let trans = vec![0f64; (NUM_LABELS + 1) * NUM_LABELS];
        let model = Model::quantize("ar", bits, 0, 1, 1, &trans, &weights);
        let row = |r: usize| &model.weights[r * NUM_LABELS..(r + 1) * NUM_LABELS];
        assert_eq!(row(0)[0], 32767);
        assert!(row(1).iter().all(|&w| w == 0));
        assert_eq!(row(2)[5], 655);
    }

    #[test]
    fn round_trip() {
        let model = tiny();
        let bytes = model.to_bytes();
        let back = Model::from_bytes("tiny", &bytes).expect("valid model");
        assert_eq!(model, back);
        assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn rows_out_of_bucket_order_are_rejected() {
        let model = tiny();
        let mut bytes = model.to_bytes();
        // The header (52 bytes), the transitions and the row count come before the rows.
        let rows = 52 + 2 * (NUM_LABELS + 1) * NUM_LABELS + 4;
        let row = 4 + 2 * NUM_LABELS;
        let (first, second) = bytes[rows..rows + 2 * row].split_at_mut(row);
        first.swap_with_slice(second);
        let body = bytes.len() - 8;
        let mut h = Fnv::new(b"");
        h.write(&bytes[..body]);
        bytes[body..].copy_from_slice(&h.finish().to_le_bytes());
        let error = Model::from_bytes("tiny", &bytes).expect_err("rows out of order");
        assert!(error.to_string().contains("out of order"), "{error}");
        assert!(Model::from_bytes_packed("tiny", &bytes).is_err());
        // The same bytes in order load.
        assert!(Model::from_bytes("tiny", &model.to_bytes()).is_ok());
    }

    #[test]
    fn corrupt_model_is_rejected() {
        let mut bytes = tiny().to_bytes();
        let at = bytes.len() / 2;
        bytes[at] ^= 0xff;
        assert!(Model::from_bytes("tiny", &bytes).is_err());
        assert!(Model::from_bytes("tiny", b"nonsense").is_err());
    }
}
