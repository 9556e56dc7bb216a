"""Yadage `$ref`s resolved as REANA resolves them, each value remembering where it is written.

reana-commons loads the workflow with yadage-schemas and a `toplevel` (reana-client: ".", the
folder it runs in, which is the reana.yaml's; REANA: the workspace joined with the `toplevel`
option), that is `jsonref.load_uri(toplevel/file, base_uri=toplevel/)`. So the `$ref`s written in
the workflow file are relative to `toplevel`, not to the folder of the workflow file, while those
in a file brought in by a `$ref` are relative to that file (jsonref gives each document it loads
its own address as base). Every resolved mapping and list remembers the file and the key path it
comes from (`place`), so an issue found in it points at that file and line.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .validation_model import ERROR, WARNING, IssueList
from .validation_workflow_files import Unreadable, label, outside, read_document

MAX_HOPS = 50  # `$ref`s followed in a row: more means they loop


@dataclass(frozen=True)
class Place:
    """Where a value is written: the issues of its file, and its key path there."""

    issues: IssueList
    path: tuple

    @property
    def file(self) -> str:
        return self.issues.file

    def error(self, message: str, *, on_key: bool = False) -> None:
        self.issues.add(ERROR, message, self.path, on_key=on_key)

    def warning(self, message: str, *, on_key: bool = False) -> None:
        self.issues.add(WARNING, message, self.path, on_key=on_key)

    def warning_at(self, message: str, text: str, nth: int = 0) -> None:
        """A warning where `text` is written inside this scalar."""
        self.issues.at_text(WARNING, message, self.path, text, nth)


class References:
    def __init__(self, base_dir: Path, toplevel: Path, issues: IssueList):
        self.base_dir = base_dir
        self.toplevel = toplevel
        self.issues = issues
        self.files: dict[Path, IssueList] = {}
        self.origins: dict[int, Place] = {}
        self.top: Path | None = None  # the workflow file, resolved

    def workflow(self, path: Path):
        """The workflow file's data with every `$ref` resolved; raises Unreadable."""
        self._load(path)
        self.top = path.resolve()
        return self._resolve(self.files[self.top].document.data, path, (), self.toplevel, 0)

    def place(self, value, *keys) -> Place:
        """Where `value` (a resolved mapping or list), or what `keys` lead to in it, is written."""
        place = self.origins[id(value)]
        for key in keys:
            child = None
            if isinstance(value, dict):
                child = value.get(key)
            elif isinstance(value, list) and isinstance(key, int) and 0 <= key < len(value):
                child = value[key]
            if isinstance(child, dict | list) and id(child) in self.origins:
                place = self.origins[id(child)]
            else:
                place = Place(place.issues, (*place.path, key))
            value = child
        return place

    def _load(self, path: Path) -> IssueList:
        key = path.resolve()
        if key not in self.files:
            document = read_document(path, self.base_dir, self.issues)
            self.files[key] = self.issues.in_file(label(self.base_dir, path), document)
        return self.files[key]

    def _resolve(self, value, current: Path, at: tuple, base: Path, hops: int):
        if isinstance(value, dict) and isinstance(value.get("$ref"), str):
            return self._follow(value["$ref"], current, at, base, hops)
        if isinstance(value, list):
            resolved = [
                self._resolve(item, current, (*at, index), base, hops)
                for index, item in enumerate(value)
            ]
        elif isinstance(value, dict):
            resolved = {
                key: self._resolve(item, current, (*at, key), base, hops)
                for key, item in value.items()
            }
        else:
            return value
        self.origins[id(resolved)] = Place(self.files[current.resolve()], at)
        return resolved

    def _follow(self, reference: str, current: Path, at: tuple, base: Path, hops: int):
        written = Place(self.files[current.resolve()], (*at, "$ref"))
        if hops > MAX_HOPS:
            written.error(f"`$ref`s in `{written.file}` loop.")
            raise Unreadable(reference)
        name, _, pointer = reference.partition("#")
        target = base / name if name else current
        if not target.is_file():
            written.error(self._missing(reference, name, current))
            raise Unreadable(reference)
        if outside(self.base_dir, target, name, written.issues, written.path):
            raise Unreadable(reference)
        document = self._load(target).document
        value, path = document.data, ()
        for part in [p for p in pointer.split("/") if p]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(value, dict) and part in value:
                value, path = value[part], (*path, part)
            elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
                value, path = value[int(part)], (*path, int(part))
            else:
                written.error(f"The `$ref` `{reference}` points at nothing.")
                raise Unreadable(reference)
        # a `$ref` to another file: what that file refers to is relative to it
        return self._resolve(value, target, path, target.parent if name else base, hops + 1)

    def _missing(self, reference: str, name: str, current: Path) -> str:
        in_top = current.resolve() == self.top
        if in_top:
            relative_to = (
                "the folder of the reana.yaml"
                if self.toplevel.resolve() == self.base_dir.resolve()
                else f"`{label(self.base_dir, self.toplevel)}` (the `toplevel` option)"
            )
            rule = f"`$ref`s in the workflow file are relative to {relative_to}"
            other = current.parent / name
        else:
            rule = f"`$ref`s in `{label(self.base_dir, current)}` are relative to its folder"
            other = self.toplevel / name
        message = f"The `$ref` `{reference}` names `{name}`, which does not exist: {rule}"
        base = self.toplevel if in_top else current.parent
        if other.is_file() and other.resolve().is_relative_to(self.base_dir.resolve()):
            rewritten = Path(os.path.relpath(other, base)).as_posix()
            return f"{message}; `{label(self.base_dir, other)}` is `{rewritten}` from there."
        return f"{message}."
