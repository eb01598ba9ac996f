//! Precision, recall and F1: the one computation every scorer of this crate uses.

use serde::Serialize;

/// Precision, recall and F1 of `matched` items among `predicted` and `gold` ones.
///
/// Empty sets: an empty denominator gives 0 (precision 0 when nothing was predicted, recall 0
/// when the gold is empty, as conlleval does), except that nothing predicted against an empty
/// gold is a perfect score, 1 for all three (nothing was missed and nothing was wrong). F1 is 0
/// whenever precision and recall are both 0.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// matched / predicted.
    pub precision: f64,
    /// matched / gold.
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Prf {
    /// Scores `matched` right items among `predicted` ones, against `gold` ones.
    pub fn new(matched: usize, predicted: usize, gold: usize) -> Prf {
        if predicted == 0 && gold == 0 {
            return Prf {
                precision: 1.0,
                recall: 1.0,
                f1: 1.0,
            };
        }
        Prf::from_rates(fraction(matched, predicted), fraction(matched, gold))
    }

    /// Precision and recall already averaged (B-cubed), with their harmonic mean.
    pub fn from_rates(precision: f64, recall: f64) -> Prf {
        let sum = precision + recall;
        let f1 = if sum > 0.0 {
            2.0 * precision * recall / sum
        } else {
            0.0
        };
        Prf {
            precision,
            recall,
            f1,
        }
    }
}

/// `part / whole`, or 0 when `whole` is 0.
pub(crate) fn fraction(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 / whole as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sets_follow_the_documented_convention() {
        let perfect = Prf {
            precision: 1.0,
            recall: 1.0,
            f1: 1.0,
        };
        assert_eq!(Prf::new(0, 0, 0), perfect);
        assert_eq!(Prf::new(0, 0, 3), Prf::default());
        assert_eq!(Prf::new(0, 3, 0), Prf::default());
    }

    #[test]
    fn f1_is_the_harmonic_mean() {
        let p = Prf::new(1, 2, 4);
        assert_eq!((p.precision, p.recall), (0.5, 0.25));
        assert!((p.f1 - 1.0 / 3.0).abs() < 1e-9);
    }
}
