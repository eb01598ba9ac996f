//! The `khabar` command: parses arguments, sets up logging and hands off to the chosen mode.
//! Logic lives in the library crates; this file is glue.

mod cli;
mod data;
mod process;
mod render;

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;
use clap::Parser;

use cli::{Command, EvalCommand, Format, RunStage, TrainCommand};

// mimalloc instead of glibc malloc: the language stages (many small strings per article) and the
// worker's hand-offs (records allocated on a processing thread, freed on the loop's) spend much
// less time in the allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of mimalloc's `mi_option_e` (mimalloc.h; libmimalloc-sys names no
/// constant for it): how long freed memory is kept before it goes back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Runs `load` with freed memory going back to the system at once, then restores mimalloc's
/// purge delay. Loading frees much of what it builds (the gazetteer's and the models' build
/// buffers): at the default delay `khabar process` on the SaudiNewsNet day peaked at 128 MiB
/// instead of 106 MiB; purging at once all the time cost 6% more CPU on that day, so it is done
/// only while loading.
fn with_memory_purged_at_once<T>(load: impl FnOnce() -> T) -> T {
    // SAFETY: reads and sets one of mimalloc's documented runtime options (0 = purge at once);
    // options may be changed at any time.
    let default = unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    let loaded = load();
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, default) };
    loaded
}

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(err) => {
            if is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("khabar: {err:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        let kind = cause
            .downcast_ref::<std::io::Error>()
            .map(std::io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(serde_json::Error::io_error_kind)
            });
        kind == Some(std::io::ErrorKind::BrokenPipe)
    })
}

