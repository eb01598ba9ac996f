//! `khabar render` checked as a person would: the page is opened in headless Chromium (Debian's
//! `chromium`, installed by scripts/install-deps.sh) and the DOM the browser built is searched
//! for every entity and event of the records; hostile articles must render as text.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{fixture_path, repo_path};

/// A scratch folder of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("khabar-render-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// Runs `khabar ARGS`, asserting it succeeds; its stdout.
fn khabar(args: &[&std::ffi::OsStr]) -> Vec<u8> {
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(args)
        .output()
        .expect("khabar runs");
    assert!(
        output.status.success(),
        "khabar {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// `khabar process INPUT` into `dir/NAME`; the records, parsed.
fn process(input: &Path, dir: &Path, name: &str) -> (PathBuf, Vec<Value>) {
    let records = dir.join(name);
    let stdout = khabar(&[
        "process".as_ref(),
        input.as_os_str(),
        "--output".as_ref(),
        records.as_os_str(),
    ]);
    assert!(stdout.is_empty());
    let text = std::fs::read_to_string(&records).expect("records written");
    let parsed = text
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON record"))
        .collect();
    (records, parsed)
}

/// Runs headless Chromium on the page `html` with `args`; fails (never skips) without it.
fn chromium(html: &Path, args: &[&str]) -> Vec<u8> {
    let profile = html.with_extension("chromium-profile");
    let output = Command::new("timeout")
        .arg("120")
        .arg("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(format!("file://{}", html.display()))
        .output()
        .expect("run `timeout chromium`");
    assert!(
        output.status.success(),
        "headless chromium failed (install it with scripts/install-deps.sh): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The DOM Chromium built from the page at `html`, serialized.
fn dom(html: &Path) -> String {
    String::from_utf8(chromium(html, &["--dump-dom"])).expect("the DOM is UTF-8")
}

/// The opening tag holding `attribute` (e.g. `data-entity="d0-e3"`) and the text inside its
/// element (tags dropped, character references decoded), from a serialized DOM.
fn element(dom: &str, tag: &str, attribute: &str) -> Option<(String, String)> {
    let at = dom.find(attribute)?;
    let start = dom[..at].rfind(&format!("<{tag}"))?;
    let open_end = at + dom[at..].find('>')? + 1;
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let (mut depth, mut i, mut inner) = (1, open_end, String::new());
    while depth > 0 {
        let next = dom[i..].find('<')? + i;
        inner.push_str(&dom[i..next]);
        if dom[next..].starts_with(&close) {
            depth -= 1;
        } else if dom[next..].starts_with(&open) {
            depth += 1;
        }
        i = next + dom[next..].find('>')? + 1;
    }
    let text = inner
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&");
    Some((dom[start..open_end].to_string(), text))
}

/// `value` as Chromium serializes it in an attribute.
fn attribute_value(value: &str) -> String {
    value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Asserts that every entity and event of `records` is in `dom`, in place and typed.
fn assert_records_in_dom(dom: &str, records: &[Value]) {
    for (d, record) in records.iter().enumerate() {
        let dir = if record["language"] == "ar" {
            "rtl"
        } else {
            "ltr"
        };
        let section = format!(
            r#"id="doc-{d}" data-doc="{}""#,
            attribute_value(record["id"].as_str().unwrap())
        );
        let (open, _) = element(dom, "section", &section).expect("a section per record");
        assert!(open.contains(&format!(r#"dir="{dir}""#)), "{open}");
        let entities = record["entities"].as_array().unwrap();
        assert!(!entities.is_empty(), "record {d} has entities");
        for (i, entity) in entities.iter().enumerate() {
            let key = format!(r#"data-entity="d{d}-e{i}""#);
            let (open, text) =
                element(dom, "mark", &key).unwrap_or_else(|| panic!("{key} missing"));
            assert_eq!(text, entity["text"].as_str().unwrap(), "{key}");
            for field in ["type", "start", "end"] {
                let value = entity[field].to_string();
                let expected = format!(r#"data-{field}="{}""#, value.trim_matches('"'));
                assert!(open.contains(&expected), "{key}: {open} lacks {expected}");
            }
        }
        for (i, event) in record["events"].as_array().unwrap().iter().enumerate() {
            let key = format!(r#"data-event="d{d}-v{i}""#);
            let (open, card) = element(dom, "div", &key).unwrap_or_else(|| panic!("{key} missing"));
            assert!(open.contains(&format!(
                r#"data-type="{}""#,
                event["type"].as_str().unwrap()
            )));
            assert!(open.contains(event["event_id"].as_str().unwrap()));
            let cameo = event["cameo"].as_str().unwrap();
            assert!(card.contains(cameo), "{key}: CAMEO {cameo} in {card}");
            for actor in ["source", "target"] {
                if let Some(code) = event[actor]["code"].as_str() {
                    assert!(card.contains(code), "{key}: {actor} code {code}");
                }
            }
            let trigger = format!(r#"data-trigger="d{d}-v{i}""#);
            let (_, text) = element(dom, "mark", &trigger).unwrap_or_else(|| panic!("{trigger}"));
            assert_eq!(
                text,
                event["trigger"]["text"].as_str().unwrap(),
                "{trigger}"
            );
        }
    }
}

#[test]
fn the_seed_and_the_samples_show_every_entity_and_event_in_chromium() {
    let dir = scratch("all");
    let (seed, mut records) = process(&fixture_path("shoigu-baghdad.ar.json"), &dir, "seed.jsonl");
    let (samples, sample_records) =
        process(&repo_path("samples/articles.jsonl"), &dir, "samples.jsonl");
    records.extend(sample_records);
    let html = dir.join("page.html");
    khabar(&[
        "render".as_ref(),
        seed.as_os_str(),
        samples.as_os_str(),
        "--articles".as_ref(),
        repo_path("samples/articles.jsonl").as_os_str(),
        "--articles".as_ref(),
        fixture_path("shoigu-baghdad.ar.json").as_os_str(),
        "--output".as_ref(),
        html.as_os_str(),
    ]);
    let dom = dom(&html);
    assert_records_in_dom(&dom, &records);
    assert!(
        !dom.contains(r#"class="gap""#),
        "the articles give every character"
    );
    let events = records
        .iter()
        .map(|r| r["events"].as_array().unwrap().len())
        .sum::<usize>();
    let (_, summary) = element(&dom, "table", r#"data-counts="events""#).expect("summary");
    let total: usize = records
        .iter()
        .flat_map(|r| r["events"].as_array().unwrap())
        .filter(|e| e["type"] == "CONSULT")
        .count();
    assert!(
        events > 0 && summary.contains(&format!("CONSULT{total}")),
        "{summary}"
    );
}

#[test]
fn the_seed_with_its_gold_shows_the_gold_events_and_entities_beside_the_records() {
    let dir = scratch("gold");
    let (seed, records) = process(&fixture_path("shoigu-baghdad.ar.json"), &dir, "seed.jsonl");
    let gold_path = fixture_path("shoigu-baghdad.ar.gold.json");
    let html = dir.join("gold.html");
    let args = [
        "render".as_ref(),
        seed.as_os_str(),
        "--gold".as_ref(),
        gold_path.as_os_str(),
    ];
    std::fs::write(&html, khabar(&args)).expect("page written");
    let dom = dom(&html);
    // The records alone (their text comes from the gold).
    assert_records_in_dom(&dom, &records);
    let gold: Value = serde_json::from_slice(&std::fs::read(&gold_path).unwrap()).unwrap();
    for (i, event) in gold["events"].as_array().unwrap().iter().enumerate() {
        let key = format!(r#"data-event="d0-gv{i}""#);
        let (open, card) = element(&dom, "div", &key).unwrap_or_else(|| panic!("{key} missing"));
        assert!(open.contains(&format!(
            r#"data-type="{}""#,
            event["type"].as_str().unwrap()
        )));
        assert!(
            card.contains(event["trigger"]["text"].as_str().unwrap()),
            "{card}"
        );
    }
    for (i, entity) in gold["entities"].as_array().unwrap().iter().enumerate() {
        let key = format!(r#"data-gold-entity="d0-g{i}""#);
        let (_, text) = element(&dom, "mark", &key).unwrap_or_else(|| panic!("{key} missing"));
        assert_eq!(text, entity["text"].as_str().unwrap(), "{key}");
    }
    assert!(
        dom.contains(r#"<div class="card miss""#) || dom.contains(r#"<div class="card match""#)
    );
}

#[test]
fn hostile_titles_and_texts_render_as_text_in_chromium() {
    let dir = scratch("hostile");
    let title = r#"<script>document.title="pwned"</script><img src=x onerror=alert(1)>"#;
    let text = "President Macron met <b>Olaf Scholz</b> in Paris. <script>alert(1)</script> \
                \u{202e}Reuters said the talks would go on.";
    let articles = dir.join("articles.jsonl");
    let line = serde_json::json!({"id": "x\"><script>", "title": title, "language": "en",
        "source": "</section><script>", "text": text});
    std::fs::write(&articles, format!("{line}\n")).unwrap();
    let (records, parsed) = process(&articles, &dir, "records.jsonl");
    let html = dir.join("hostile.html");
    let args = [
        "render".as_ref(),
        records.as_os_str(),
        "--articles".as_ref(),
        articles.as_os_str(),
        "-o".as_ref(),
        html.as_os_str(),
    ];
    khabar(&args);
    let dom = dom(&html);
    assert!(
        !dom.to_lowercase().contains("<script"),
        "a script element was created"
    );
    assert!(
        !dom.to_lowercase().contains("<img"),
        "an img element was created"
    );
    assert!(!dom.contains("<b>"), "article markup became markup");
    assert!(dom.contains("&lt;script&gt;document.title=\"pwned\"&lt;/script&gt;"));
    assert!(dom.contains("<title>Khabar: 1 article(s)</title>"));
    assert_records_in_dom(&dom, &parsed);
}

#[test]
fn a_screenshot_of_the_seed_page_is_a_png() {
    let dir = scratch("shot");
    let (seed, _) = process(&fixture_path("shoigu-baghdad.ar.json"), &dir, "seed.jsonl");
    let html = dir.join("seed.html");
    let gold = fixture_path("shoigu-baghdad.ar.gold.json");
    let args = [
        "render".as_ref(),
        seed.as_os_str(),
        "--gold".as_ref(),
        gold.as_os_str(),
    ];
    std::fs::write(&html, khabar(&args)).unwrap();
    let png = dir.join("seed.png");
    chromium(
        &html,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1400,1300",
        ],
    );
    let bytes = std::fs::read(&png).expect("a screenshot");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.len() > 50_000,
        "{} bytes",
        bytes.len()
    );
}
