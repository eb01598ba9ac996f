#!/usr/bin/env bash
# Run a real single-node Apache Kafka broker (KRaft, broker+controller) locally
# from Maven Central jars -- no Docker, no tarball download.
#
# Usage: deploy/local/kafka.sh install|start|stop|status|reset|topics [name:partitions ...]|logs|tool CLASS ...
#
#   install  resolve the broker + tools jars via Maven into $KHABAR_STATE_DIR/kafka/libs
#            (skipped when the cache marker names the pinned version)
#   start    install if needed, write config, format storage once, start the broker in
#            the background, wait until it answers, then create the default topics
#   topics   idempotently create the default topics (plus any name:partitions arguments)
#   status   exit 0 if the broker is running and answering, else 1
#   stop     SIGTERM, wait up to 20 s, then SIGKILL (fine if not running)
#   reset    stop and delete the data dir (next start formats a fresh cluster)
#   logs     tail the broker log
#   tool     run a Kafka CLI class on the cached jars, e.g.
#              tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server 127.0.0.1:9092 --topic t
#              tool org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:9092 --topic t --from-beginning
#
# Environment:
#   KHABAR_STATE_DIR               state root (default: <repo root>/.state, git-ignored)
#   KHABAR_KAFKA_PORT              client listener port      (default 9092)
#   KHABAR_KAFKA_CONTROLLER_PORT   KRaft controller port     (default 9093)
#   KHABAR_KAFKA_START_TIMEOUT     seconds to wait for start (default 90)
#   KHABAR_KAFKA_HEAP_OPTS         broker heap               (default -Xms256m -Xmx512m)
#   KHABAR_KAFKA_JVM_OPTS          extra broker JVM flags
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
POM="$SCRIPT_DIR/pom.xml"

# Single source of truth for the version is the pom.
KAFKA_VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$POM" | head -n1)"
[[ -n "$KAFKA_VERSION" ]] || { echo "kafka.sh: cannot read <kafka.version> from $POM" >&2; exit 1; }

STATE_DIR="${KHABAR_STATE_DIR:-$REPO_ROOT/.state}"
KAFKA_DIR="$STATE_DIR/kafka"
# KHABAR_KAFKA_LIBS lets several brokers (e.g. a test's private one) share one jar cache.
LIBS_DIR="${KHABAR_KAFKA_LIBS:-$KAFKA_DIR/libs}"
LOGS_DIR="$KAFKA_DIR/logs"
DATA_DIR="$KAFKA_DIR/data"
CONF_DIR="$KAFKA_DIR/config"
PID_FILE="$KAFKA_DIR/kafka.pid"
CLUSTER_ID_FILE="$KAFKA_DIR/cluster.id"
MARKER_FILE="$LIBS_DIR/.khabar-kafka-version"
SERVER_PROPS="$CONF_DIR/server.properties"
BROKER_LOG4J="$CONF_DIR/log4j2-broker.properties"
TOOLS_LOG4J="$CONF_DIR/log4j2-tools.properties"
BROKER_LOG="$LOGS_DIR/server.log"
BROKER_OUT="$LOGS_DIR/kafka.out"

HOST="127.0.0.1"
PORT="${KHABAR_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${KHABAR_KAFKA_CONTROLLER_PORT:-9093}"
BOOTSTRAP="$HOST:$PORT"
START_TIMEOUT="${KHABAR_KAFKA_START_TIMEOUT:-90}"

BROKER_HEAP_OPTS="${KHABAR_KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
BROKER_JVM_OPTS="-server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true ${KHABAR_KAFKA_JVM_OPTS:-}"
# CLI tools are short-lived: favour JVM start-up time over peak throughput.
TOOLS_JVM_OPTS="-Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true"

# name:partitions
DEFAULT_TOPICS=(khabar.articles:3 khabar.documents:3 khabar.events:3 khabar.dlq:1
  khabar.stories.repartition:3 khabar.stories:3 khabar.stories.events:3 khabar.stories.dlq:1)
# Topics that keep the latest record of each key (story records, key = story id; events with
# their story id, key = event id).
COMPACTED_TOPICS=(khabar.stories khabar.stories.events)

JAVA="${JAVA:-java}"

