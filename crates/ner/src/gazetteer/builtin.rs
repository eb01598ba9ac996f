//! Role words the code knows beside `data/gazetteer/roles.tsv`: titles and organisation head
//! words the file lacks, and the head words that open an Arabic organisation name. Each word
//! is listed once, here or in the file (a test keeps the two apart).
//!
//! Gazetteer titles and head words are tagger features: the shipped models were trained with
//! exactly these and the file's, so a word joins or leaves them only with retrained models.

use std::sync::LazyLock;

use khabar_schema::EntityType;
use HeadUse::{Feature, FeatureAndNameRule, NameRule};

use crate::hash::FastMap;

/// Titles the gazetteer adds to the `title` rows of `roles.tsv`.
pub(super) const BUILTIN_TITLES: &[&str] = &[
    "الامين",
    "د",
    "المرشح",
    "النجم",
    "اللاعب",
    "المدرب",
    "الفنان",
    "الكاتب",
    "الشاعر",
    "المرشد",
    "مساعد",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prime",
    "gen",
    "sen",
    "rep",
    "prof",
    "leader",
    "coach",
    "actor",
    "singer",
];

/// What the code does with a built-in organisation head word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadUse {
    /// The gazetteer adds it as a head word (a tagger feature), as `roles.tsv` lacks it.
    Feature,
    /// It opens an Arabic organisation name, HEAD + definite noun («مجلس النواب»), for the rule
    /// in `crate::arabic`; most such words are head-word features through `roles.tsv`.
    NameRule,
    /// Both.
    FeatureAndNameRule,
}

/// Organisation head words, normalized (the name rule compares them with normalized tokens
/// as they are), each with what the code does with it. Words that only open names («مكتب»,
/// «بعثه», «حرس») are no gazetteer features: the models were trained without them.
pub(crate) const ORG_HEADS: &[(&str, HeadUse)] = &[
    ("مجلس", NameRule),
    ("مكتب", NameRule),
    ("مركز", FeatureAndNameRule),
    ("مفوضيه", NameRule),
    ("بعثه", NameRule),
    ("حرس", NameRule),
    ("شركه", NameRule),
    ("جمعيه", NameRule),
    ("نقابه", NameRule),
    ("وزاره", NameRule),
    ("منظمه", NameRule),
    ("حزب", NameRule),
    ("جامعه", NameRule),
    ("وكاله", NameRule),
    ("لجنه", NameRule),
    ("جبهه", NameRule),
    ("اتحاد", FeatureAndNameRule),
    ("بنك", NameRule),
    ("مصرف", NameRule),
    ("صندوق", FeatureAndNameRule),
    ("محكمه", NameRule),
    ("نادي", Feature),
    ("committee", Feature),
    ("club", Feature),
    ("inc", Feature),
    ("ltd", Feature),
];

/// Words that describe the organisation or place whose name follows them and stay outside its
/// span, normalized, with the type of that name. The annotation guidelines tag «تنظيم «داعش»»,
/// «حركة حماس», «صحيفة الوئام», «مليشيات الحوثي» on the organisation's name alone (both gold
/// sets of real and Khabar news do so for every such head), and leave administrative and
/// generic geographic heads outside places: «محافظة [عدن]», «ولاية [الوحدة]», «نهر [النيل]».
/// Heads that are part of a name («وزارة الخارجية», «جبهة النصرة») are in [`ORG_HEADS`];
/// named facilities keep their head («مطار صنعاء الدولي»). Without mountains, valleys and
/// lakes (heads inside more often in the training data) real Arabic press fell 0.4 and AQMAR
/// 0.5 F1 while NewsFANE rose 0.2, so they stay.
const DESCRIPTOR_HEADS: &[(&str, EntityType)] = &[
    ("تنظيم", EntityType::Org),
    ("حركه", EntityType::Org),
    ("جماعه", EntityType::Org),
    ("صحيفه", EntityType::Org),
    ("جريده", EntityType::Org),
    ("مجله", EntityType::Org),
    ("قناه", EntityType::Org),
    ("شبكه", EntityType::Org),
    ("ميليشيا", EntityType::Org),
    ("ميليشيات", EntityType::Org),
    ("مليشيا", EntityType::Org),
    ("مليشيات", EntityType::Org),
    ("مدينه", EntityType::Loc),
    ("بلده", EntityType::Loc),
    ("قريه", EntityType::Loc),
    ("محافظه", EntityType::Loc),
    ("ولايه", EntityType::Loc),
    ("اقليم", EntityType::Loc),
    ("مقاطعه", EntityType::Loc),
    ("منطقه", EntityType::Loc),
    ("ريف", EntityType::Loc),
    ("ضاحيه", EntityType::Loc),
    ("مخيم", EntityType::Loc),
    ("شارع", EntityType::Loc),
    ("جزيره", EntityType::Loc),
    ("نهر", EntityType::Loc),
    ("بحيره", EntityType::Loc),
    ("وادي", EntityType::Loc),
    ("جبل", EntityType::Loc),
];

