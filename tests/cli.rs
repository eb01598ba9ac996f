use std::path::Path;
use std::process::Command;

use crate::support::repo_path;

#[test]
fn committed_schemas_match_the_generated_ones() {
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["schema", "--check"])
        .arg(repo_path("config/schema"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn train_actor_codes_writes_the_committed_image() {
    let dir = std::env::temp_dir().join(format!("khabar-actor-codes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let image = dir.join("actors.img");
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["train", "actor-codes", "--from"])
        .arg(repo_path("crates/events/lexicons/actors.tsv"))
        .arg("--output")
        .arg(&image)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read(&image).unwrap();
    let committed = std::fs::read(repo_path("crates/events/lexicons/actors.img")).unwrap();
    assert!(
        written == committed,
        "the written image differs from the committed one"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn process_writes_documents_and_dead_letters_and_goes_on() {
    let dir = std::env::temp_dir().join(format!("khabar-process-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.jsonl");
    let mut lines = std::fs::read(repo_path("samples/articles.jsonl")).unwrap();
    lines.extend_from_slice(b"{broken\n{\"id\":\"e\",\"text\":\"\"}\n");
    std::fs::write(&input, &lines).unwrap();
    let dead = dir.join("dead.jsonl");
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .arg("process")
        .arg(&input)
        .arg("--dead-letters")
        .arg(&dead)
        .output()
        .unwrap();
    assert!(output.status.success());
    let documents: Vec<serde_json::Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let samples = std::fs::read_to_string(repo_path("samples/articles.jsonl"))
        .unwrap()
        .lines()
        .count();
    assert_eq!(documents.len(), samples);
    assert!(documents
        .iter()
        .all(|d| !d["sentences"].as_array().unwrap().is_empty()));
    let dead: Vec<serde_json::Value> = std::fs::read_to_string(&dead)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let kinds: Vec<(&str, u64)> = dead
        .iter()
        .map(|d| (d["kind"].as_str().unwrap(), d["line"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("invalid_json", samples as u64 + 1),
            ("empty_text", samples as u64 + 2)
        ]
    );

    let strict = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["process", "--strict", "--dead-letters", "/dev/null"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(
        strict.status.code(),
        Some(1),
        "--strict fails when anything was dead-lettered"
    );
}

#[test]
fn process_links_a_copy_from_another_outlet_into_the_story_of_its_original() {
    let dir = std::env::temp_dir().join(format!("khabar-stories-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.jsonl");
    let samples = std::fs::read_to_string(repo_path("samples/articles.jsonl")).unwrap();
    let mut copy: serde_json::Value =
        serde_json::from_str(samples.lines().next().unwrap()).unwrap();
    let original = copy["id"].as_str().unwrap().to_string();
    copy["id"] = "copy".into();
    copy["source"] = "another-outlet".into();
    // Right behind its original: the samples lie weeks apart, beyond the 72 h window.
    let (first, rest) = samples.split_once('\n').unwrap();
    std::fs::write(&input, format!("{first}\n{copy}\n{rest}")).unwrap();
    let stories = dir.join("stories.jsonl");
    let run = || {
        let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
            .arg("process")
            .arg(&input)
            .arg("--stories")
            .arg(&stories)
            .output()
            .unwrap();
        assert!(output.status.success());
        (output.stdout, std::fs::read_to_string(&stories).unwrap())
    };
    let (documents, first) = run();
    let records: Vec<serde_json::Value> = first
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(
        records.len(),
        samples.lines().count() + 1,
        "one update per article"
    );
    let last = &records[1];
    let ids: Vec<&str> = last["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [original.as_str(), "copy"]);
    assert_eq!(
        (last["version"].as_u64(), last["source_count"].as_u64()),
        (Some(2), Some(2))
    );
    // Each document's events carry the story its article joined.
    let documents_json: Vec<serde_json::Value> = String::from_utf8_lossy(&documents)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let mut events = 0;
    for (document, record) in documents_json.iter().zip(&records) {
        for event in document["events"].as_array().unwrap() {
            assert_eq!(event["story_id"], record["story_id"], "{}", document["id"]);
            events += 1;
        }
    }
    assert!(events > 0, "the samples have events");
    assert_eq!(
        documents_json[0]["events"][0]["story_id"], documents_json[1]["events"][0]["story_id"],
        "the copy's events are in the story of the original's"
    );
    assert_eq!(
        run(),
        (documents, first),
        "the same input gives the same records"
    );
}

#[test]
fn eval_ner_scores_a_given_model_file_like_the_embedded_one() {
    let dir = std::env::temp_dir().join(format!("khabar-eval-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let gold = dir.join("tiny.ar.conll");
    std::fs::write(
        &gold,
        "وصل\tO\nسيرغي\tB-PER\nشويغو\tI-PER\nإلى\tO\nبغداد\tB-LOC\n.\tO\n",
    )
    .unwrap();
    let eval = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_khabar"))
            .args(["eval", "ner", "--format", "json", "--gold"])
            .arg(&gold)
            .args(extra)
            .output()
            .unwrap()
    };
    let embedded = eval(&[]);
    assert!(embedded.status.success());
    let shipped = repo_path("crates/ner/models/ar.bin");
    let from_file = eval(&["--model", &format!("ar={}", shipped.display())]);
    assert!(
        from_file.status.success(),
        "{}",
        String::from_utf8_lossy(&from_file.stderr)
    );
    let overall = |out: &std::process::Output| -> serde_json::Value {
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()["overall"].clone()
    };
    assert_eq!(overall(&embedded), overall(&from_file));

    let bad = eval(&["--model", "xx=/nonexistent"]);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stderr).contains("xx"));
    let corrupt = dir.join("corrupt.bin");
    std::fs::write(&corrupt, b"not a model").unwrap();
    let corrupt = eval(&["--model", &format!("ar={}", corrupt.display())]);
    assert!(!corrupt.status.success());
    assert!(String::from_utf8_lossy(&corrupt.stderr).contains("invalid"));
}

#[test]
fn commands_that_need_the_data_say_what_is_missing_and_how_to_point_at_it() {
    let absent = std::env::temp_dir().join(format!("khabar-no-data-{}", std::process::id()));
    let model = std::env::temp_dir().join(format!("khabar-no-model-{}.bin", std::process::id()));
    let model = model.display().to_string();
    let cases: [(&[&str], &str); 6] = [
        (
            &["eval", "events", "--gold", "events/khabar-gold-dev.jsonl"],
            "events/khabar-gold-dev.jsonl",
        ),
        (
            &[
                "eval",
                "sentences",
                "--gold",
                "sentences/gum-news-dev.jsonl",
            ],
            "sentences/gum-news-dev.jsonl",
        ),
        (
            &["eval", "ner", "--gold", "ner/en/gum-news-dev.conll"],
            "ner/en/gum-news-dev.conll",
        ),
        (
            &["train", "ner", "--lang", "en", "--output", &model],
            "ner/en/gum-news-train.conll",
        ),
        (&["bench"], "raw/saudinewsnet-2015-07-23.jsonl"),
        (
            &[
                "eval",
                "stories",
                "--gold",
                "events/stories-dev.jsonl",
                "--input",
                "raw/saudinewsnet-2015-07-23.jsonl",
            ],
            "events/stories-dev.jsonl",
        ),
    ];
    for (args, missing) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
            .args(args)
            .arg("--data")
            .arg(&absent)
            .env_remove("KHABAR_DATA")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        let folder = absent.display().to_string();
        for wanted in [
            missing,
            &folder,
            "does not exist",
            "training/evaluation data",
            "--data DIR",
            "KHABAR_DATA",
        ] {
            assert!(
                stderr.contains(wanted),
                "{args:?}: no '{wanted}' in {stderr}"
            );
        }
    }
    assert!(!Path::new(&model).exists(), "train wrote no model");
}

#[test]
fn a_relative_gold_path_is_found_in_the_data_folder_of_khabar_data() {
    let data = std::env::temp_dir().join(format!("khabar-data-{}", std::process::id()));
    std::fs::create_dir_all(data.join("sentences")).unwrap();
    std::fs::write(
        data.join("sentences/tiny.jsonl"),
        r#"{"id":"t1","lang":"en","text":"Police arrested two men. They were freed.","sentences":[[0,24],[25,41]]}"#,
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_khabar"))
        .args(["eval", "sentences", "--format", "json"])
        .args(["--gold", "sentences/tiny.jsonl"])
        .env("KHABAR_DATA", &data)
        .current_dir(std::env::temp_dir())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["overall"]["f1"], 1.0, "{report}");
}