log() { echo "kafka.sh: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Cache identity: pinned version + pom content, so editing the pom re-resolves jars.
marker_content() {
  local pom_sum
  pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"
  printf 'kafka_2.13=%s\npom-sha256=%s\n' "$KAFKA_VERSION" "$pom_sum"
}

is_installed() {
  [[ -f "$MARKER_FILE" ]] && [[ "$(cat "$MARKER_FILE")" == "$(marker_content)" ]] \
    && compgen -G "$LIBS_DIR/kafka_2.13-$KAFKA_VERSION.jar" >/dev/null
}

cmd_install() {
  if is_installed; then
    log "Kafka $KAFKA_VERSION jars already cached in $LIBS_DIR"
    return 0
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch Kafka jars from Maven Central)"
  command -v "$JAVA" >/dev/null || die "java not found (Java 17+ required)"
  log "resolving Kafka $KAFKA_VERSION jars via Maven into $LIBS_DIR ..."
  mkdir -p "$KAFKA_DIR"
  local tmp="$KAFKA_DIR/libs.tmp.$$"
  rm -rf "$tmp"
  local mvn_log="$KAFKA_DIR/install.log"
  if ! mvn -B -q -f "$POM" dependency:copy-dependencies \
      -DoutputDirectory="$tmp" -DincludeScope=runtime >"$mvn_log" 2>&1; then
    rm -rf "$tmp"
    tail -n 50 "$mvn_log" >&2
    die "maven dependency resolution failed (full output: $mvn_log)"
  fi
  [[ -f "$tmp/kafka_2.13-$KAFKA_VERSION.jar" ]] || { rm -rf "$tmp"; die "kafka_2.13-$KAFKA_VERSION.jar missing after resolution"; }
  marker_content >"$tmp/.khabar-kafka-version"
  rm -rf "$LIBS_DIR"
  mv "$tmp" "$LIBS_DIR"
  log "installed $(find "$LIBS_DIR" -name '*.jar' | wc -l) jars for Kafka $KAFKA_VERSION"
}

ensure_installed() { is_installed || cmd_install; }

write_configs() {
  mkdir -p "$CONF_DIR" "$LOGS_DIR" "$DATA_DIR"
  cat >"$SERVER_PROPS" <<EOF
# Generated by deploy/local/kafka.sh -- edits are overwritten on every start.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@$HOST:$CONTROLLER_PORT
listeners=PLAINTEXT://$HOST:$PORT,CONTROLLER://$HOST:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://$HOST:$PORT
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT

log.dirs=$DATA_DIR
num.partitions=3
default.replication.factor=1
auto.create.topics.enable=false

offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0

num.network.threads=3
num.io.threads=4
log.retention.hours=168
log.segment.bytes=1073741824
EOF

  cat >"$BROKER_LOG4J" <<'EOF'
# Generated by deploy/local/kafka.sh. Broker logs go to ${sys:kafka.logs.dir}.
status = warn
name = khabar-kafka-broker

appender.server.type = RollingFile
appender.server.name = server
appender.server.fileName = ${sys:kafka.logs.dir}/server.log
appender.server.filePattern = ${sys:kafka.logs.dir}/server.log.%i
appender.server.layout.type = PatternLayout
appender.server.layout.pattern = [%d] %p %m (%c)%n
appender.server.policies.type = Policies
appender.server.policies.size.type = SizeBasedTriggeringPolicy
appender.server.policies.size.size = 50MB
appender.server.strategy.type = DefaultRolloverStrategy
appender.server.strategy.max = 3

appender.state.type = RollingFile
appender.state.name = state
appender.state.fileName = ${sys:kafka.logs.dir}/state-change.log
appender.state.filePattern = ${sys:kafka.logs.dir}/state-change.log.%i
appender.state.layout.type = PatternLayout
appender.state.layout.pattern = [%d] %p %m (%c)%n
appender.state.policies.type = Policies
appender.state.policies.size.type = SizeBasedTriggeringPolicy
appender.state.policies.size.size = 20MB
appender.state.strategy.type = DefaultRolloverStrategy
appender.state.strategy.max = 2

rootLogger.level = INFO
rootLogger.appenderRef.server.ref = server

logger.request.name = kafka.request.logger
logger.request.level = WARN
logger.network.name = kafka.network.RequestChannel$
logger.network.level = WARN
logger.state.name = state.change.logger
logger.state.level = INFO
logger.state.additivity = false
logger.state.appenderRef.state.ref = state
EOF

  cat >"$TOOLS_LOG4J" <<'EOF'
# Generated by deploy/local/kafka.sh. CLI tools: warnings only, to stderr.
status = warn
name = khabar-kafka-tools
appender.stderr.type = Console
appender.stderr.name = stderr
appender.stderr.target = SYSTEM_ERR
appender.stderr.layout.type = PatternLayout
appender.stderr.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = WARN
rootLogger.appenderRef.stderr.ref = stderr
EOF
}

