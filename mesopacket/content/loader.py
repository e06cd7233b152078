"""Load YAML files as validated models, gathering every problem with its file and line."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import ContentError, raise_all
from ..options import MAX_CONTENT_BYTES
from .schema import BLOCK_KINDS
from .yamlsource import line_of, load_yaml

Model = TypeVar("Model", bound=BaseModel)


class Loader:
    """Gathers every problem in the content before stopping, each with its file and line."""

    def __init__(self, project: Path):
        self.project = project
        self.problems: list[ContentError] = []
        self.raw: dict[str, Any] = {}
        self.size = 0  # bytes of every file loaded so far (MAX_CONTENT_BYTES)

    def shown(self, path: Path) -> str:
        """Return `path` as the user should see it: relative to the project when inside it."""
        for base, where in ((self.project.absolute(), path.absolute()), (self.project.resolve(), path.resolve())):
            if where.is_relative_to(base):
                return str(where.relative_to(base))
        return str(path)

    def model(self, path: Path, model: type[Model], prepare: Callable[[Any, str], Any] | None = None) -> Model | None:
        """Load one file as one model, or record why it cannot be (an empty file included); `prepare(data, shown)`
        may change the data first."""
        shown = self.shown(path)
        data = self.load(path)
        if data is None and shown in self.raw:
            self.problems.append(ContentError("the file is empty", shown))
        if data is not None and prepare is not None:
            data = prepare(data, shown)
        return None if data is None else self.validate(data, model, shown)

    def require(self, path: Path, model: type[Model], prepare: Callable[[Any, str], Any] | None = None) -> Model:
        """Load a file that must be there; if it cannot be used, stop with every problem gathered so far."""
        found = self.model(path, model, prepare)
        if found is None:
            raise_all(self.problems)
            raise ContentError("the file could not be read", self.shown(path))
        return found

    def load(self, path: Path) -> Any:
        """Parse one YAML file, or record why it cannot be parsed."""
        shown = self.shown(path)
        self.size += path.stat().st_size if path.is_file() else 0
        if self.size > MAX_CONTENT_BYTES:  # stop at once: reading more would only take longer
            raise ContentError(f"the content is too large: more than {MAX_CONTENT_BYTES} bytes in all "
                               "(MAX_CONTENT_BYTES)", shown)
        try:
            if outside_project(path, self.project):
                raise ContentError("the file is a link to a place outside the project; refused", shown)
            data = load_yaml(path, shown)
        except ContentError as err:
            self.problems.append(err)
            return None
        self.raw[shown] = data
        return data

    def validate(self, data: Any, model: type[Model], shown: str, where: tuple[Any, ...] = ()) -> Model | None:
        """Validate data against a model, recording each schema error with its line."""
        try:
            return model.model_validate(data)
        except ValidationError as err:
            errors = _suggest_renames(err.errors())
            for error in errors:
                loc = _without_tags(error["loc"])
                line = line_of(data, loc)
                self.problems.append(ContentError(_describe(where + loc, error), shown, line))
            return None

    def problem(self, message: str, shown: str, raw: Any, path: tuple[Any, ...] = (), rule: str = "content") -> None:
        """Record a cross-check problem at the line `path` leads to in `raw`."""
        self.problems.append(ContentError(message, shown, line_of(raw, path), rule=rule))


def outside_project(path: Path, project: Path) -> bool:
    """Tell whether a path inside the project folder is a link (or under one) that leads outside it."""
    inside = path.absolute().is_relative_to(project.absolute())
    return inside and not path.resolve().is_relative_to(project.resolve())


def _without_tags(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the block-kind tags pydantic adds after a list index."""
    return tuple(part for i, part in enumerate(loc)
                 if not (part in BLOCK_KINDS and i > 0 and isinstance(loc[i - 1], int) and i + 1 < len(loc)))


def _suggest_renames(errors: list[Any]) -> list[Any]:
    """Fold 'unknown key tilte' and 'missing title' in one mapping into one error with a suggestion."""
    missing = {(e["loc"][:-1], e["loc"][-1]): e for e in errors if e["type"] == "missing"}
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent = error["loc"][:-1]
            names = [name for (where, name) in missing if where == parent]
            close = difflib.get_close_matches(str(error["loc"][-1]), names, n=1)
            if close:
                error["suggest"] = close[0]
                errors = [e for e in errors if e is not missing[(parent, close[0])]]
    return errors


def _describe(loc: tuple[Any, ...], error: dict[str, Any]) -> str:
    """Turn one pydantic error into plain words with the field's path."""
    field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
    kind = error["type"]
    if kind == "extra_forbidden":
        hint = f" (did you mean '{error['suggest']}'?)" if "suggest" in error else ""
        return f"unknown key '{loc[-1]}'{hint}"
    if kind == "missing":
        return f"missing field '{field}'"
    if kind == "string_too_long":  # the text itself is never repeated
        return f"{field}: the text is too long ({len(error['input'])} characters; the limit is " \
               f"{error['ctx']['max_length']})"
    if kind == "too_long":
        return f"{field}: the list is too long ({error['ctx'].get('actual_length')} items; the limit is " \
               f"{error['ctx']['max_length']})"
    message = error["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message