/// The descriptor heads of [`DESCRIPTOR_HEADS`] written before the name of an administrative
/// division: «محافظة عدن», «منطقة القصيم», «ولاية الخرطوم», «إقليم كردستان».
const DIVISION_HEADS: &[&str] = &["محافظه", "منطقه", "ولايه", "اقليم", "مقاطعه"];

/// Whether a normalized word is a division head (see [`DIVISION_HEADS`]).
pub(crate) fn is_division_head(word: &str) -> bool {
    DIVISION_HEADS.contains(&word)
}

/// The head words the gazetteer adds to the `org` rows of `roles.tsv`.
pub(super) fn feature_org_heads() -> impl Iterator<Item = &'static str> {
    ORG_HEADS
        .iter()
        .filter(|(_, usage)| *usage != NameRule)
        .map(|&(word, _)| word)
}

/// The head words that open an Arabic organisation name (not `Feature` only), for one hash
/// probe a token.
static NAME_RULE_ORG_HEADS: LazyLock<FastMap<&str, ()>> = LazyLock::new(|| {
    ORG_HEADS
        .iter()
        .filter(|(_, usage)| *usage != Feature)
        .map(|&(word, _)| (word, ()))
        .collect()
});

/// Whether a normalized word without its article opens an Arabic organisation name.
pub(crate) fn opens_arabic_organisation(bare: &str) -> bool {
    NAME_RULE_ORG_HEADS.contains_key(bare)
}

/// [`DESCRIPTOR_HEADS`] by word (the first row of a word, were one listed twice).
static DESCRIPTOR_TYPES: LazyLock<FastMap<&str, EntityType>> = LazyLock::new(|| {
    let mut types = FastMap::default();
    for &(word, entity_type) in DESCRIPTOR_HEADS.iter().rev() {
        types.insert(word, entity_type);
    }
    types
});

/// The type of the names a descriptor head word describes (see [`DESCRIPTOR_HEADS`]).
pub(crate) fn descriptor_type(word: &str) -> Option<EntityType> {
    DESCRIPTOR_TYPES.get(word).copied()
}

#[cfg(test)]
mod tests {
    use super::super::tables::phrase_words;
    use super::*;

    #[test]
    fn org_heads_are_normalized() {
        for &(word, _) in ORG_HEADS {
            assert_eq!(khabar_text::normalize_key(word), word);
        }
    }

    #[test]
    fn division_heads_are_place_descriptor_heads() {
        for &word in DIVISION_HEADS {
            assert_eq!(descriptor_type(word), Some(EntityType::Loc), "{word}");
        }
    }

    /// One source per word: what `roles.tsv` lists is not repeated here.
    #[test]
    fn built_in_words_are_not_in_the_roles_file() {
        let roles = include_str!("../../data/gazetteer/roles.tsv");
        let rows: Vec<(String, &str)> = roles
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .filter_map(|l| {
                let cols: Vec<&str> = l.split('\t').collect();
                Some((phrase_words(cols.first()?).join(" "), *cols.get(3)?))
            })
            .collect();
        let listed = |word: &str, org: bool| {
            let key = phrase_words(word).join(" ");
            rows.iter()
                .any(|(k, kind)| *k == key && (*kind == "org") == org)
        };
        for word in BUILTIN_TITLES {
            assert!(!listed(word, false), "title {word} is in roles.tsv");
        }
        for word in feature_org_heads() {
            assert!(!listed(word, true), "head word {word} is in roles.tsv");
        }
    }
}
