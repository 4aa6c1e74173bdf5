#!/usr/bin/env bash
# Start the action server in the background and the Rasa server (or `rasa shell`) in the foreground.
# Usage: scripts/serve.sh run|shell|interactive. Stopping the foreground process stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
# Everything the servers create (databases, the outbox, logs, the web chat's session key) is readable
# by this user only (docs/security-channels-and-data.md).
umask 077

mode=${1:-run}
# The HTTP API (off unless RASA_ENABLE_API=1, and then only with RASA_AUTH_TOKEN) and CORS origins
# (none unless CORS_ORIGINS): checked before anything else, so unsafe settings stop at once.
server_options=()
if [ "$mode" = run ]; then
  options=$(scripts/rasa-server-options.sh)
  if [ -n "$options" ]; then mapfile -t server_options <<<"$options"; fi
fi
model=$(scripts/train.sh)
mkdir -p var
: "${ACTION_PORT:=5055}" "${RASA_PORT:=5005}"
export ACTION_SERVER_URL=${ACTION_SERVER_URL:-http://127.0.0.1:$ACTION_PORT/webhook}
# The action server listens on loopback only (ACTION_SERVER_HOST for another address) and answers
# only calls carrying this shared secret (rasa_sdk_plugins/). Set ACTION_SERVER_TOKEN to the same
# value for a Rasa server and an action server on different machines; otherwise a fresh one is
# made here for the pair this script starts, and never written anywhere.
if [ -z "${ACTION_SERVER_TOKEN:-}" ]; then
  ACTION_SERVER_TOKEN=$(.venv/bin/python -c 'import secrets; print(secrets.token_hex(32))')
fi
export ACTION_SERVER_TOKEN
export ACTION_SERVER_HOST=${ACTION_SERVER_HOST:-127.0.0.1}
# Stores (docs/production.md): one machine by default; PostgreSQL and Redis for several servers.
export TRACKER_STORE_URL=${TRACKER_STORE_URL:-sqlite:///var/tracker.db}
export LOCK_STORE=${LOCK_STORE:-in_memory}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/0}
# TensorFlow (DIET's predictions) on one thread per server: a message is one small batch, and with
# several Rasa servers on a machine TensorFlow's own thread pools spin against each other (about a
# sixth of the CPU per turn with two servers on 2 cores; docs/measurements.md, "Load").
export TF_INTRA_OP_PARALLELISM_THREADS=${TF_INTRA_OP_PARALLELISM_THREADS:-1}
export TF_INTER_OP_PARALLELISM_THREADS=${TF_INTER_OP_PARALLELISM_THREADS:-1}
# Where the `callback` channel POSTs replies (a messaging platform's receiver). Unset, the channel is
# off and refuses every message (404): replies go nowhere nobody chose.
export CALLBACK_URL=${CALLBACK_URL:-}

# One log per action server, so several pairs on one machine (docs/production.md) keep theirs.
action_log=var/action-server-$ACTION_PORT.log
.venv/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" >"$action_log" 2>&1 &
actions_pid=$!
trap 'kill $actions_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 120); do
  if curl -fsS "http://127.0.0.1:$ACTION_PORT/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 $actions_pid 2>/dev/null; then cat "$action_log" >&2; exit 1; fi
  sleep 0.5
done
echo "Action server on http://127.0.0.1:$ACTION_PORT (log: $action_log)"
echo "Provider: ${COMPLAINTS_PROVIDER:-infinity-group (default)}; clock: ${COMPLAINTS_NOW:-real time}"

# `rasa`, with the Rasa patches installed first unless RASA_PATCHES=off (docs/rasa-patches.md).
rasa=(.venv/bin/python -m rasa_plugins.launch)
if [ "$mode" = shell ]; then
  "${rasa[@]}" shell --model "$model" --endpoints endpoints.yml
elif [ "$mode" = interactive ]; then
  "${rasa[@]}" interactive --model "$model" --endpoints endpoints.yml --skip-visualization
else
  echo "Assistant on http://127.0.0.1:$RASA_PORT (REST: POST /webhooks/rest/webhook)"
  echo "Website chat on http://127.0.0.1:$RASA_PORT/webhooks/webchat/?provider=${COMPLAINTS_PROVIDER:-infinity-group}"
  echo "  try: curl -s -XPOST localhost:$RASA_PORT/webhooks/rest/webhook -H 'content-type: application/json' -d '{\"sender\":\"me\",\"message\":\"how long will you take to reply?\"}'"
  # Loopback unless RASA_INTERFACE names another address (0.0.0.0 behind a proxy in production):
  # Rasa's own default is every interface (outside attacker, 26 Nov: `make run` answered on the
  # machine's network address).
  "${rasa[@]}" run --model "$model" --interface "${RASA_INTERFACE:-127.0.0.1}" --port "$RASA_PORT" \
    --endpoints endpoints.yml --credentials credentials.yml "${server_options[@]}"
fi
