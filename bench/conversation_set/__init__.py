"""The outside conversation set: its labels, the runner that plays it through the real servers,
and the report (bench/conversations.py; docs/conversation-test-set.md)."""
