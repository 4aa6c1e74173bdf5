"""tests/channels/: the channels (channels/) and the HTTP edge in front of Rasa, without servers:
the request checks and the web chat's session ids, the message size limit, the plain "Source: ..."
line on text-only channels, and the HTTP API and CORS options serve.sh passes to `rasa run`
(scripts/rasa-server-options.sh). The same edges through the real servers are in tests/servers/.

No fixtures of this layer's own: each module's are in the module.
"""
