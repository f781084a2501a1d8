"""`DigestCache`: the digests found, per reference and platform, with the time of lookup.

One JSON file, ``<dlint cache folder>/digests/digests-v1.json``, read once and rewritten
whole (to a temporary file, then renamed) on each `put`, so concurrent runs never read half
a file; a damaged file is an empty cache. Only successful lookups are kept, and only the
reference, digest, media type and time: no header, credential or error text.
"""

from __future__ import annotations

import json
import os
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dlint_dockerfile.lint.cache_dir import default_cache_dir
from dlint_dockerfile.registry.settings import Resolution

__all__ = ["DigestCache"]

_FORMAT = "dlint-digest-cache-1"
_FILE = "digests-v1.json"


class DigestCache:
    """The digest cache at ``path`` (None: ``default_cache_dir()/"digests"/digests-v1.json``)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path if path is not None else default_cache_dir() / "digests" / _FILE
        self._lock = threading.Lock()
        self._entries: dict[str, dict[str, Any]] | None = None

    def get(self, reference: str, platform: str | None) -> Resolution | None:
        """The cached resolution of ``reference`` (canonical) for ``platform``, or None."""
        with self._lock:
            entry = self._load().get(_key(reference, platform))
        if entry is None:
            return None
        return Resolution(
            reference=reference,
            digest=entry["digest"],
            error=None,
            media_type=entry.get("media_type"),
            looked_up_at=entry.get("looked_up_at"),
            cached=True,
        )

    def put(self, resolution: Resolution, platform: str | None) -> None:
        """Keep a successful resolution (errors are not kept) and write the file."""
        self.put_all([resolution], platform)

    def put_all(self, resolutions: Iterable[Resolution], platform: str | None) -> None:
        """Keep the successful ones of ``resolutions``, writing the file once."""
        kept = {
            _key(found.reference, platform): {
                "digest": found.digest,
                "media_type": found.media_type,
                "looked_up_at": found.looked_up_at,
            }
            for found in resolutions
            if found.digest is not None and found.error is None
        }
        if not kept:
            return
        with self._lock:
            entries = self._load()
            entries.update(kept)
            self._write(entries)

    def _load(self) -> dict[str, dict[str, Any]]:
        if self._entries is None:
            self._entries = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = None
            if isinstance(data, dict) and data.get("format") == _FORMAT:
                entries = data.get("entries")
                if isinstance(entries, dict):
                    self._entries = {
                        key: value
                        for key, value in entries.items()
                        if isinstance(value, dict) and isinstance(value.get("digest"), str)
                    }
        return self._entries

    def _write(self, entries: dict[str, dict[str, Any]]) -> None:
        text = json.dumps({"format": _FORMAT, "entries": entries}, indent=1, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".digests-")
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temporary, self.path)
        except OSError:
            pass  # a cache that cannot be written is a cache that misses next time


def _key(reference: str, platform: str | None) -> str:
    return f"{reference}|{platform or ''}"
