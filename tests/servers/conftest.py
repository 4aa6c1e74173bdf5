"""tests/servers/: the whole assistant, through the real Rasa server and action server (started by
tests/servers.py and tests/cluster.py, the support modules of the same name next to this folder;
scripts/train.sh trains the model they need): whole conversations, channels, faults, security,
scale-out, verification, Rasa's own data checks and test stories, `scripts/serve.sh run`, and the
website chat in headless Chromium. These tests are marked `servers` (`make test-fast` leaves them
out); the few checks in these files that need no server (the chat page's files, the outside
conversation set's labels and its runner's checks) run in `make test-fast` too.

No fixtures of this layer's own: each module starts the servers it needs, configured its own way.
"""
