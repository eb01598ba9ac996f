//! Places on the map: linked LOC entities and event locations carry `geo` (GeoNames id, names,
//! coordinates), an ambiguous name takes the place of the article's country, and a country
//! carries its capital's point marked as country-level.

use std::sync::OnceLock;

use khabar_pipeline::Pipeline;
use khabar_schema::{Article, Document, EntityType, GeoKind, GeoPrecision, InputLimits};

fn pipeline() -> &'static Pipeline {
    static PIPELINE: OnceLock<Pipeline> = OnceLock::new();
    PIPELINE.get_or_init(|| Pipeline::new().expect("embedded models load"))
}

fn process_json(bytes: &[u8]) -> Document {
    let article = Article::from_json_bytes(bytes, &InputLimits::default()).expect("article");
    pipeline().process(&article)
}

fn process(text: &str) -> Document {
    let json = serde_json::json!({"id": "t", "language": "ar", "text": text});
    process_json(json.to_string().as_bytes())
}

fn seed() -> Document {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/shoigu-baghdad.ar.json"
    );
    process_json(&std::fs::read(path).expect("seed article"))
}

#[test]
fn the_seeds_baghdad_carries_its_geonames_id_and_point() {
    let document = seed();
    let baghdad: Vec<_> = document
        .entities
        .iter()
        .filter(|e| e.text == "بغداد" && e.entity_type == EntityType::Loc)
        .collect();
    assert!(!baghdad.is_empty(), "{:?}", document.entities);
    for entity in baghdad {
        let geo = entity.geo.as_ref().expect("بغداد has geo");
        assert_eq!(geo.geonames_id, 98182);
        assert_eq!((geo.lat, geo.lon), (33.34058, 44.40088));
        assert_eq!(geo.kind, GeoKind::City);
        assert_eq!(geo.country.as_deref(), Some("IQ"));
        assert_eq!(geo.precision, GeoPrecision::Place);
        assert_eq!(geo.name_en, "Baghdad");
    }
    let location = document
        .events
        .iter()
        .find_map(|e| e.location.as_ref().filter(|l| l.text == "بغداد"))
        .expect("an event located in بغداد");
    assert_eq!(location.geo.as_ref().map(|g| g.geonames_id), Some(98182));
}

#[test]
fn only_linked_loc_mentions_carry_geo() {
    let document = seed();
    for entity in &document.entities {
        if entity.geo.is_some() {
            assert_eq!(entity.entity_type, EntityType::Loc, "{entity:?}");
            assert!(entity.link.is_some(), "{entity:?}");
        }
    }
    // The seed's nationalities (الروسي, العراقية) are linked but are no places.
    assert!(document
        .entities
        .iter()
        .any(|e| e.entity_type == EntityType::Norp && e.link.is_some() && e.geo.is_none()));
}

#[test]
fn amman_or_oman_and_tripoli_are_decided_by_the_article_s_country() {
    let geo_of = |text: &str, name: &str| {
        process(text)
            .entities
            .into_iter()
            .find(|e| e.text == name)
            .and_then(|e| e.geo)
            .unwrap_or_else(|| panic!("{name} has geo in {text}"))
    };
    let amman = geo_of(
        "وصل العاهل الأردني إلى عمّان، وقال إن الأردن يدعم الحوار.",
        "عمّان",
    );
    assert_eq!(
        (amman.geonames_id, amman.kind, amman.country.as_deref()),
        (250441, GeoKind::City, Some("JO"))
    );
    let oman = geo_of("زار الوزير مسقط ثم أشاد بدور عمان في المنطقة.", "عمان");
    assert_eq!(
        (oman.geonames_id, oman.kind, oman.country.as_deref()),
        (286963, GeoKind::Country, Some("OM"))
    );
    let lebanon = "قال مسؤول لبناني إن الاشتباكات اندلعت في طرابلس شمال لبنان.";
    let libya = "قال مسؤول ليبي إن الاشتباكات اندلعت في طرابلس بعد التوتر في بنغازي.";
    assert_eq!(geo_of(lebanon, "طرابلس").country.as_deref(), Some("LB"));
    assert_eq!(geo_of(libya, "طرابلس").geonames_id, 2210247);
}

