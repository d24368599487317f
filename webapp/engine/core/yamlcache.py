"""A cache of parsed rule files, so that a command-line run does not parse the YAML again.

Keyed by the SHA-256 of a file's bytes, so an edited file is never served stale. Stored with
``marshal`` (plain data only: it cannot run code), dates as tagged tuples. The cache lives in
``$WEIGHBRIDGE_CACHE_DIR``, else ``$XDG_CACHE_HOME/weighbridge``, else ``~/.cache/weighbridge``;
a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import marshal
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1
DATE_TAG = "__date__"


def cache_directory() -> Path | None:
    configured = os.environ.get("WEIGHBRIDGE_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "weighbridge"


def _tag(value: Any) -> tuple[Any, bool]:
    """Dates as (DATE_TAG, iso) tuples (YAML never yields tuples); whether any was found."""
    if isinstance(value, dt.date):
        return (DATE_TAG, value.isoformat()), True
    if isinstance(value, dict):
        items = [(k, _tag(v)) for k, v in value.items()]
        return {k: v for k, (v, _) in items}, any(found for _, (_, found) in items)
    if isinstance(value, list):
        items = [_tag(v) for v in value]
        return [v for v, _ in items], any(found for _, found in items)
    return value, False


def _untag(value: Any) -> Any:
    if isinstance(value, tuple) and len(value) == 2 and value[0] == DATE_TAG:
        return dt.date.fromisoformat(value[1])
    if isinstance(value, dict):
        return {k: _untag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_untag(v) for v in value]
    return value


def cached_parse(data: bytes, parse: Callable[[str], Any]) -> Any:
    """``parse(text)`` of the file's bytes, from the cache when it holds them."""
    directory = cache_directory()
    key = hashlib.sha256(data).hexdigest()
    path = directory / f"{key}.marshal" if directory else None
    if path is not None:
        try:
            version, has_dates, stored = marshal.loads(path.read_bytes())
            if version == FORMAT:
                return _untag(stored) if has_dates else stored
        except (OSError, EOFError, ValueError, TypeError):
            pass
    parsed = parse(data.decode("utf-8"))
    if path is not None:
        _store(path, parsed)
    return parsed


def _store(path: Path, parsed: Any) -> None:
    tagged, has_dates = _tag(parsed)
    try:
        payload = marshal.dumps((FORMAT, has_dates, tagged))
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}.part")
        partial.write_bytes(payload)
        os.replace(partial, path)  # atomic: a reader sees no file or the whole file
    except (OSError, ValueError):
        pass
