#!/usr/bin/env bash
# Print the path of a trained model for the current training data, training only when needed.
#
# Models are keyed on a hash of everything training reads (config, domain, data, the lock file) and
# cached under $COMPLAINTS_CACHE/models, so a fresh checkout of unchanged data reuses the last model
# instead of training again (several minutes on these two cores). Progress goes to stderr; the
# path to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."

# The inputs are copied first and the model trained from the copy, so the model under a key is the
# data that key was computed from, even if a file changes while this waits for the lock or trains.
inputs=$(mktemp -d)
trap 'rm -rf "$inputs"' EXIT
cp -r config.yml domain.yml requirements.lock data rasa_plugins/train.py "$inputs/"
# train.py is in the key: how the model is trained (TensorFlow's op determinism) is part of what it is.
key=$( (cd "$inputs" && cat config.yml domain.yml requirements.lock train.py && find data -type f -name '*.yml' | LC_ALL=C sort | xargs cat) | sha256sum | cut -c1-16)
name="assistant-$key"
model="models/$name.tar.gz"
cache=${COMPLAINTS_CACHE:-$HOME/.cache/complaints-assistant}/models
mkdir -p models "$cache"

if [ -f "$model" ]; then
  echo "$model"
  exit 0
fi
if [ -f "$cache/$name.tar.gz" ]; then
  echo "Reusing the model trained on this data before ($cache/$name.tar.gz)." >&2
  cp "$cache/$name.tar.gz" "$model"
  echo "$model"
  exit 0
fi
# One training at a time on the machine (two at once on 2 cores take longer than one after the
# other), and Rasa's component cache shared by every checkout: a change that touches only the
# domain's responses re-packages the model in seconds instead of training every component again.
# (A cache of its own since training became deterministic: Rasa keys a component on its config and
# data, not on how it was trained, so an older cache would hand back a component trained without.)
export RASA_CACHE_DIRECTORY=${RASA_CACHE_DIRECTORY:-$cache/../rasa-cache-deterministic}
exec 9>"$cache/.train.lock"
flock 9
if [ -f "$cache/$name.tar.gz" ]; then  # trained by another checkout while this one waited
  cp "$cache/$name.tar.gz" "$model"
  echo "$model"
  exit 0
fi
echo "Training the assistant's model (5 to 10 minutes on 2 cores)..." >&2
log="models/$name.train.log"
if ! .venv/bin/python -m rasa_plugins.train --fixed-model-name "$name" --out models \
  --config "$inputs/config.yml" --domain "$inputs/domain.yml" --data "$inputs/data" >"$log" 2>&1; then
  tail -40 "$log" >&2
  echo "Training failed; the full log is in $log" >&2
  exit 1
fi
cp "$model" "$cache/$name.tar.gz.tmp" && mv "$cache/$name.tar.gz.tmp" "$cache/$name.tar.gz"
echo "$model"
