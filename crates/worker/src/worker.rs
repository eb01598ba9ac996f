//! The consume → process → produce loop.
//!
//! Records are processed concurrently on the processing threads but each input partition's outputs
//! are produced in its consumption order (so per-partition and per-key order hold). At-least-once:
//! a record's offset becomes committable only when every output it owes has been acknowledged by
//! the broker and so has every earlier record of its partition; a failed delivery stops the worker
//! before anything past the lost record is committed. Exactly-once: outputs and offsets commit
//! together in transactions (see `transaction.rs`); any error aborts and rewinds
//! (`worker/exactly_once.rs`).

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context as _;
use futures::stream::FuturesUnordered;
use futures::{FutureExt, StreamExt};
use khabar_pipeline::Pipeline;
use khabar_schema::InputLimits;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::message::{BorrowedMessage, Header, Message, OwnedHeaders};
use rdkafka::producer::{FutureProducer, FutureRecord};
use rdkafka::{Offset, TopicPartitionList};
use tracing::{debug, error, info, info_span};

use crate::client_config::{consumer_client_config, describe_properties, producer_client_config};
use crate::config::{Config, Delivery};
use crate::context::{lock, WorkerContext};
use crate::health::Health;
use crate::internal_events::{
    error_code, ConsumerError, OutputDelivered, OutputEnqueued, OutputFailed, QueueDepths,
    RecordCompleted, RecordReceived, Timeline,
};
use crate::order::PartitionOrder;
use crate::outcome::{Destination, Encoded};
use crate::processing::{Done, Job, Pool, Processor, Trace};
use crate::shutdown::{close, shutdown_signal};
use crate::topic_codec::TopicCodecs;
use crate::tracker::{OffsetTracker, Ticket};
use crate::transaction::Transaction;
use crate::watchdog::{check_rejoin, report_stalls, Progress};

mod exactly_once;

/// Runs the worker until SIGTERM/SIGINT (then drains, commits and returns `Ok`) or until a
/// record's output cannot be delivered (then returns the error without committing past it).
///
/// `load` builds the language pipeline. It runs on the blocking pool while the Kafka clients
/// connect and the consumer joins its group, so start-up takes the longer of the two, not their
/// sum.
pub async fn run<L>(config: Config, load: L) -> anyhow::Result<()>
where
    L: FnOnce() -> anyhow::Result<Pipeline> + Send + 'static,
{
    let loading = tokio::task::spawn_blocking(load);
    let threads = config.processing_threads();
    let limits = InputLimits {
        max_record_bytes: config.limits.max_record_bytes,
        max_text_bytes: config.limits.max_text_bytes,
    };
    let start = async move {
        let pipeline = loading
            .await
            .context("the language pipeline's loading task failed")??;
        info!(version = pipeline.version(), "language pipeline loaded");
        let version = pipeline.version().to_string();
        Ok((Pool::start(threads, Arc::new(pipeline), limits), version))
    };
    run_stage(config, start).await
}

