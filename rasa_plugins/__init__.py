"""Code the Rasa server itself loads (named in endpoints.yml and config.yml): the tracker store, the
lock store chosen from the environment, the project's policies; and `launch.py`, the `rasa` command
that first installs the Rasa patches (`patches/`, docs/rasa-patches.md). Channels live in
`channels/`; the assistant's logic stays in `bot/` and `actions/`."""
