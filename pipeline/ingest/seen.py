"""The article ids a run has met, and where each was first met, for duplicate detection.

A dict of them grew by about 150 bytes an article (150 MB for a million texts). They are
kept in a private temporary SQLite database instead: on disk, with SQLite's bounded page
cache in memory, deleted by SQLite itself when closed or when the process ends.
"""

from __future__ import annotations

import sqlite3


class SeenIds:
    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private temporary database on disk
        self._db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY, first TEXT NOT NULL) WITHOUT ROWID")

    def claim(self, article_id: str, where: str) -> str | None:
        """Where `article_id` was first met, or None if this is the first time (now recorded)."""
        if self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (article_id, where)).rowcount:
            return None
        return self._db.execute("SELECT first FROM seen WHERE id = ?", (article_id,)).fetchone()[0]

    def close(self) -> None:
        self._db.close()