/// Runs the consume → process → produce loop of a stage: connects the clients, joins the
/// group, awaits `start` (the stage's processor and version, built meanwhile), serves metrics
/// and health, and loops until a signal or an error.
pub(crate) async fn run_stage<P, S>(config: Config, start: S) -> anyhow::Result<()>
where
    P: Processor,
    S: std::future::Future<Output = anyhow::Result<(P, String)>>,
{
    let tracker = Arc::new(Mutex::new(OffsetTracker::default()));
    let health = Arc::new(Health::default());
    let rebalanced = Arc::new(AtomicBool::new(false));
    let revoked_since = Arc::new(Mutex::new(None));
    let revoked = Arc::new(Mutex::new(Vec::new()));
    let consumer: StreamConsumer<WorkerContext> = consumer_client_config(&config)
        .create_with_context(WorkerContext {
            tracker: Arc::clone(&tracker),
            health: Arc::clone(&health),
            rebalanced: Arc::clone(&rebalanced),
            revoked_since: Arc::clone(&revoked_since),
            revoked: Arc::clone(&revoked),
        })
        .context("creating the Kafka consumer")?;
    let producer: FutureProducer = producer_client_config(&config)
        .create()
        .context("creating the Kafka producer")?;
    let transaction = match config.worker.delivery {
        Delivery::AtLeastOnce => None,
        Delivery::ExactlyOnce => {
            let transaction = Transaction::new(
                config.worker.transaction_max_records,
                Duration::from_millis(config.worker.commit_interval_ms),
                Duration::from_secs(30),
            );
            tokio::task::block_in_place(|| transaction.init(&producer)).with_context(|| {
                format!(
                    "initializing transactions for transactional id '{}'",
                    config.transactional_id()
                )
            })?;
            info!(transactional_id = %config.transactional_id(), "exactly-once delivery");
            Some(transaction)
        }
    };
    let topics: Vec<&str> = config.topics.input.iter().map(String::as_str).collect();
    consumer
        .subscribe(&topics)
        .context("subscribing to the input topics")?;
    info!(
        brokers = %config.kafka.brokers,
        group = %config.kafka.group_id,
        inputs = ?topics,
        common_properties = %describe_properties(&config.kafka.common),
        consumer_properties = %describe_properties(&config.kafka.consumer),
        producer_properties = %describe_properties(&config.kafka.producer),
        "worker started"
    );
    // Installed before the consumer is polled: the rebalance callbacks record metrics.
    let metrics = crate::metrics::install()?;
    // The consumer serves its rebalance (and so the group join, the offset lookups and the
    // first fetch) only when polled: poll it while the stage loads, keeping the first record.
    let mut start = std::pin::pin!(start);
    let mut first = None;
    let (processor, version) = loop {
        tokio::select! {
            started = &mut start => break started?,
            received = consumer.recv(), if first.is_none() => first = Some(received),
        }
    };
    crate::metrics::record_build_info(&version);
    // Before anything is produced: a topic's first handle keeps its codec.
    let codecs = TopicCodecs::new(&producer, &processor.topic_compression())
        .context("setting the output topics' compression")?;
    // Kept alive until `run` returns; dropping it stops the server.
    let _server = match config.metrics.address.as_str() {
        "" => None,
        address => Some(crate::health::serve(address, Arc::clone(&health), metrics).await?),
    };

    let progress = Arc::new(Progress::new());
    let stall_timeout = Duration::from_millis(config.worker.stall_timeout_ms);
    report_stalls(Arc::clone(&progress), stall_timeout)
        .context("starting the stall report thread")?;
    let mut state = Loop {
        config: &config,
        pool: processor,
        order: PartitionOrder::default(),
        consumer: &consumer,
        producer: &producer,
        tracker: &tracker,
        health: &health,
        rebalanced: &rebalanced,
        revoked_since: &revoked_since,
        revoked: &revoked,
        progress: &progress,
        deliveries: FuturesUnordered::new(),
        transaction,
        rewinds: 0,
    };
    let outcome = match first {
        Some(received) => state.received(received).await,
        None => Ok(()),
    };
    let outcome = match outcome {
        Ok(()) => state.run_until_signal().await,
        Err(error) => Err(error),
    };
    health.stopping();
    let drained = match outcome {
        Ok(()) => {
            let deadline = Duration::from_millis(config.worker.shutdown_timeout_ms);
            tokio::time::timeout(deadline.mul_f32(0.7), state.drain_and_commit())
                .await
                .unwrap_or_else(|_| {
                    Err(anyhow::anyhow!(
                        "in-flight records did not drain before the shutdown deadline"
                    ))
                })
        }
        Err(error) => Err(error),
    };
    if let Err(error) = &drained {
        progress.stopping_on(error);
    }
    let commit_offsets = drained.is_ok() && state.transaction.is_none();
    drop(state);
    drop(codecs);
    close(consumer, producer, &config, commit_offsets).await;
    drained
}

type Acknowledgement = futures::future::BoxFuture<'static, (Ticket, Result<(), String>)>;

struct Loop<'a, P> {
    config: &'a Config,
    /// The stage's processing (the language pipeline's threads, or the story stage).
    pool: P,
    /// Records handed to the pool and not yet produced, in consumption order per partition.
    order: PartitionOrder<Done>,
    consumer: &'a StreamConsumer<WorkerContext>,
    producer: &'a FutureProducer,
    tracker: &'a Mutex<OffsetTracker>,
    health: &'a Health,
    rebalanced: &'a AtomicBool,
    revoked_since: &'a Mutex<Option<Instant>>,
    /// Partitions revoked since the last turn of the loop.
    revoked: &'a Mutex<Vec<(String, i32)>>,
    /// What is in flight and when a record last advanced, for the stall watchdog.
    progress: &'a Progress,
    deliveries: FuturesUnordered<Acknowledgement>,
    /// The exactly-once transaction state; `None` in at-least-once mode.
    transaction: Option<Transaction>,
    /// Aborts and rewinds so far (exactly-once): a record taken before the latest one is stale.
    rewinds: u64,
}

