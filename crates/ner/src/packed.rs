//! The weight table at inference: the non-zero rows of a model, packed and stored in 8 bits.
//!
//! The model file keeps 16-bit weights (training writes them, [`crate::model`]); at load each
//! row is requantized to nine `i8` and a power-of-two shift of its own, so that
//! `weight ≈ i8 << shift` in the file's units. A row then takes 10 bytes instead of 18, and the
//! Arabic table 3.3 MB instead of 5.9 MB: the row reads of the weight sums are the tagger's
//! cache misses. The error of a weight is at most half a step of its row, under 0.8% of the
//! row's largest weight.

use crate::model::NUM_LABELS;

/// How rows are stored at inference: the scores, and so the outputs, depend on it as much as on
/// the model file, so it is part of the models' digest (the pipeline version).
pub(crate) const ROW_FORMAT: &[u8] = b"rows: i8 << shift";

/// Largest magnitude of an 8-bit weight (symmetric, so a row's sign flips exactly).
const MAX_I8: i32 = 127;

/// One weight row in 8 bits: `weight = i32::from(weights[k]) << shift`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Row {
    weights: [i8; NUM_LABELS],
    shift: u8,
}

impl Row {
    /// The row of 16-bit weights with the smallest shift whose steps still fit its largest
    /// weight, each weight rounded to the nearest step.
    fn quantize(row: &[i16]) -> Row {
        let max = row.iter().fold(0, |m, &w| m.max(i32::from(w).abs()));
        // The bits above 7 of the largest weight, and one more if it rounds up to 128.
        let mut shift = (i32::BITS - max.leading_zeros()).saturating_sub(7);
        if rounded_shift(max, shift) > MAX_I8 {
            shift += 1;
        }
        let mut weights = [0i8; NUM_LABELS];
        for (q, &w) in weights.iter_mut().zip(row) {
            // Within ±127 by the choice of shift, as |w| <= max.
            *q = rounded_shift(i32::from(w), shift) as i8;
        }
        Row {
            weights,
            shift: shift as u8,
        }
    }
}

/// `value / 2^shift` rounded to the nearest integer, halves up; symmetric enough that
/// `-max` never rounds below `-(max rounded)`.
fn rounded_shift(value: i32, shift: u32) -> i32 {
    (value + ((1 << shift) >> 1)) >> shift
}

/// The non-zero weight rows of a model, packed for inference: most of the `2^bits` buckets
/// are empty, so a bitmap (with a running row count per 64 buckets) finds a bucket's row and
/// the rows, in 8 bits each, sit back to back in a table a fraction of the size of
/// [`crate::model::Model::weights`].
#[derive(Debug, Clone, PartialEq)]
pub struct PackedWeights {
    /// Per 64 buckets: which have a non-zero row, and how many rows come before them.
    blocks: Vec<Block>,
    /// The non-zero rows, in bucket order.
    rows: Vec<Row>,
    /// Whether this CPU has the `popcnt` and `avx2` instructions (detected once, when the
    /// weights are packed): the row look-ups ([`RowFinder`]) and [`PackedWeights::sum`] then run
    /// builds of themselves that use them.
    fast_cpu: bool,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Block {
    present: u64,
    before: u32,
}

impl PackedWeights {
    /// Packs the weight rows of a model of `2^bits` buckets: `count` rows of (bucket, weights)
    /// in increasing bucket order.
    pub fn from_rows(
        bits: u32,
        count: usize,
        rows: impl Iterator<Item = (u32, [i16; NUM_LABELS])>,
    ) -> PackedWeights {
        let empty = Block {
            present: 0,
            before: 0,
        };
        let mut blocks = vec![empty; (1usize << bits).div_ceil(64)];
        let mut packed = Vec::with_capacity(count);
        for (bucket, row) in rows {
            if let Some(block) = blocks.get_mut(bucket as usize / 64) {
                block.present |= 1 << (bucket % 64);
                packed.push(Row::quantize(&row));
            }
        }
        let mut before = 0;
        for block in &mut blocks {
            block.before = before;
            before += block.present.count_ones();
        }
        PackedWeights {
            blocks,
            rows: packed,
            fast_cpu: fast_cpu(),
        }
    }

    /// A finder of weight rows appending to `rows` (see [`RowFinder`]).
    #[inline(always)]
    pub fn finder<'a>(&'a self, rows: &'a mut Vec<u32>) -> RowFinder<'a> {
        RowFinder {
            weights: self,
            rows,
        }
    }

    /// Whether this CPU has the `popcnt` and `avx2` instructions: the callers of
    /// [`RowFinder::push`] may then run a build of themselves with `popcnt` enabled.
    pub fn fast_cpu(&self) -> bool {
        self.fast_cpu
    }

