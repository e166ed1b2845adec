"""Date formats, one per language (FORMAT_MODULE_PATH): the pages format dates with ``|date``, the
messages with ``isoformat()`` or ``date_format``; all of them read ISO 8601 (2026-03-09) in both
languages, so a page never shows one date two ways."""
