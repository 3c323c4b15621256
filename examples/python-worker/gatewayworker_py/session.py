"""Sessions are JSON objects (dicts here). The three ways to change one, as the Gateway applies them.

* REPLACE (set_session): the whole session becomes the new object.
* MERGE (update_session): objects merge key by key, recursively; any other value replaces.
* PATCH (a handler's write-back): top-level keys set, other top-level keys deleted.
"""

import json
from typing import Any

Session = dict[str, Any]


def to_json(value: Any) -> str:
    """Compact JSON text, as the Gateway stores it. Raises TypeError/ValueError for non-JSON values."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def parse_session(data: bytes | str) -> Session:
    """Parses session JSON; raises ValueError unless it is a JSON object."""
    value = json.loads(data)
    if not isinstance(value, dict):
        raise ValueError("a session must be a JSON object")
    return value


def deep_merge(target: Session, changes: Session) -> Session:
    """A new session: ``changes`` deep-merged into ``target`` (updateSession)."""
    result = dict(target)
    for key, value in changes.items():
        current = result.get(key)
        if isinstance(current, dict) and isinstance(value, dict):
            result[key] = deep_merge(current, value)
        else:
            result[key] = value
    return result


def apply_patch(target: Session, set_keys: Session, unset_keys: list[str]) -> Session:
    """A new session: the top-level keys of ``set_keys`` set, ``unset_keys`` deleted (PATCH)."""
    result = {**target, **set_keys}
    for key in unset_keys:
        result.pop(key, None)
    return result


def snapshot(session: Session) -> dict[str, str]:
    """The JSON text of every top-level value, to tell afterwards which keys a handler changed."""
    return {key: _canonical(value) for key, value in session.items()}


def diff(before: dict[str, str], after: Session) -> tuple[Session, list[str]]:
    """Top-level changes from a snapshot to a session: ``(keys set, keys removed)``.

    Raises TypeError/ValueError if a value cannot be encoded as JSON.
    """
    set_keys = {key: value for key, value in after.items() if before.get(key) != _canonical(value)}
    unset_keys = [key for key in before if key not in after]
    return set_keys, unset_keys


def _canonical(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False)