    /// Emission scores (the model file's quantized units) of one token: the sums of its
    /// weight rows (from a [`RowFinder`]).
    pub fn sum(&self, rows: &[u32]) -> [i32; NUM_LABELS] {
        #[cfg(target_arch = "x86_64")]
        if self.fast_cpu {
            // SAFETY: `fast_cpu` is true only when the CPU has the features `sum_fast` enables.
            return unsafe { self.sum_fast(rows) };
        }
        self.sum_portable(rows)
    }

    /// [`PackedWeights::sum`] with AVX2: eight of a row's nine weights widened, shifted and
    /// added in three instructions.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn sum_fast(&self, rows: &[u32]) -> [i32; NUM_LABELS] {
        self.sum_portable(rows)
    }

    /// [`PackedWeights::sum`] for any CPU.
    #[inline(always)]
    fn sum_portable(&self, rows: &[u32]) -> [i32; NUM_LABELS] {
        let mut scores = [0i32; NUM_LABELS];
        for &r in rows {
            let Some(row) = self.rows.get(r as usize) else {
                continue;
            };
            let shift = u32::from(row.shift);
            for (s, &w) in scores.iter_mut().zip(&row.weights) {
                *s += i32::from(w) << shift;
            }
        }
        scores
    }
}

/// Finds the weight rows of one token's features (buckets of the packed model) as they are
/// pushed to it: appends each one's row, if it has one, and asks the CPU to fetch the row into
/// its cache, so that a sentence's rows are found while its features are hashed and summed
/// once all are, the reads of the table overlapping the hashing instead of waiting for it.
pub struct RowFinder<'a> {
    weights: &'a PackedWeights,
    rows: &'a mut Vec<u32>,
}

impl RowFinder<'_> {
    /// Appends the row of bucket `f`, if it has one, and prefetches it. The row's rank is a
    /// population count: a dozen instructions on baseline x86-64, one in a caller built with
    /// `popcnt` enabled (see [`PackedWeights::fast_cpu`]).
    #[inline(always)]
    pub fn push(&mut self, f: u32) {
        let Some(block) = self.weights.blocks.get(f as usize / 64) else {
            return;
        };
        let bit = 1u64 << (f % 64);
        if block.present & bit == 0 {
            return;
        }
        let row = block.before + (block.present & (bit - 1)).count_ones();
        if let Some(r) = self.weights.rows.get(row as usize) {
            prefetch(r);
            self.rows.push(row);
        }
    }
}

/// Asks the CPU to bring a row (both ends: 10 bytes may straddle two cache lines) into its
/// first-level cache; a hint, without effect on the result.
#[inline(always)]
fn prefetch(row: &Row) {
    #[cfg(target_arch = "x86_64")]
    {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        let start = std::ptr::from_ref(row).cast::<i8>();
        // SAFETY: a prefetch reads nothing the program sees and never faults; both addresses
        // are inside the row.
        unsafe {
            _mm_prefetch::<_MM_HINT_T0>(start);
            _mm_prefetch::<_MM_HINT_T0>(start.add(std::mem::size_of::<Row>() - 1));
        }
    }
}