#[test]
fn a_country_gets_its_capitals_point_marked_as_country_level() {
    let document = process("قال مسؤول إن العراق سيستضيف القمة المقبلة.");
    let iraq = document
        .entities
        .iter()
        .find(|e| e.text == "العراق")
        .and_then(|e| e.geo.as_ref())
        .expect("العراق has geo");
    assert_eq!(iraq.geonames_id, 99237);
    assert_eq!(iraq.kind, GeoKind::Country);
    assert_eq!(iraq.precision, GeoPrecision::Country);
    assert_eq!(
        (iraq.lat, iraq.lon),
        (33.34058, 44.40088),
        "Baghdad's point"
    );
    assert_eq!(iraq.name_ar.as_deref(), Some("العراق"));
    assert_eq!(iraq.admin1, None);
}

#[test]
fn a_capital_geonames_names_only_in_english_takes_its_arabic_name_from_the_lexicon() {
    // GeoNames gives Washington, D.C. no Arabic name, but gives «واشنطن» to towns in Utah and
    // Illinois; the capital's Arabic name comes from the event lexicon (countries.tsv).
    let document = process("وصل الوزير إلى واشنطن أمس.");
    let washington = document
        .entities
        .iter()
        .find(|e| e.text == "واشنطن")
        .expect("واشنطن is an entity");
    assert_eq!(washington.entity_type, EntityType::Loc);
    assert_eq!(washington.link.as_deref(), Some("geonames:4140963"));
    let geo = washington.geo.as_ref().expect("واشنطن has geo");
    assert_eq!(geo.geonames_id, 4140963);
    assert_eq!(geo.name_ar.as_deref(), Some("واشنطن"));
    assert_eq!(geo.admin1.as_ref().map(|a| a.code.as_str()), Some("US.DC"));
}

#[test]
fn a_first_order_division_is_a_place_of_its_own_with_its_largest_city_s_point() {
    let json = serde_json::json!({"id": "t", "language": "en",
        "text": "Floods hit Queensland on Monday, officials in New South Wales said."});
    let document = process_json(json.to_string().as_bytes());
    let place = |name: &str| {
        let entity = document
            .entities
            .iter()
            .find(|e| e.text == name)
            .unwrap_or_else(|| panic!("{name} not in {:?}", document.entities));
        assert_eq!(entity.entity_type, EntityType::Loc);
        let geo = entity
            .geo
            .clone()
            .unwrap_or_else(|| panic!("{name} has no geo"));
        let link = format!("admin1:{}", geo.geonames_id);
        assert_eq!(entity.link.as_deref(), Some(link.as_str()));
        geo
    };
    let queensland = place("Queensland");
    assert_eq!(queensland.geonames_id, 2152274);
    assert_eq!(queensland.kind, GeoKind::Admin1);
    assert_eq!(queensland.precision, GeoPrecision::Admin1);
    assert_eq!(queensland.country.as_deref(), Some("AU"));
    assert_eq!(
        queensland.admin1.as_ref().map(|a| a.code.as_str()),
        Some("AU.04")
    );
    // Brisbane, its most populous city.
    assert_eq!(
        (queensland.lat.round(), queensland.lon.round()),
        (-27.0, 153.0)
    );
    assert_eq!(place("New South Wales").geonames_id, 2155400);
}

#[test]
fn a_place_after_a_division_head_is_the_division_and_alone_the_city() {
    let document = process("عاد الوزير إلى محافظة عدن، ثم زار مدينة عدن أمس.");
    let links: Vec<_> = document
        .entities
        .iter()
        .filter(|e| e.text == "عدن")
        .map(|e| e.geo.as_ref().map(|g| (g.geonames_id, g.kind)))
        .collect();
    assert_eq!(
        links,
        vec![
            Some((80412, GeoKind::Admin1)),
            Some((415189, GeoKind::City))
        ]
    );
}
