"""reana.yaml loaded as reana-client loads it (PyYAML's safe loader), keeping where each key is.

`load_document` composes the YAML into nodes, constructs the same Python data `yaml.safe_load`
gives, and maps every key path (`("workflow", "specification", "steps", 0)`) to the line and
column of its key and of its value, so each issue can point at the offending place.
"""

from __future__ import annotations

import base64
import datetime
import math
from dataclasses import dataclass, field

import yaml


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based

    @classmethod
    def of(cls, mark) -> Position:
        return cls(mark.line + 1, mark.column + 1)


class YamlSyntaxError(ValueError):
    """The text is not YAML (or not a single YAML document); `position` says where it broke."""

    def __init__(self, message: str, position: Position | None):
        super().__init__(message)
        self.message = message
        self.position = position


@dataclass
class Document:
    """The loaded data and where each of its keys and values is written."""

    text: str
    data: object = None
    keys: dict[tuple, Position] = field(default_factory=dict)
    values: dict[tuple, Position] = field(default_factory=dict)
    scalars: dict[tuple, tuple[int, int]] = field(default_factory=dict)  # path -> text span
    duplicates: list[tuple[tuple, Position]] = field(default_factory=list)

    def position(self, path: tuple, *, on_key: bool = False) -> Position | None:
        """Where `path` is written; for a path that is absent, where its nearest parent is."""
        if path in self.values or path in self.keys:
            first, second = (self.keys, self.values) if on_key else (self.values, self.keys)
            return first.get(path) or second.get(path)
        for end in range(len(path) - 1, -1, -1):
            parent = path[:end]
            found = self.keys.get(parent) or self.values.get(parent)
            if found:
                return found
        return None

    def find_in_scalar(self, path: tuple, needle: str, nth: int = 0) -> Position | None:
        """Where the `nth` occurrence of `needle` is written inside the scalar at `path`.

        Exact for plain, quoted and literal (`|`) scalars whose text holds the needle verbatim;
        None when the needle is not found as written (folded across lines, escaped, ...).
        """
        span = self.scalars.get(path)
        if span is None:
            return None
        start, end = span
        index = start - 1
        for _ in range(nth + 1):
            index = self.text.find(needle, index + 1, end)
            if index < 0:
                return None
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        return Position(line, column)


def load_document(text: str) -> Document:
    """Load one YAML document as `yaml.safe_load` does; raise YamlSyntaxError if it is not one."""
    document = Document(text)
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _find_duplicate_keys(loader, node, (), document, set())
            document.data = loader.construct_document(node)
            _record_positions(loader, node, (), document, set())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlSyntaxError(_syntax_message(error), Position.of(mark) if mark else None) from None
    except yaml.reader.ReaderError as error:
        raise YamlSyntaxError(
            f"The file holds a character YAML does not allow (#x{error.character:04x}).",
            _position_of_index(text, error.position),
        ) from None
    except yaml.YAMLError as error:
        raise YamlSyntaxError(f"The file is not valid YAML: {error}.", None) from None
    finally:
        loader.dispose()
    return document


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    if "\\t" in problem or "\t" in problem:
        return "YAML does not allow tabs for indentation: indent with spaces."
    if "expected a single document" in f"{problem} {error.context}":
        return "The file holds more than one YAML document (`---`): a reana.yaml is one document."
    context = (error.context or "").strip()
    detail = f"{problem} ({context})" if context else problem
    return f"The file is not valid YAML: {detail}."


def _position_of_index(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return Position(line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _key_value(loader, key_node):
    if isinstance(key_node, yaml.ScalarNode):
        return loader.construct_object(key_node, deep=True)
    return None  # a complex key (a list or mapping): nothing below it is mapped


def _find_duplicate_keys(loader, node, path, document, active):
    """Keys written twice in a mapping (PyYAML keeps the last silently); merges (`<<`) are fine."""
    if id(node) in active:
        return
    active = active | {id(node)}
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = _key_value(loader, key_node)
            if key is not None and key in seen:
                document.duplicates.append(((*path, key), Position.of(key_node.start_mark)))
            seen.add(key)
            _find_duplicate_keys(loader, value_node, (*path, key), document, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _find_duplicate_keys(loader, item, (*path, index), document, active)


def _record_positions(loader, node, path, document, active):
    if id(node) in active:
        return  # a recursive alias
    active = active | {id(node)}
    document.values.setdefault(path, Position.of(node.start_mark))
    if isinstance(node, yaml.ScalarNode):
        document.scalars[path] = (node.start_mark.index, node.end_mark.index)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = _key_value(loader, key_node)
            if key is None:
                continue
            child = (*path, key)
            if child in document.keys:  # a duplicated key: the last one wins, as in the data
                _forget(document, child)
            document.keys[child] = Position.of(key_node.start_mark)
            _record_positions(loader, value_node, child, document, active)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(loader, item, (*path, index), document, active)


def _forget(document, path):
    for table in (document.keys, document.values, document.scalars):
        for known in [known for known in table if known[: len(path)] == path]:
            del table[known]


def json_value(value):
    """The loaded data as JSON can hold it: dates become ISO strings, keys become strings."""
    if isinstance(value, dict):
        return {_json_key(key): json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [json_value(item) for item in value]
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    return value


def _json_key(key) -> str:
    if isinstance(key, str):
        return key
    if key is None:
        return "null"
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)