fn run(args: cli::Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Process(options) => {
            khabar_worker::logging::init(None)?;
            process::run(&options)
        }
        Command::Stories {
            inputs,
            output,
            events,
        } => {
            process::link_documents(&inputs, output.as_deref(), events.as_deref())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Run { config, stage } => {
            let config = khabar_worker::Config::load(config.as_deref())?;
            khabar_worker::logging::init(Some(&config.log))?;
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .build()
                .context("starting the async runtime")?;
            let result = runtime.block_on(async {
                match stage {
                    RunStage::Articles => khabar_worker::run(config, embedded_pipeline).await,
                    RunStage::Stories => khabar_worker::run_stories(config).await,
                }
            });
            // Blocking tasks still running (a stuck client close) must not hold the exit.
            runtime.shutdown_timeout(std::time::Duration::from_secs(1));
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate {
            config,
            connect,
            stage,
            timeout_secs,
        } => {
            let config = khabar_worker::Config::load(config.as_deref())?;
            println!("config is valid");
            if connect {
                let timeout = std::time::Duration::from_secs(timeout_secs);
                let (config, topics) = match stage {
                    RunStage::Articles => (config.clone(), config.worker_topics()),
                    RunStage::Stories => (config.story_stage(), config.story_topics()),
                };
                let report = khabar_worker::check_cluster(&config, topics, timeout)?;
                println!("{report}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Healthcheck {
            config,
            address,
            path,
            timeout_secs,
        } => {
            let address = match address {
                Some(address) => address,
                None => {
                    khabar_worker::Config::load(config.as_deref())?
                        .metrics
                        .address
                }
            };
            anyhow::ensure!(
                !address.is_empty(),
                "metrics.address is empty: the worker serves no health endpoint (set KHABAR_METRICS__ADDRESS)"
            );
            let timeout = std::time::Duration::from_secs(timeout_secs);
            let status = khabar_worker::probe(&address, &path, timeout)?;
            if status == 200 {
                Ok(ExitCode::SUCCESS)
            } else {
                eprintln!("khabar: {address}{path} answered {status}");
                Ok(ExitCode::from(1))
            }
        }
        Command::Schema { check, out } => schema(check.as_deref(), out.as_deref()),
        Command::Eval { command } => eval(command),
        Command::Train { command } => train(command),
        Command::Bench(options) => bench(options),
        Command::Render(options) => render::run(&options),
    }
}

fn bench(options: cli::BenchOptions) -> anyhow::Result<ExitCode> {
    let inputs = if options.inputs.is_empty() {
        data::files(
            &options.data.dir,
            &[
                "raw/saudinewsnet-2015-07-23.jsonl",
                "raw/en-wikinews-gum.jsonl",
            ],
        )?
    } else {
        options.inputs
    };
    let program = std::env::current_exe().context("locating the khabar binary")?;
    let report = khabar_bench::run(
        &khabar_bench::Options {
            brokers: options.brokers,
            inputs,
            records: options.records,
            partitions: options.partitions,
            latency_seconds: options.latency_seconds,
            latency_fraction: options.latency_fraction,
            pipeline_seconds: options.pipeline_seconds,
            max_in_flight: options.max_in_flight,
            worker: khabar_bench::WorkerCommand {
                program,
                args: vec!["run".to_string()],
            },
            workers: options.workers,
            worker_log: options.worker_log,
            keep_topics: options.keep_topics,
        },
        &|line| eprintln!("bench: {line}"),
    )?;
    if let Some(path) = &options.json {
        let json = serde_json::to_string_pretty(&report)?;
        std::fs::write(path, json + "\n")
            .with_context(|| format!("writing '{}'", path.display()))?;
    }
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

fn schema(
    check: Option<&std::path::Path>,
    out: Option<&std::path::Path>,
) -> anyhow::Result<ExitCode> {
    let schemas = khabar_schema::json_schemas();
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).with_context(|| format!("creating '{}'", dir.display()))?;
        for (name, text) in &schemas {
            let path = dir.join(format!("{name}.schema.json"));
            std::fs::write(&path, text).with_context(|| format!("writing '{}'", path.display()))?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(dir) = check else {
        let mut all = serde_json::Map::new();
        for (name, text) in schemas {
            all.insert(name.to_string(), serde_json::from_str(&text)?);
        }
        let mut stdout = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut stdout, &all)?;
        writeln!(stdout)?;
        return Ok(ExitCode::SUCCESS);
    };
    let mut stale = Vec::new();
    for (name, text) in schemas {
        let path = dir.join(format!("{name}.schema.json"));
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != text {
            stale.push(path.display().to_string());
        }
    }
    if stale.is_empty() {
        println!("schemas in {} are up to date", dir.display());
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "khabar: schemas differ from the generated ones (regenerate with `khabar schema --out {}`): {}",
            dir.display(),
            stale.join(", ")
        );
        Ok(ExitCode::from(1))
    }
}

fn print_report<T: serde::Serialize + std::fmt::Display>(
    report: &T,
    format: Format,
) -> anyhow::Result<()> {
    // Written, not printed: a closed pipe (`| head`) is an error that `main` exits 0 on.
    let mut stdout = std::io::stdout().lock();
    match format {
        Format::Text => writeln!(stdout, "{report}")?,
        Format::Json => writeln!(stdout, "{}", serde_json::to_string_pretty(report)?)?,
    }
    Ok(())
}

fn eval(command: EvalCommand) -> anyhow::Result<ExitCode> {
    match command {
        EvalCommand::Sentences { gold, data, format } => {
            let gold = data::gold_file(&data.dir, &gold)?;
            let pipeline = embedded_pipeline()?;
            print_report(&khabar_eval::sentences::evaluate(&gold, &pipeline)?, format)?
        }
        EvalCommand::Ner {
            gold,
            data,
            models,
            format,
        } => {
            let gold = data::gold_file(&data.dir, &gold)?;
            let pipeline = if models.is_empty() {
                embedded_pipeline()?
            } else {
                pipeline_with_models(&models)?
            };
            print_report(&khabar_eval::ner::evaluate(&gold, &pipeline)?, format)?
        }
        EvalCommand::Events {
            gold,
            data,
            gold_entities,
            side_by_side: true,
            only,
            format,
        } => {
            let gold = data::gold_file(&data.dir, &gold)?;
            let pipeline = (!gold_entities).then(embedded_pipeline).transpose()?;
            let listing =
                khabar_eval::events::side_by_side(&gold, pipeline.as_ref(), only.as_deref())?;
            print_report(&listing, format)?
        }
        EvalCommand::Events {
            gold,
            data,
            gold_entities: true,
            format,
            ..
        } => {
            let gold = data::gold_file(&data.dir, &gold)?;
            print_report(
                &khabar_eval::events::evaluate_with_gold_entities(&gold)?,
                format,
            )?
        }
        EvalCommand::Events {
            gold,
            data,
            gold_entities: false,
            format,
            ..
        } => {
            let gold = data::gold_file(&data.dir, &gold)?;
            let pipeline = embedded_pipeline()?;
            print_report(&khabar_eval::events::evaluate(&gold, &pipeline)?, format)?
        }
        EvalCommand::Stories {
            gold,
            input,
            data,
            without_text,
            format,
        } => {
            let gold = data::gold_file(&data.dir, &gold)?;
            let input = data::gold_file(&data.dir, &input)?;
            let pipeline = embedded_pipeline()?;
            let report = khabar_eval::stories::evaluate(&gold, &input, &pipeline, !without_text)?;
            print_report(&report, format)?
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads the embedded pipeline, with the memory loading frees going back at once.
pub(crate) fn embedded_pipeline() -> anyhow::Result<khabar_pipeline::Pipeline> {
    with_memory_purged_at_once(khabar_pipeline::Pipeline::new)
        .context("loading the language pipeline")
}

/// A pipeline whose entity models are read from `LANG=PATH` files (the others embedded).
fn pipeline_with_models(models: &[String]) -> anyhow::Result<khabar_pipeline::Pipeline> {
    let mut arabic = None;
    let mut english = None;
    for spec in models {
        let (lang, path) = spec
            .split_once('=')
            .with_context(|| format!("--model {spec}: expected LANG=PATH"))?;
        let slot = match lang {
            "ar" => &mut arabic,
            "en" => &mut english,
            other => anyhow::bail!("--model {spec}: no entity model for language '{other}'"),
        };
        *slot = Some(std::fs::read(path).with_context(|| format!("reading model {path}"))?);
    }
    with_memory_purged_at_once(|| {
        khabar_pipeline::Pipeline::with_entity_models(arabic.as_deref(), english.as_deref())
    })
    .context("loading the language pipeline with the given entity models")
}

fn train(command: TrainCommand) -> anyhow::Result<ExitCode> {
    match command {
        TrainCommand::Ner {
            lang,
            data,
            output,
            seed,
            runs,
        } => {
            let sets: Vec<&str> = khabar_eval::train::training_sets(&lang)
                .iter()
                .map(|set| set.path)
                .collect();
            data::files(&data.dir, &sets)?;
            let summary = khabar_eval::train::train_ner(&khabar_eval::train::TrainOptions {
                language: lang,
                data_dir: data.dir,
                output,
                seed,
                runs,
            })?;
            println!("{summary}");
        }
        TrainCommand::Gazetteer { from, output } => {
            let texts = khabar_ner::gazetteer::SOURCE_FILES.map(|name| {
                let path = from.join(name);
                std::fs::read_to_string(&path)
                    .with_context(|| format!("reading gazetteer source {}", path.display()))
            });
            let [a, b, c, d, e, f] = texts;
            let texts = [a?, b?, c?, d?, e?, f?];
            let image = khabar_ner::gazetteer::GazetteerTables::from_files(&texts).image();
            std::fs::write(&output, &image)
                .with_context(|| format!("writing {}", output.display()))?;
            println!("wrote {} ({} bytes)", output.display(), image.len());
        }
        TrainCommand::ActorCodes { from, output } => {
            let tsv = std::fs::read_to_string(&from)
                .with_context(|| format!("reading actor codes {}", from.display()))?;
            let codes = khabar_events::ActorCodes::from_tsv("actors.tsv", &tsv)?;
            std::fs::write(&output, codes.image())
                .with_context(|| format!("writing {}", output.display()))?;
            println!("wrote {} ({} bytes)", output.display(), codes.image().len());
        }
    }
    Ok(ExitCode::SUCCESS)
}
