"""Load YAML safely while remembering the line of every key and list item."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ContentError
from ..options import MAX_FILE_BYTES, YAML_ALIAS_BUDGET, YAML_MAX_DEPTH


class LocatedDict(dict[Any, Any]):
    """A YAML mapping that knows its own line and the line of each key."""

    line: int = 0
    lines: dict[Any, int]


class LocatedList(list[Any]):
    """A YAML sequence that knows its own line and the line of each item."""

    line: int = 0
    lines: list[int]


#: libyaml's parser when PyYAML was built with it (its wheels are), else the pure-Python one; both are safe.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(path: Path, shown: str) -> Any:
    """Parse one YAML file with the safe loader; errors name `shown` and the line."""
    text = _decode(read_bytes(path, shown), shown)
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
        return _Converter(loader, shown).convert(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        problem = " ".join(filter(None, [err.context, err.problem]))
        raise ContentError(f"invalid YAML: {problem}", shown, mark.line + 1 if mark else None) from None
    except yaml.reader.ReaderError as err:
        line = text[:err.position].count("\n") + 1
        raise ContentError(f"invalid YAML: character #x{err.character:04x} is not allowed", shown, line) from None
    except yaml.YAMLError as err:
        raise ContentError(f"invalid YAML: {err}", shown) from None
    finally:
        loader.dispose()


def read_bytes(path: Path, shown: str, limit: int = MAX_FILE_BYTES) -> bytes:
    """Read a content file of at most `limit` bytes; a folder, a huge file or an OS error is one clear problem."""
    try:
        if path.is_dir():
            raise ContentError("is a folder, not a file", shown)
        if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
            raise ContentError("is not a regular file", shown)
        size = path.stat().st_size
        if size > limit:
            raise ContentError(f"the file is too large ({size} bytes; the limit is {limit})", shown)
        return path.read_bytes()
    except FileNotFoundError:
        raise ContentError("file not found", shown) from None
    except OSError as err:
        raise ContentError(f"cannot read the file: {err.strerror or err}", shown) from None


def _decode(data: bytes, shown: str) -> str:
    """Decode UTF-8 text; bad bytes and NUL bytes are named with their line (the bytes themselves never)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise ContentError(f"not UTF-8 text ({err.reason})", shown, line) from None
    if "\0" in text:
        raise ContentError("a NUL byte is not allowed in a text file", shown, text[:text.index("\0")].count("\n") + 1)
    return text


PLAIN_TAGS = ("tag:yaml.org,2002:map", "tag:yaml.org,2002:seq")
#: The scalar tags YAML gives plain values by itself; any other (`!!binary`, `!!python/...`, `!custom`) is refused.
SCALAR_TAGS = tuple(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "timestamp"))
STR = "tag:yaml.org,2002:str"


class _Converter:
    """Turns a composed node graph into plain data with lines, within the alias budget and depth limit."""

    def __init__(self, loader: Any, shown: str):
        self.loader, self.shown = loader, shown
        self.seen: set[int] = set()  # nodes converted once: reaching one again is through an alias
        self.open: set[int] = set()  # nodes being converted: reaching one of these is a recursive alias
        self.expanded = 0
        self.via: int | None = None  # the line of the outermost alias being expanded

    def convert(self, node: yaml.Node, line: int | None = None, depth: int = 0) -> Any:
        """Convert one node (reached at `line`); aliases count against the budget."""
        line = line or node.start_mark.line + 1
        if id(node) in self.open:
            raise ContentError("invalid YAML: a recursive alias (an anchor used inside itself)", self.shown, line)
        if id(node) in self.seen and self.via is None:
            self.via = line
            try:
                return self.convert(node, line, depth)
            finally:
                self.via = None
        if self.via is not None:
            self.expanded += 1
            if self.expanded > YAML_ALIAS_BUDGET:
                raise ContentError(f"invalid YAML: aliases expand to more than {YAML_ALIAS_BUDGET} values "
                                   "(YAML_ALIAS_BUDGET)", self.shown, self.via)
        if depth > YAML_MAX_DEPTH:
            raise ContentError(f"invalid YAML: nested more than {YAML_MAX_DEPTH} levels deep", self.shown, line)
        self.seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if node.tag not in PLAIN_TAGS:
            raise ContentError(f"invalid YAML: unsupported tag {node.tag}", self.shown, node.start_mark.line + 1)
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.MappingNode):
                return self.mapping(node, depth)
            return self.sequence(node, depth) if isinstance(node, yaml.SequenceNode) else None
        finally:
            self.open.discard(id(node))

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """Construct a plain scalar; an explicit or unusual tag is refused."""
        quoted = bool(node.style)  # libyaml says "" for a plain scalar, the pure-Python parser None
        if quoted and node.tag == STR:  # what a quoted scalar resolves to anyway: its text, as typed
            return node.value
        plain = self.loader.resolve(yaml.ScalarNode, node.value, (not quoted, quoted))
        if node.tag not in SCALAR_TAGS or node.tag != plain:
            raise ContentError(f"invalid YAML: unsupported tag {node.tag}", self.shown, node.start_mark.line + 1)
        try:
            return self.loader.construct_object(node, deep=True)
        except ValueError as err:  # a date like 2026-13-01: PyYAML's timestamp constructor raises ValueError
            raise ContentError(f"invalid value '{node.value}': {err}", self.shown, node.start_mark.line + 1) from None

    def mapping(self, node: yaml.MappingNode, depth: int) -> LocatedDict:
        """Convert a mapping, remembering each key's line."""
        result = LocatedDict()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            key = self.convert(key_node, line, depth + 1) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, (str, int)) or isinstance(key, bool):
                raise ContentError("a key must be a word, not a list, mapping, date or yes/no", self.shown, line)
            if key in result:
                raise ContentError(f"duplicate key '{key}'", self.shown, line)
            result[key] = self.convert(value_node, line, depth + 1)
            result.lines[key] = line
        return result

    def sequence(self, node: yaml.SequenceNode, depth: int) -> LocatedList:
        """Convert a list, remembering each item's line."""
        line = node.start_mark.line + 1  # an item reached through an alias is named by its list's line
        items = LocatedList(self.convert(item, line if id(item) in self.seen else None, depth + 1)
                            for item in node.value)
        items.line = node.start_mark.line + 1
        items.lines = [item.start_mark.line + 1 for item in node.value]
        return items


def line_of(data: Any, path: tuple[Any, ...]) -> int | None:
    """Return the line of the deepest part of `path` that exists in `data`."""
    line = getattr(data, "line", None)
    for part in path:
        if isinstance(data, LocatedDict) and part in data:
            line, data = data.lines[part], data[part]
        elif isinstance(data, LocatedList) and isinstance(part, int) and 0 <= part < len(data):
            line, data = data.lines[part], data[part]
    return line
