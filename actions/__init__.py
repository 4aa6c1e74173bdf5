"""Rasa custom actions: thin adapters from a conversation's tracker to `bot/` and back.

One module per topic. Each action reads the tracker, calls `bot/`, and answers through a
`domain.yml` response with the facts filled in.
"""
