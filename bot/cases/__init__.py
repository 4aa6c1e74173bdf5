"""Cases that are never lost: the case store, its lifecycle and the staff desk.

Every complaint becomes a case with a short random reference, the due moment of every promise the
provider's code makes, an append-only event log and a lifecycle taken from the codes. The store runs
on SQLite (embedded, under `var/`) or PostgreSQL (`DATABASE_URL`), migrated by Alembic.
"""