/// Whether the CPU has the `popcnt` of the row finders' fast builds and the AVX2 of
/// [`PackedWeights::sum_fast`].
fn fast_cpu() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("popcnt") && std::arch::is_x86_feature_detected!("avx2")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;

    /// The packed rows of a model's dense weights.
    fn pack(model: &Model) -> PackedWeights {
        let rows: Vec<(u32, [i16; NUM_LABELS])> = model
            .weights
            .chunks_exact(NUM_LABELS)
            .enumerate()
            .filter(|(_, row)| row.iter().any(|&w| w != 0))
            .map(|(bucket, row)| {
                let mut weights = [0; NUM_LABELS];
                weights.copy_from_slice(row);
                (bucket as u32, weights)
            })
            .collect();
        PackedWeights::from_rows(model.bits, rows.len(), rows.into_iter())
    }

    #[test]
    fn a_model_file_packs_in_place_as_its_dense_weights_do() {
        let model = tiny();
        let bytes = model.to_bytes();
        let (header, packed) = Model::from_bytes_packed("tiny", &bytes).expect("valid model");
        assert_eq!(packed, pack(&model));
        assert!(header.weights.is_empty());
        assert_eq!(header.trans, model.trans);
        assert_eq!(
            packed.rows.len(),
            model
                .weights
                .chunks(NUM_LABELS)
                .filter(|r| r.iter().any(|&w| w != 0))
                .count()
        );
    }

    /// A model whose rows span the 16-bit range: small rows kept exactly, large ones in steps.
    fn tiny() -> Model {
        let bits = 8;
        let weights: Vec<f64> = (0..(1usize << bits) * NUM_LABELS)
            .map(|i| {
                if i % 7 == 0 {
                    ((i % 13) as f64 - 6.0) * (1 + i % 251) as f64
                } else {
                    0.0
                }
            })
            .collect();
        let trans = vec![0f64; (NUM_LABELS + 1) * NUM_LABELS];
        Model::quantize("ar", bits, 42, 1, 3, &trans, &weights)
    }

    /// The 16-bit weights a packed row stands for.
    fn dequantized(row: &Row) -> [i32; NUM_LABELS] {
        row.weights.map(|w| i32::from(w) << row.shift)
    }

    #[test]
    fn rows_round_trip_within_half_a_step() {
        let rows: [[i16; NUM_LABELS]; 7] = [
            [127, -127, 3, 0, 0, 0, 0, 0, 1],
            [128, -5, 0, 0, 0, 0, 0, 0, 0],
            [32767, -32767, 1000, -255, 256, 0, 0, 0, 1],
            [-600, 599, 2, 0, 0, 0, 0, 0, 0],
            [513, 0, 0, 0, 0, 0, 0, 0, -513],
            [255, -255, 254, 0, 0, 0, 0, 0, 0],
            [i16::MIN, i16::MAX, 0, 0, 0, 0, 0, 0, 0],
        ];
        for row in rows {
            let packed = Row::quantize(&row);
            let max = row.iter().map(|&w| i32::from(w).abs()).max().unwrap_or(0);
            let step = 1 << packed.shift;
            // The smallest shift: half of it would not fit the row's largest weight.
            assert!(
                packed.shift == 0 || max > MAX_I8 << (packed.shift - 1),
                "{row:?}"
            );
            for (&w, back) in row.iter().zip(dequantized(&packed)) {
                let error = (i32::from(w) - back).abs();
                assert!(2 * error <= step, "{row:?}: {w} -> {back}");
                assert!(126 * error <= max, "{row:?}: {w} -> {back}");
            }
        }
        // Rows within 8 bits are kept exactly.
        assert_eq!(
            dequantized(&Row::quantize(&rows[0])),
            rows[0].map(i32::from)
        );
        assert_eq!(Row::quantize(&rows[2]).shift, 9);
    }

    /// Emission scores of one token's features, through a [`RowFinder`] and
    /// [`PackedWeights::sum`]; `portable`: their builds for any CPU.
    fn emit(packed: &PackedWeights, features: &[u32], portable: bool) -> [i32; NUM_LABELS] {
        let mut rows = Vec::new();
        let mut finder = packed.finder(&mut rows);
        features.iter().for_each(|&f| finder.push(f));
        if portable {
            return packed.sum_portable(&rows);
        }
        packed.sum(&rows)
    }

    /// Emission scores of one token's features read off the dense 16-bit weights.
    fn dense_emit(model: &Model, features: &[u32]) -> [i32; NUM_LABELS] {
        let mut scores = [0; NUM_LABELS];
        for &f in features {
            let row = &model.weights[f as usize * NUM_LABELS..(f as usize + 1) * NUM_LABELS];
            for (s, &w) in scores.iter_mut().zip(row) {
                *s += i32::from(w);
            }
        }
        scores
    }

    #[test]
    fn packed_weights_emit_the_dense_scores_within_the_rounding() {
        let model = tiny();
        let packed = pack(&model);
        // Rows of every size: the smallest kept rows in steps of 8, the largest of 512.
        assert!(packed.rows.iter().any(|r| r.shift <= 3));
        assert!(packed.rows.iter().any(|r| r.shift == 9));
        let mut argmax_kept = 0;
        for start in 0..(1u32 << model.bits) {
            let features: Vec<u32> = (0..5).map(|k| (start * 7 + k * 31) % 256).collect();
            let dense = dense_emit(&model, &features);
            let emitted = emit(&packed, &features, false);
            // The builds for any CPU too, where the others were taken for this CPU's features.
            assert_eq!(emit(&packed, &features, true), emitted);
            // Each row's error is at most half its step, under 1/126 of its largest weight.
            let bound: i32 = features
                .iter()
                .map(|&f| {
                    let row = &model.weights[f as usize * NUM_LABELS..][..NUM_LABELS];
                    row.iter().map(|&w| i32::from(w).abs()).max().unwrap_or(0) / 126
                })
                .sum();
            for (e, d) in emitted.iter().zip(dense) {
                assert!(
                    (e - d).abs() <= bound,
                    "{features:?}: {emitted:?} vs {dense:?}"
                );
            }
            let argmax = |s: &[i32; NUM_LABELS]| (0..NUM_LABELS).max_by_key(|&k| (s[k], !k));
            let best = argmax(&dense).unwrap_or(0);
            let margin = (0..NUM_LABELS)
                .filter(|&k| k != best)
                .map(|k| dense[best] - dense[k]);
            // Wherever the dense scores' best label leads by more than twice the rounding, the
            // 8-bit scores pick it too.
            if margin.min().is_some_and(|m| m > 2 * bound) {
                assert_eq!(
                    argmax(&emitted),
                    Some(best),
                    "{features:?}: {emitted:?} vs {dense:?}"
                );
                argmax_kept += 1;
            }
        }
        assert!(argmax_kept > 200, "{argmax_kept}");
    }
}
