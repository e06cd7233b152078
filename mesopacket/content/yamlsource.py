"""Load YAML safely while remembering the line of every key and list item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError


class LocatedDict(dict):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]


class LocatedList(list):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


#: libyaml's parser when PyYAML was built with it (its wheels are), else the pure-Python one; both are safe.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse one YAML file with the safe loader; errors name `shown` and the line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError("file not found", shown) from None
    except UnicodeDecodeError as err:
        raise ContentError(f"not UTF-8 text ({err.reason})", shown) from None
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        return _convert(node, loader, shown) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = " ".join(filter(None, [err.context, err.problem]))
        raise ContentError(f"invalid YAML: {problem}", shown, mark.line + 1 if mark else None) from None
    except yaml.YAMLError as err:
        raise ContentError(f"invalid YAML: {err}", shown) from None
    finally:
        loader.dispose()


PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")


def _convert(node: yaml.Node, loader: Any, shown: str) -> Any:
    """Turn a composed node into plain data with line numbers attached."""
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.tag not in PLAIN_TAGS:
        raise ContentError(f"invalid YAML: unsupported tag {node.tag}", shown, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result = LocatedDict()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int)):
                raise ContentError(f"a key must be a word, not {key!r}", shown, line)
            if key in result:
                raise ContentError(f"duplicate key '{key}'", shown, line)
            result[key] = _convert(value_node, loader, shown)
            result.lines[key] = line
        return result
    if isinstance(node, yaml.SequenceNode):
        items = LocatedList(_convert(item, loader, shown) for item in node.value)
        items.line = node.start_mark.line + 1
        items.lines = [item.start_mark.line + 1 for item in node.value]
        return items
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as err:  # a date like 2026-13-01: PyYAML's timestamp constructor raises ValueError
        raise ContentError(f"invalid value '{node.value}': {err}", shown, node.start_mark.line + 1) from None


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """Return the line of the deepest part of `path` that exists in `data`."""
    line = getattr(data, "line", None)
    for part in path:
        if isinstance(data, LocatedDict) and part in data:
            line, data = data.lines[part], data[part]
        elif isinstance(data, LocatedList) and isinstance(part, int) and 0 <= part < len(data):
            line, data = data.lines[part], data[part]
    return line
