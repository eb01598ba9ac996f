//! English construction classes: event nouns after light verbs, diplomatic protests, curfews
//! and martial law, stated intent to coerce (a threat), base forms after a future auxiliary,
//! killings with their killer named, explosions and firing, asylum sought, and visas denied
//! (no denial).

use khabar_ner::EntityType;

use crate::tests::{coded, run, source_of, target_of, typed};

#[test]
fn a_possessed_event_noun_after_a_light_verb_is_a_happening() {
    let text =
        "Kenya mounted its offensive against Somalia on Monday. Kenya completed its pullout \
                from Somalia on Tuesday. Uganda criticized its pullout on Wednesday. Kenya carried \
                out the offensive.";
    let (events, _) = run(
        text,
        &[
            ("Kenya", EntityType::Loc),
            ("Somalia", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Kenya", EntityType::Loc),
            ("Somalia", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Uganda", EntityType::Loc),
            ("Wednesday", EntityType::Date),
            ("Kenya", EntityType::Loc),
        ],
        "2011-10-20",
    );
    // "its pullout" without a light verb and "carried out the offensive" refer back.
    assert_eq!(
        typed(text, &events),
        vec![
            ("offensive", "ASSAULT"),
            ("pullout", "RETREAT"),
            ("criticized", "DISAPPROVE")
        ],
        "{events:#?}"
    );
}

#[test]
fn a_protest_lodged_with_a_country_is_diplomatic_disapproval() {
    let text = "Jordan lodged a formal protest with Syria on Monday. Students held a protest in \
                Amman on Tuesday.";
    let (events, mentions) = run(
        text,
        &[
            ("Jordan", EntityType::Loc),
            ("Syria", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Amman", EntityType::Loc),
            ("Tuesday", EntityType::Date),
        ],
        "2014-01-28",
    );
    assert_eq!(
        coded(text, &events),
        vec![
            ("protest", "DISAPPROVE", "114"),
            ("protest", "PROTEST", "141")
        ],
        "{events:#?}"
    );
    assert_eq!(target_of(text, &mentions, &events[0]), Some("Syria"));
}

#[test]
fn curfews_and_martial_law_imposed_or_declared_coerce_and_lifted_ones_concede() {
    let text = "Thailand imposed a curfew in Bangkok on Monday. Thailand declared martial law in \
                Bangkok on Tuesday. Thailand lifted the curfew in Bangkok on Friday.";
    let (events, _) = run(
        text,
        &[
            ("Thailand", EntityType::Loc),
            ("Bangkok", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Thailand", EntityType::Loc),
            ("Bangkok", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Thailand", EntityType::Loc),
            ("Bangkok", EntityType::Loc),
            ("Friday", EntityType::Date),
        ],
        "2014-05-23",
    );
    assert_eq!(
        coded(text, &events),
        vec![
            ("curfew", "COERCE", "1723"),
            ("martial law", "COERCE", "1724"),
            ("lifted", "CONCEDE", "081")
        ],
        "{events:#?}"
    );
}

#[test]
fn coercion_a_named_actor_will_do_or_is_ready_to_do_is_a_threat() {
    let text = "Egypt will blockade the port of Suakin. Egypt is ready to impose sanctions on \
                Sudan. Egypt will visit Sudan. Egypt is ready to release the fishermen.";
    let (events, _) = run(
        text,
        &[
            ("Egypt", EntityType::Loc),
            ("Suakin", EntityType::Loc),
            ("Egypt", EntityType::Loc),
            ("Sudan", EntityType::Loc),
            ("Egypt", EntityType::Loc),
            ("Sudan", EntityType::Loc),
            ("Egypt", EntityType::Loc),
        ],
        "2014-01-28",
    );
    // The sanctions Egypt is ready to impose are not imposed: future, left out here.
    assert_eq!(
        coded(text, &events),
        vec![
            ("blockade", "THREATEN", "1381"),
            ("ready to", "THREATEN", "131"),
            ("visit", "AGREE", "036"),
            ("ready to", "AGREE", "030")
        ],
        "{events:#?}"
    );
}

#[test]
fn a_bare_base_form_is_a_verb_after_a_future_auxiliary_only() {
    let text = "Egypt will release the fishermen on Monday. Sudan agreed to release the sailors.";
    let (events, _) = run(
        text,
        &[
            ("Egypt", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Sudan", EntityType::Loc),
        ],
        "2014-01-28",
    );
    // "to release" is an infinitive: what Sudan agreed to, not a verb of its own.
    assert_eq!(
        coded(text, &events),
        vec![("release", "AGREE", "035"), ("agreed", "AGREE", "030")],
        "{events:#?}"
    );
}

#[test]
fn a_killing_with_its_killer_named_is_an_attack_a_casualty_figure_or_toll_is_not() {
    let text = "Kenyan troops killed five militants on Monday. Five soldiers were killed in \
                Somalia on Tuesday. Somalia attacked a convoy on Wednesday, killing three \
                soldiers. Kenya condemned the killing of the soldiers.";
    let (events, mentions) = run(
        text,
        &[
            ("Kenyan", EntityType::Norp),
            ("Monday", EntityType::Date),
            ("Somalia", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Somalia", EntityType::Loc),
            ("Wednesday", EntityType::Date),
            ("Kenya", EntityType::Loc),
        ],
        "2011-10-20",
    );
    // No killer named, the toll of the attack told before it, a gerund noun: no killing.
    assert_eq!(
        coded(text, &events),
        vec![
            ("killed", "ASSAULT", "190"),
            ("attacked", "ASSAULT", "190"),
            ("condemned", "DISAPPROVE", "111")
        ],
        "{events:#?}"
    );
    assert_eq!(source_of(text, &mentions, &events[0]), Some("Kenyan"));
}

#[test]
fn asylum_or_refuge_sought_is_a_request() {
    let text = "Syrians sought refuge in Jordan on Monday. Thousands are seeking shelter.";
    let (events, mentions) = run(
        text,
        &[
            ("Syrians", EntityType::Norp),
            ("Jordan", EntityType::Loc),
            ("Monday", EntityType::Date),
        ],
        "2013-08-20",
    );
    assert_eq!(
        coded(text, &events),
        vec![("sought refuge", "REQUEST", "020")],
        "{events:#?}"
    );
    assert_eq!(target_of(text, &mentions, &events[0]), Some("Jordan"));
}

#[test]
fn a_verb_form_after_a_determiner_is_a_noun_or_an_adjective() {
    let text = "Kenya jailed members of the banned movement on Monday. Somalia rejected their \
                demands on Tuesday. Kenya passed the law that banned protests.";
    let (events, _) = run(
        text,
        &[
            ("Kenya", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Somalia", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Kenya", EntityType::Loc),
        ],
        "2011-10-20",
    );
    // "that" opens a clause: "banned" after it is a verb again.
    assert_eq!(
        typed(text, &events),
        vec![
            ("jailed", "COERCE"),
            ("rejected", "REJECT"),
            ("banned", "COERCE")
        ],
        "{events:#?}"
    );
}

#[test]
fn withdrawing_envoys_or_inspectors_sanctions_withdrawing_troops_retreats() {
    let text = "Kenya withdrew its ambassador from Somalia on Monday. Kenya withdrew its troops \
                from Somalia on Tuesday. Egypt will withdraw its observers from Sudan.";
    let (events, _) = run(
        text,
        &[
            ("Kenya", EntityType::Loc),
            ("Somalia", EntityType::Loc),
            ("Monday", EntityType::Date),
            ("Kenya", EntityType::Loc),
            ("Somalia", EntityType::Loc),
            ("Tuesday", EntityType::Date),
            ("Egypt", EntityType::Loc),
            ("Sudan", EntityType::Loc),
        ],
        "2011-10-20",
    );
    // Observers Egypt will withdraw: a threat to reduce relations.
    assert_eq!(
        coded(text, &events),
        vec![
            ("withdrew", "SANCTION", "161"),
            ("withdrew", "RETREAT", "0874"),
            ("withdraw", "THREATEN", "131")
        ],
        "{events:#?}"
    );
}

#[test]
fn explosions_rockets_fired_fire_opened_and_an_attack_that_killed_are_attacks_told_once() {
    let text = "A car bomb exploded in a market on Monday. Militants fired rockets at the town \
                on Monday. Police opened fire on protesters on Monday. The situation exploded on \
                Monday. The company fired its chief executive on Monday. Two people were killed \
                in an attack. Officials discussed how to prevent an attack.";
    let (events, _) = run(text, &[("Monday", EntityType::Date)], "2013-08-20");
    assert_eq!(
        coded(text, &events),
        vec![
            ("car bomb", "ASSAULT", "1832"),
            ("fired", "ASSAULT", "194"),
            ("opened fire", "ASSAULT", "193"),
            ("attack", "ASSAULT", "190"),
        ],
        "{events:#?}"
    );
}

#[test]
fn visas_denied_are_no_denial() {
    let text = "The team was denied visas. The Church denied the allegations on Thursday.";
    let (events, _) = run(
        text,
        &[("Church", EntityType::Org), ("Thursday", EntityType::Date)],
        "2013-08-20",
    );
    assert_eq!(
        coded(text, &events),
        vec![("denied", "OTHER", "016")],
        "{events:#?}"
    );
}