# Run a Kafka CLI class (e.g. org.apache.kafka.tools.TopicCommand) against the cached jars.
# Bounded by TOOL_TIMEOUT seconds (default 120) so a wedged broker can't hang the script.
run_tool() {
  local cls="$1"; shift
  # shellcheck disable=SC2086
  timeout "${TOOL_TIMEOUT:-120}" "$JAVA" $TOOLS_JVM_OPTS -Dlog4j2.configurationFile="$TOOLS_LOG4J" \
    -cp "$LIBS_DIR/*" "$cls" "$@"
}

broker_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against pid reuse: the process must be our kafka.Kafka.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

is_running() { broker_pid >/dev/null; }

port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# Does the broker answer an admin request?
broker_answers() {
  TOOL_TIMEOUT=30 run_tool org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$BOOTSTRAP" --list >/dev/null 2>&1
}

print_log_tail() {
  local f
  for f in "$BROKER_OUT" "$BROKER_LOG"; do
    if [[ -s "$f" ]]; then
      log "---- last 50 lines of $f ----"
      tail -n 50 "$f" >&2
    fi
  done
}

format_storage_if_needed() {
  if [[ -f "$DATA_DIR/meta.properties" ]]; then
    log "storage already formatted ($DATA_DIR), keeping data"
    return 0
  fi
  local cid
  if [[ -s "$CLUSTER_ID_FILE" ]]; then
    cid="$(cat "$CLUSTER_ID_FILE")"
  else
    cid="$(run_tool kafka.tools.StorageTool random-uuid | tail -n1 | tr -d '[:space:]')"
    [[ -n "$cid" ]] || die "could not generate a cluster id"
    echo "$cid" >"$CLUSTER_ID_FILE"
  fi
  log "formatting storage (cluster id $cid) ..."
  run_tool kafka.tools.StorageTool format -t "$cid" -c "$SERVER_PROPS" --ignore-formatted >&2 \
    || die "kafka.tools.StorageTool format failed"
}

log_has_started_since() {
  local offset="$1" size
  size="$(wc -c <"$BROKER_LOG" 2>/dev/null || echo 0)"
  ((size >= offset)) || offset=0 # log rolled over meanwhile
  # No grep -q: with pipefail, an early grep exit could SIGPIPE tail and fail the pipeline.
  tail -c "+$((offset + 1))" "$BROKER_LOG" 2>/dev/null | grep 'Kafka Server started' >/dev/null
}

# wait_until_ready PID [LOG_OFFSET]: LOG_OFFSET is server.log's size before this start, so a
# "Kafka Server started" line left by an earlier run is not mistaken for this one.
wait_until_ready() {
  local pid="$1" offset="${2:-0}" deadline=$((SECONDS + START_TIMEOUT))
  while ((SECONDS < deadline)); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "broker process $pid exited during start-up"
      rm -f "$PID_FILE"
      print_log_tail
      exit 1
    fi
    if port_open "$PORT" \
        && log_has_started_since "$offset" \
        && broker_answers; then
      return 0
    fi
    sleep 0.5
  done
  log "broker did not answer on $BOOTSTRAP within ${START_TIMEOUT}s"
  print_log_tail
  exit 1
}

cmd_start() {
  if is_running; then
    log "broker already running (pid $(broker_pid)) on $BOOTSTRAP"
    wait_until_ready "$(broker_pid)"
    ensure_topics
    return 0
  fi
  if port_open "$PORT" || port_open "$CONTROLLER_PORT"; then
    die "port $PORT or $CONTROLLER_PORT on $HOST is already in use by another process"
  fi
  ensure_installed
  write_configs
  format_storage_if_needed

  log "starting Kafka $KAFKA_VERSION on $BOOTSTRAP (controller $HOST:$CONTROLLER_PORT) ..."
  : >"$BROKER_OUT"
  rm -f "$PID_FILE" # may be stale (e.g. broker was SIGKILLed); the launcher rewrites it
  local log_offset=0
  [[ -f "$BROKER_LOG" ]] && log_offset="$(wc -c <"$BROKER_LOG")"
  # setsid: own session, so the broker outlives the calling shell/job.
  # The inner bash writes its own pid and then execs java, so the pid file holds java's pid.
  # shellcheck disable=SC2086,SC2016
  nohup setsid bash -c 'echo $$ >"$0"; exec "$@"' "$PID_FILE" \
    "$JAVA" $BROKER_HEAP_OPTS $BROKER_JVM_OPTS \
    -Dkafka.logs.dir="$LOGS_DIR" \
    -Dlog4j2.configurationFile="$BROKER_LOG4J" \
    -cp "$LIBS_DIR/*" kafka.Kafka "$SERVER_PROPS" \
    >>"$BROKER_OUT" 2>&1 </dev/null &
  local _ pid=""
  for _ in $(seq 1 50); do
    pid="$(cat "$PID_FILE" 2>/dev/null || true)"
    [[ -n "$pid" ]] && break
    sleep 0.1
  done
  [[ -n "$pid" ]] || { print_log_tail; die "broker did not write its pid file"; }

  wait_until_ready "$pid" "$log_offset"
  log "broker up (pid $pid) on $BOOTSTRAP after ${SECONDS}s"
  ensure_topics
}

