//! Decoding a sentence: the best BIO label path under the model's emission and transition
//! scores (Viterbi), and the confidence of each label on it.

use crate::model::NUM_LABELS;

/// Whether label `cur` may follow label `prev` (`None` = sentence start) under BIO.
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    // I-X (even, non-zero) continues only B-X (cur - 1) or I-X (cur).
    matches!(prev, Some(p) if p == cur || p + 1 == cur)
}

/// The labels that may precede `cur` under BIO (see [`allowed`]), as a range.
fn predecessors(cur: usize) -> std::ops::Range<usize> {
    if cur == 0 || cur % 2 == 1 {
        0..NUM_LABELS
    } else {
        cur - 1..cur + 1
    }
}

/// Viterbi decoding with BIO constraints; `trans` is `(NUM_LABELS + 1) * NUM_LABELS`.
///
/// Ties go to the lowest label index, both between predecessors and at the end.
pub fn viterbi<T>(emissions: &[[T; NUM_LABELS]], trans: &[T]) -> Vec<usize>
where
    T: Copy + PartialOrd + std::ops::Add<Output = T>,
{
    let n = emissions.len();
    if n == 0 {
        return Vec::new();
    }
    // Only the previous column of scores is needed; back pointers fit a byte.
    let mut score: [Option<T>; NUM_LABELS] = [None; NUM_LABELS];
    let mut back = vec![[0u8; NUM_LABELS]; n];
    for cur in 0..NUM_LABELS {
        if allowed(None, cur) {
            score[cur] = Some(emissions[0][cur] + trans[NUM_LABELS * NUM_LABELS + cur]);
        }
    }
    for t in 1..n {
        // Previous labels in the outer loop: the nine running maxima are independent, and
        // each still sees its predecessors in increasing order (ties keep the first).
        let mut best: [Option<(T, usize)>; NUM_LABELS] = [None; NUM_LABELS];
        for (prev, p) in score.iter().enumerate() {
            let Some(p) = *p else {
                continue;
            };
            let row = &trans[prev * NUM_LABELS..(prev + 1) * NUM_LABELS];
            for (cur, (slot, &w)) in best.iter_mut().zip(row).enumerate() {
                if !predecessors(cur).contains(&prev) {
                    continue;
                }
                let s = p + w;
                if slot.is_none_or(|(b, _)| s > b) {
                    *slot = Some((s, prev));
                }
            }
        }
        for (cur, slot) in best.iter().enumerate() {
            score[cur] = slot.map(|(s, prev)| {
                back[t][cur] = prev as u8;
                s + emissions[t][cur]
            });
        }
    }
    let mut last = 0;
    let mut best: Option<T> = None;
    for (label, s) in score.iter().enumerate() {
        if let Some(s) = *s {
            if best.is_none_or(|b| s > b) {
                best = Some(s);
                last = label;
            }
        }
    }
    let mut path = vec![0; n];
    path[n - 1] = last;
    for t in (1..n).rev() {
        path[t - 1] = usize::from(back[t][path[t]]);
    }
    path
}

/// The confidence of each label of a decoded `path`: a softmax, in weight units (`scale`), over
/// the labels the token could take between its path neighbours, of each one's emission plus
/// its transitions from the previous label and to the next. Unlike the emission alone, it
/// counts what the transitions decided (a place name after a preposition). Outside labels
/// (`O`) get 1: only entity spans read their confidence.
pub fn path_confidences(
    emissions: &[[i32; NUM_LABELS]],
    trans: &[i32],
    path: &[usize],
    scale: f32,
) -> Vec<f32> {
    let start = NUM_LABELS * NUM_LABELS;
    path.iter()
        .enumerate()
        .map(|(t, &label)| {
            if label == 0 {
                return 1.0;
            }
            let prev = t.checked_sub(1).map(|p| path[p]);
            let next = path.get(t + 1).copied();
            let score = |j: usize| {
                let from = prev.map_or(start, |p| p * NUM_LABELS);
                let to = next.map_or(0, |n| trans[j * NUM_LABELS + n]);
                trans[from + j] + emissions[t][j] + to
            };
            let chosen = score(label);
            let z: f32 = (0..NUM_LABELS)
                .filter(|&j| allowed(prev, j) && next.is_none_or(|n| allowed(Some(j), n)))
                .map(|j| ((score(j) - chosen) as f32 * scale).exp())
                .sum();
            1.0 / z.max(1.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_far_ahead_is_sure_and_a_close_call_is_not() {
        let trans = vec![0; (NUM_LABELS + 1) * NUM_LABELS];
        let token = |scores: &[(usize, i32)]| {
            let mut row = [0; NUM_LABELS];
            for &(label, score) in scores {
                row[label] = score;
            }
            row
        };
        // B-PER far ahead, then I-PER one point ahead of O and B-PER.
        let emissions = [token(&[(1, 100)]), token(&[(2, 1)])];
        let path = viterbi(&emissions, &trans);
        assert_eq!(path, [1, 2]);
        let confidence = path_confidences(&emissions, &trans, &path, 1.0);
        assert!(confidence[0] > 0.99, "{confidence:?}");
        assert!(confidence[1] > 0.1 && confidence[1] < 0.5, "{confidence:?}");
    }

    #[test]
    fn viterbi_respects_bio() {
        // Emissions prefer I-PER everywhere; BIO forces a B-PER first.
        let mut e = [[0i32; NUM_LABELS]; 3];
        for row in &mut e {
            row[2] = 10;
            row[1] = 5;
        }
        let trans = vec![0i32; (NUM_LABELS + 1) * NUM_LABELS];
        let path = viterbi(&e, &trans);
        assert_eq!(path, vec![1, 2, 2]);
        for w in path.windows(2) {
            assert!(allowed(Some(w[0]), w[1]));
        }
        for cur in 0..NUM_LABELS {
            for prev in 0..NUM_LABELS {
                assert_eq!(
                    predecessors(cur).contains(&prev),
                    allowed(Some(prev), cur),
                    "{prev} -> {cur}"
                );
            }
        }
        // I-LOC may not follow B-PER.
        assert!(!allowed(Some(1), 6));
        assert!(!allowed(None, 2));
    }
}