impl<P: Processor> Loop<'_, P> {
    fn in_flight(&self) -> usize {
        self.order.len() + self.deliveries.len()
    }

    async fn run_until_signal(&mut self) -> anyhow::Result<()> {
        let shutdown = shutdown_signal();
        tokio::pin!(shutdown);
        let mut commit_tick =
            tokio::time::interval(Duration::from_millis(self.config.worker.commit_interval_ms));
        let mut watchdog_tick = tokio::time::interval(Duration::from_secs(1));
        let rejoin_timeout = Duration::from_millis(self.config.worker.rejoin_timeout_ms);
        let stall_timeout = Duration::from_millis(self.config.worker.stall_timeout_ms);
        loop {
            let revoked = std::mem::take(
                &mut *self
                    .revoked
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
            for (topic, partition) in revoked {
                self.pool.revoked(&topic, partition);
            }
            let can_consume = self.in_flight() < self.config.worker.max_in_flight;
            let depths = QueueDepths {
                processing: self.order.len(),
                delivery: self.deliveries.len(),
                producer: rdkafka::producer::Producer::in_flight_count(self.producer).max(0)
                    as usize,
            };
            depths.emit();
            self.progress.turned(&depths);
            tokio::select! {
                biased;
                _ = &mut shutdown => {
                    info!(in_flight = self.in_flight(), "stop requested: draining");
                    return Ok(());
                }
                Some((ticket, result)) = self.deliveries.next() => self.delivered(ticket, result)?,
                Some(done) = self.pool.next(), if !self.order.is_empty() => self.processed(done).await?,
                _ = watchdog_tick.tick() => {
                    check_rejoin(self.revoked_since, rejoin_timeout)?;
                    self.progress.check(stall_timeout)?;
                }
                // An open transaction commits at least every commit interval, even when idle.
                _ = commit_tick.tick(), if self.transaction.as_ref().is_some_and(Transaction::is_open) => self.commit_transaction()?,
                received = self.consumer.recv(), if can_consume => self.received(received).await?,
            }
        }
    }

    /// Takes what the consumer returned: a record starts a batch, an error is counted (and
    /// fails the stage when it is fatal) and polling pauses briefly.
    async fn received(
        &mut self,
        received: rdkafka::error::KafkaResult<rdkafka::message::BorrowedMessage<'_>>,
    ) -> anyhow::Result<()> {
        match received {
            Ok(message) => {
                self.health.brokers_reachable(true);
                self.start_batch(message)
            }
            Err(error) => {
                self.consumer_error(&error)?;
                tokio::time::sleep(Duration::from_millis(100)).await;
                Ok(())
            }
        }
    }

    /// Finishes every record already consumed (process, produce, await acknowledgements) and
    /// commits the open transaction, if any.
    async fn drain_and_commit(&mut self) -> anyhow::Result<()> {
        while !self.order.is_empty() || !self.deliveries.is_empty() {
            tokio::select! {
                Some((ticket, result)) = self.deliveries.next() => self.delivered(ticket, result)?,
                Some(done) = self.pool.next(), if !self.order.is_empty() => self.processed(done).await?,
                else => break,
            }
        }
        if self.transaction.as_ref().is_some_and(Transaction::is_open) {
            self.commit_transaction()?;
        }
        Ok(())
    }

    /// Counts a consumer error; fails on a fatal one (the consumer cannot go on).
    fn consumer_error(&self, error: &KafkaError) -> anyhow::Result<()> {
        ConsumerError { error }.emit();
        if let KafkaError::MessageConsumptionFatal(code) = error {
            anyhow::bail!(
                "the consumer failed fatally ({code}); if fenced, another process runs with \
                 group.instance.id '{}' (set worker.instance_id)",
                self.config.group_instance_id()
            );
        }
        Ok(())
    }

    /// Hands the polled record, and every further record the consumer already holds (up to the
    /// in-flight bound), to the processing threads in one batch.
    fn start_batch(&mut self, first: BorrowedMessage<'_>) -> anyhow::Result<()> {
        let mut jobs = vec![self.job(&first)];
        drop(first);
        while self.in_flight() < self.config.worker.max_in_flight {
            match self.consumer.recv().now_or_never() {
                Some(Ok(message)) => jobs.push(self.job(&message)),
                Some(Err(error)) => {
                    self.consumer_error(&error)?;
                    break;
                }
                None => break,
            }
        }
        let submitted = self.pool.submit(jobs);
        // After the submit, which can take long (the story stage may rebuild a partition first).
        self.progress.advanced();
        submitted
    }

    /// Registers a consumed record (offset tracker, production order) and makes its job.
    fn job(&mut self, message: &BorrowedMessage<'_>) -> Job {
        let ticket =
            lock(self.tracker).begin(message.topic(), message.partition(), message.offset());
        self.order
            .reserve(message.topic(), message.partition(), message.offset());
        if let Some(transaction) = self.transaction.as_mut() {
            transaction.consumed(message.topic(), message.partition(), message.offset());
        }
        // The only copy of the value: the message is borrowed from the consumer's queue.
        let value = message.payload().unwrap_or_default().to_vec();
        RecordReceived {
            topic: message.topic(),
            bytes: value.len(),
        }
        .emit();
        let trace = Trace {
            span: info_span!(
                "record",
                topic = message.topic(),
                partition = message.partition(),
                offset = message.offset(),
                article_id = tracing::field::Empty,
            ),
            consumed_at: Instant::now(),
            processing: None,
            timestamp_ms: message.timestamp().to_millis(),
            before_consumed: message.timestamp().to_millis().and_then(since_unix_ms),
        };
        Job {
            ticket,
            key: message.key().map(<[u8]>::to_vec),
            value,
            trace,
        }
    }

    /// Takes a processed record's place in its partition's line and produces every record that
    /// is now at the head of the line.
    async fn processed(&mut self, done: Done) -> anyhow::Result<()> {
        self.progress.advanced();
        let (topic, partition, offset) = (
            done.ticket.topic.clone(),
            done.ticket.partition,
            done.ticket.offset,
        );
        let rewinds = self.rewinds;
        for ready in self.order.complete(&topic, partition, offset, done) {
            // Producing one may have aborted the transaction and rewound (a commit fell due after
            // a rebalance): the rest are consumed again from the committed offsets, and producing
            // them now would put their offsets, past the aborted records, in the next transaction.
            if self.rewinds != rewinds {
                break;
            }
            self.produce(ready.ticket, ready.encoded, ready.trace)
                .await?;
        }
        Ok(())
    }

    async fn produce(
        &mut self,
        ticket: Ticket,
        encoded: Encoded,
        trace: Trace,
    ) -> anyhow::Result<()> {
        if let Some(id) = &encoded.article_id {
            trace.span.record("article_id", id.as_str());
        }
        trace.span.in_scope(|| P::emit_processed(&encoded));
        if let Some(transaction) = self.transaction.as_mut() {
            if let Err(error) = transaction.ensure_open(self.producer, self.consumer) {
                return self.transaction_failed(&error);
            }
        }
        let mut acks = Vec::with_capacity(encoded.records.len());
        for record in &encoded.records {
            let topic = match record.destination {
                Destination::Documents => &self.config.topics.documents,
                Destination::Events => &self.config.topics.events,
                Destination::DeadLetters => &self.config.topics.dead_letters,
                Destination::Repartition => &self.config.stories.repartition,
                Destination::Stories => &self.config.stories.output,
                Destination::StoryEvents => &self.config.stories.events,
            };
            let mut headers = OwnedHeaders::new_with_capacity(record.headers.len());
            for (name, value) in &record.headers {
                headers = headers.insert(Header {
                    key: name,
                    value: Some(value),
                });
            }
            let mut future_record = FutureRecord::to(topic)
                .payload(&record.value)
                .headers(headers);
            if let Some(key) = &record.key {
                future_record = future_record.key(key);
            }
            loop {
                match self.producer.send_result(future_record) {
                    Ok(ack) => {
                        OutputEnqueued.emit();
                        acks.push((record.destination, ack));
                        break;
                    }
                    Err((KafkaError::MessageProduction(RDKafkaErrorCode::QueueFull), returned)) => {
                        // Backpressure: the producer queue is full; wait for deliveries to free it.
                        future_record = returned;
                        tokio::time::sleep(Duration::from_millis(5)).await;
                    }
                    Err((error, _)) => {
                        let cause = format!(
                            "cannot enqueue output of {}/{}@{} for '{topic}': {error}",
                            ticket.topic, ticket.partition, ticket.offset
                        );
                        // A transaction that failed with an abortable error (a sequence gap after
                        // an abort with records in flight) takes no record until it is aborted;
                        // a fatal one fails the abort too.
                        if self.transaction.is_some()
                            && matches!(
                                error,
                                KafkaError::MessageProduction(RDKafkaErrorCode::State)
                            )
                        {
                            return self.abort_and_rewind(&cause);
                        }
                        return Err(anyhow::anyhow!(cause));
                    }
                }
            }
        }
        let (ticket_topic, ticket_partition, ticket_offset) =
            (ticket.topic.clone(), ticket.partition, ticket.offset);
        let Trace {
            span,
            consumed_at,
            processing,
            timestamp_ms,
            before_consumed,
        } = trace;
        let produced = Instant::now();
        let (started, processed) = processing.unwrap_or((consumed_at, consumed_at));
        let timeline = Timeline {
            before_consumed,
            consumed: consumed_at,
            started,
            processed,
            produced,
        };
        // The record's span is entered for the record's timeline (logged at debug level) rather
        // than on every poll of the delivery: entering a span is a turn through the layers.
        let delivery = async move {
            for (destination, ack) in acks {
                match ack.await {
                    Ok(Ok(_)) => OutputDelivered { destination }.emit(),
                    Ok(Err((error, _))) => {
                        OutputFailed {
                            error_code: &error_code(&error),
                        }
                        .emit();
                        return (ticket, Err(error.to_string()));
                    }
                    Err(_) => {
                        OutputFailed {
                            error_code: "producer_dropped",
                        }
                        .emit();
                        return (ticket, Err("producer was dropped".to_string()));
                    }
                }
            }
            span.in_scope(|| {
                RecordCompleted {
                    timeline,
                    timestamp_ms,
                }
                .emit();
            });
            (ticket, Ok(()))
        };
        self.deliveries.push(delivery.boxed());
        if let Some(transaction) = self.transaction.as_mut() {
            transaction.include(&ticket_topic, ticket_partition, ticket_offset);
            if transaction.due() {
                self.commit_transaction()?;
            }
        }
        Ok(())
    }

    fn delivered(&mut self, ticket: Ticket, result: Result<(), String>) -> anyhow::Result<()> {
        self.progress.advanced();
        if self.transaction.is_some() {
            return match result {
                // The transaction commit is what makes the input offset count.
                Ok(()) => {
                    lock(self.tracker).complete(&ticket);
                    Ok(())
                }
                Err(reason) => self.abort_and_rewind(&format!(
                    "output of {}/{}@{} not delivered: {reason}",
                    ticket.topic, ticket.partition, ticket.offset
                )),
            };
        }
        if let Err(reason) = result {
            error!(topic = %ticket.topic, partition = ticket.partition, offset = ticket.offset, %reason, "output not delivered: stopping before committing past it");
            anyhow::bail!(
                "output of {}/{}@{} was not delivered: {reason}",
                ticket.topic,
                ticket.partition,
                ticket.offset
            );
        }
        let next = lock(self.tracker).complete(&ticket);
        if let Some(next) = next {
            let mut offsets = TopicPartitionList::new();
            // Adding a partition with an explicit offset to a fresh list cannot fail.
            offsets
                .add_partition_offset(&ticket.topic, ticket.partition, Offset::Offset(next))
                .expect("fresh partition list accepts an offset");
            if let Err(error) = self.consumer.store_offsets(&offsets) {
                // The partition was revoked meanwhile: storing for it is harmless and ignored.
                debug!(%error, partition = ticket.partition, "offset not stored");
            }
        }
        Ok(())
    }
}

/// Time since a Kafka timestamp; `None` for a timestamp in the future (another clock).
fn since_unix_ms(timestamp_ms: i64) -> Option<Duration> {
    let then = std::time::UNIX_EPOCH + Duration::from_millis(u64::try_from(timestamp_ms).ok()?);
    std::time::SystemTime::now().duration_since(then).ok()
}
