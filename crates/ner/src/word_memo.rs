//! A per-thread memo of the summed weights of a word's own feature templates and of those it
//! gives its neighbours ([`WORD_TEMPLATES`](crate::features::WORD_TEMPLATES),
//! [`NEIGHBOUR_TEMPLATES`](crate::features::NEIGHBOUR_TEMPLATES)): they depend on the word
//! alone, and news text repeats its words (about three tokens in four of an Arabic news stream
//! were seen before), so a tagger computes them once per distinct word rather than once per
//! token.

use std::cell::RefCell;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::features::{SentenceView, NEIGHBOUR_OFFSETS};
use crate::hash::FastMap;
use crate::model::NUM_LABELS;

/// A word's remembered scores: of its own templates, then of those it gives the token at each
/// of [`NEIGHBOUR_OFFSETS`] from it (in that order).
pub(crate) type WordScores = [[i32; NUM_LABELS]; 1 + NEIGHBOUR_OFFSETS.len()];

/// Words remembered per tagger and thread; past it the memo starts over (a few MB).
const MAX_WORDS: usize = 1 << 15;

/// Taggers remembered per thread; past it the oldest memo is dropped.
const MAX_TAGGERS: usize = 8;

/// The next tagger's id.
static NEXT_TAGGER: AtomicU64 = AtomicU64::new(0);

/// A new tagger id, never given before in this process.
pub(crate) fn new_tagger_id() -> u64 {
    NEXT_TAGGER.fetch_add(1, Ordering::Relaxed)
}

/// One tagger's memo: word keys ([`SentenceView::word_key`]) → scores.
struct Memo {
    tagger: u64,
    scores: FastMap<Box<[u8]>, WordScores>,
    /// The key being looked up, a buffer reused across lookups.
    key: Vec<u8>,
}

thread_local! {
    static MEMOS: RefCell<Vec<Memo>> = const { RefCell::new(Vec::new()) };
}

/// The scores of the word and neighbour templates of token `i` of `view` under tagger `tagger`: remembered,
/// or made by `compute` and remembered.
pub(crate) fn word_scores(
    tagger: u64,
    view: &SentenceView,
    i: usize,
    compute: impl FnOnce() -> WordScores,
) -> WordScores {
    MEMOS.with(|memos| {
        let mut memos = memos.borrow_mut();
        let at = match memos.iter().position(|m| m.tagger == tagger) {
            Some(at) => at,
            None => {
                if memos.len() == MAX_TAGGERS {
                    memos.remove(0);
                }
                memos.push(Memo {
                    tagger,
                    scores: FastMap::default(),
                    key: Vec::new(),
                });
                memos.len() - 1
            }
        };
        let memo = &mut memos[at];
        memo.key.clear();
        view.word_key(i, &mut memo.key);
        if let Some(scores) = memo.scores.get(memo.key.as_slice()) {
            return *scores;
        }
        let scores = compute();
        if memo.scores.len() == MAX_WORDS {
            memo.scores.clear();
        }
        memo.scores.insert(memo.key.as_slice().into(), scores);
        scores
    })
}
