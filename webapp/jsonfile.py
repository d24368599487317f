"""Reading a JSON file a user hands to the command line (answers, imports) without surprises:
a size limit checked before reading, UTF-8 only, and every way the text can be unreadable
turned into one sentence naming the file."""

from __future__ import annotations

import json
import os
from typing import Any

from .config import MAX_UPLOAD_BYTES


class JsonFileError(ValueError):
    """Why a file cannot be read as JSON, in one line that starts with the file's name."""


def read_json_file(path: str, limit: int = MAX_UPLOAD_BYTES) -> Any:
    """The parsed JSON of ``path``; raises JsonFileError with a one-line reason."""
    try:
        size = os.path.getsize(path)
        if size > limit:
            raise JsonFileError(f"{path}: {size:,} bytes; files of at most {limit // 2**20} MB "
                                "are read")
        with open(path, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as error:
        raise JsonFileError(f"{path}: cannot read ({error.strerror or error})") from None
    return parse_json_bytes(raw, path, limit)


def parse_json_bytes(raw: bytes, name: str, limit: int = MAX_UPLOAD_BYTES) -> Any:
    """The parsed JSON of an uploaded or read file's bytes; JsonFileError naming ``name``."""
    path = name
    if len(raw) > limit:
        raise JsonFileError(f"{path}: more than {limit // 2**20} MB; files of at most "
                            f"{limit // 2**20} MB are read")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4]:
        raise JsonFileError(f"{path}: the file is UTF-16 or UTF-32; save it as UTF-8")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise JsonFileError(f"{path}: not UTF-8 text (byte {error.start + 1} cannot be read); "
                            "save it as UTF-8") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonFileError(f"{path}: not valid JSON (line {error.lineno}, column "
                            f"{error.colno}: {error.msg})") from None
    except RecursionError:
        raise JsonFileError(f"{path}: the JSON is nested too deeply to read") from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        reason = str(error).split(";")[0].split(":")[0]
        raise JsonFileError(f"{path}: a value cannot be read ({reason})") from None
