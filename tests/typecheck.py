"""A runtime check of a value against a type annotation: TypedDicts (required and optional
keys, no others), lists, dicts, unions, None and plain classes. What the tests of the store's
and the queries' records use to hold the code to its declarations."""

from __future__ import annotations

import types
from collections.abc import Sequence
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

__all__ = ["conforms"]


def conforms(value: Any, kind: Any, where: str) -> list[str]:
    """Why ``value`` is not of type ``kind`` (empty: it is)."""
    origin = get_origin(kind)
    if kind is Any:
        return []
    if origin in (Union, types.UnionType):
        reasons = [conforms(value, option, where) for option in get_args(kind)]
        return [] if any(not r for r in reasons) else [f"{where}: {value!r} is none of {kind}"]
    if kind is type(None):
        return [] if value is None else [f"{where}: {value!r} is not None"]
    if is_typeddict(kind):
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a {kind.__name__}"]
        hints = get_type_hints(kind)
        required, optional = kind.__required_keys__, kind.__optional_keys__
        problems = [f"{where}: {kind.__name__} lacks {sorted(required - value.keys())}"] if required - value.keys() \
            else []
        extra = value.keys() - required - optional
        if extra:
            problems.append(f"{where}: {kind.__name__} does not declare {sorted(extra)}")
        for key in value.keys() & hints.keys():
            problems += conforms(value[key], hints[key], f"{where}.{key}")
        return problems
    if origin in (list, Sequence):
        (item,) = get_args(kind)
        if not isinstance(value, list if origin is list else (list, tuple)):
            return [f"{where}: {value!r} is not a {origin.__name__}"]
        return [p for n, v in enumerate(value) for p in conforms(v, item, f"{where}[{n}]")]
    if origin is dict:
        key_type, item = get_args(kind)
        if not isinstance(value, dict):
            return [f"{where}: {value!r} is not a dict"]
        return [p for k, v in value.items() for p in conforms(k, key_type, where) + conforms(v, item, f"{where}[{k}]")]
    if kind is float:
        return [] if isinstance(value, (int, float)) and not isinstance(value, bool) else [f"{where}: {value!r}"]
    if kind is int:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{where}: {value!r} is not an int"]
    return [] if isinstance(value, kind) else [f"{where}: {value!r} is not a {kind.__name__}"]
