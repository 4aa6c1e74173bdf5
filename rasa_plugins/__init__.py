"""Code the Rasa server itself loads (named in endpoints.yml and config.yml): the lock store chosen
from the environment. Channels live in `channels/`; the assistant's logic stays in `bot/` and
`actions/`."""