# Create topics given as name:partitions, skipping those that already exist.
ensure_topics() {
  local specs=("${DEFAULT_TOPICS[@]}" "$@")
  local existing spec name parts
  for spec in "$@"; do
    [[ "$spec" =~ ^[A-Za-z0-9._-]+(:[1-9][0-9]*)?$ ]] \
      || die "bad topic spec '$spec' (want name or name:partitions)"
  done
  existing="$(run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --list)" \
    || die "cannot list topics on $BOOTSTRAP"
  for spec in "${specs[@]}"; do
    name="${spec%%:*}"
    parts="${spec#*:}"
    [[ "$spec" == *:* ]] || parts=3
    if grep -qxF "$name" <<<"$existing"; then
      log "topic $name exists"
      continue
    fi
    local out configs=()
    if [[ " ${COMPACTED_TOPICS[*]} " == *" $name "* ]]; then
      configs=(--config cleanup.policy=compact)
    fi
    if ! out="$(run_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
        --create --if-not-exists --topic "$name" --partitions "$parts" --replication-factor 1 \
        "${configs[@]}" 2>&1)"; then
      echo "$out" >&2
      die "failed to create topic $name"
    fi
    # Drop TopicCommand's generic "period or underscore" metric-name warning.
    grep -v '^WARNING: Due to limitations in metric names' <<<"$out" >&2 || true
  done
}

cmd_topics() {
  is_running || die "broker is not running (run: $0 start)"
  write_configs_tools_only
  ensure_topics "$@"
}

# topics/status may run without a prior start in this checkout's state: make sure the
# tools log config exists without touching the broker config.
write_configs_tools_only() {
  [[ -f "$TOOLS_LOG4J" ]] && return 0
  write_configs
}

cmd_status() {
  local pid
  if ! pid="$(broker_pid)"; then
    log "broker not running"
    return 1
  fi
  is_installed || { log "broker pid $pid but jars missing"; return 1; }
  write_configs_tools_only
  if broker_answers; then
    log "broker running (pid $pid) and answering on $BOOTSTRAP"
    return 0
  fi
  log "broker process $pid is up but not answering on $BOOTSTRAP"
  return 1
}

cmd_stop() {
  local pid
  if ! pid="$(broker_pid)"; then
    log "broker not running"
    rm -f "$PID_FILE"
    return 0
  fi
  log "stopping broker (pid $pid) ..."
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
    sleep 0.25
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "broker still alive after 20s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
  fi
  rm -f "$PID_FILE"
  log "broker stopped"
}

cmd_reset() {
  cmd_stop
  log "deleting $DATA_DIR"
  rm -rf "$DATA_DIR" "$CLUSTER_ID_FILE"
}

cmd_tool() {
  [[ $# -ge 1 ]] || die "usage: $0 tool CLASS [args...]"
  is_installed || die "Kafka jars not installed (run: $0 install)"
  write_configs_tools_only
  TOOL_TIMEOUT="${TOOL_TIMEOUT:-0}" run_tool "$@"
}

cmd_logs() { tail -n "${1:-100}" -F "$BROKER_LOG"; }

usage() {
  awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0" >&2
}

main() {
  local cmd="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "$cmd" in
    install) cmd_install ;;
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    reset) cmd_reset ;;
    topics) cmd_topics "$@" ;;
    logs) cmd_logs "$@" ;;
    tool) cmd_tool "$@" ;;
    -h|--help|help) usage ;;
    *) usage; exit 2 ;;
  esac
}

main "$@"
