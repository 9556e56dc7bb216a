"""What `%rucio` returns: plain Python values that display as readable tables.

`search` and `ls` return a :class:`DIDList`: a real ``list`` (``len()``, indexing, iteration,
``==`` with a list) of :class:`RucioDID`, each a ``str`` ``"scope:name"`` carrying what Rucio
said about it (``.type``, ``.bytes``, ...). Tables show as text in a terminal and as an HTML
table in a notebook; every value is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable

DISPLAY_ROWS = 200  # rows shown in a table; the list itself always holds every item


class RucioDID(str):
    """A DID as a string (``"scope:name"``), with what Rucio told about it as attributes."""

    scope: str
    name: str
    type: str | None = None
    bytes: int | None = None
    length: int | None = None
    replicas: tuple = ()
    available_here: bool | None = None
    path: str | None = None

    def __new__(cls, did: str, **fields):
        self = super().__new__(cls, did)
        self.scope, _, self.name = did.partition(":")
        for key, value in fields.items():
            setattr(self, key, value)
        return self

    @classmethod
    def from_search(cls, item: dict) -> RucioDID:
        return cls(
            item["did"], type=item.get("type"), bytes=item.get("bytes"), length=item.get("length")
        )

    @classmethod
    def from_file(cls, item: dict) -> RucioDID:
        return cls(
            item["did"],
            type="file",
            bytes=item.get("bytes"),
            replicas=tuple((r["rse"], r["state"]) for r in item.get("replicas") or ()),
            available_here=item.get("available_here"),
            path=item.get("path"),
        )


class Table(list):
    """A list that displays as a table: subclasses say which columns to show."""

    columns: tuple[tuple[str, Callable[[object], object]], ...] = ()
    # columns of numbers, aligned right; the others (names, DIDs) left: JupyterLab right-aligns
    # every cell of an HTML table, so each cell says it
    numeric: frozenset[str] = frozenset({"FILES", "SIZE"})
    noun = ("item", "items")
    empty = "Nothing to show."

    def __init__(self, items: Iterable = (), *, note: str | None = None):
        super().__init__(items)
        self.note = note

    def __getitem__(self, index):
        value = super().__getitem__(index)
        if isinstance(index, slice):
            return type(self)(value)
        return value

    # --- what a table says -----------------------------------------------------------------

    def summary(self) -> str:
        count = len(self)
        text = f"{count} {self.noun[0] if count == 1 else self.noun[1]}"
        return f"{text}; {self.note}" if self.note else text

    def _rows(self) -> list[list[str]]:
        return [[_cell(get(item)) for _, get in self.columns] for item in self[:DISPLAY_ROWS]]

    def _hidden(self) -> str | None:
        hidden = len(self) - DISPLAY_ROWS
        if hidden <= 0:
            return None
        return f"… {hidden} more not shown here (all {len(self)} are in the list)"

    # --- text -------------------------------------------------------------------------------

    def __repr__(self) -> str:
        if not self:
            return f"{self.empty}" + (f" ({self.note})" if self.note else "")
        headers = [header for header, _ in self.columns]
        rows = self._rows()
        widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
        lines = [
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in [headers, *rows]
        ]
        lines.insert(1, "  ".join("-" * w for w in widths))
        hidden = self._hidden()
        if hidden:
            lines.append(hidden)
        lines.append(f"({self.summary()})")
        return "\n".join(lines)

    __str__ = __repr__

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text("[...]" if cycle else repr(self))

    # --- HTML -------------------------------------------------------------------------------

    def _repr_html_(self) -> str:
        if not self:
            note = f" ({self.note})" if self.note else ""
            return f"<p>{html.escape(self.empty + note)}</p>"
        aligns = ["right" if header in self.numeric else "left" for header, _ in self.columns]
        head = "".join(
            f'<th style="text-align: {align}">{html.escape(header)}</th>'
            for (header, _), align in zip(self.columns, aligns, strict=True)
        )
        body = "".join(
            "<tr>"
            + "".join(
                f'<td style="text-align: {align}">{html.escape(cell)}</td>'
                for cell, align in zip(row, aligns, strict=True)
            )
            + "</tr>"
            for row in self._rows()
        )
        hidden = self._hidden()
        footer = f"{hidden}. " if hidden else ""
        return (
            '<table class="vre-lab-rucio-table" style="text-align: left">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
            f"<p><small>{html.escape(footer + self.summary())}</small></p>"
        )


class DIDList(Table):
    """DIDs found by `%rucio search`."""

    columns = (
        ("DID", str),
        ("TYPE", lambda d: d.type),
        ("FILES", lambda d: d.length),
        ("SIZE", lambda d: human_size(d.bytes)),
    )
    noun = ("DID", "DIDs")
    empty = "No DIDs found."


class FileList(DIDList):
    """The files of a DID, from `%rucio ls`."""

    columns = (
        ("DID", str),
        ("SIZE", lambda d: human_size(d.bytes)),
        ("REPLICAS", lambda d: ", ".join(_replica(rse, state) for rse, state in d.replicas)),
        ("HERE", lambda d: "yes" if d.available_here else "no"),
    )
    noun = ("file", "files")
    empty = "No files."

    def summary(self) -> str:
        sizes = [d.bytes for d in self if d.bytes is not None]
        text = super().summary()
        return f"{text}, {human_size(sum(sizes))}" if sizes else text


class InstanceList(Table):
    """The configured Rucio instances, from `%rucio instances`; `*` marks the one in use."""

    columns = (
        ("", lambda i: "*" if i.get("in_use") else ""),
        ("NAME", lambda i: i["name"]),
        ("DESCRIPTION", lambda i: i["display_name"]),
        ("HOST", lambda i: i["rucio_host"]),
        ("AUTH", lambda i: i["auth_type"]),
        ("ACCOUNT", lambda i: i["account"]),
        ("MODES", lambda i: "/".join(i["modes"])),
        ("CREDENTIALS", lambda i: i["credentials"]),
    )
    noun = ("instance", "instances")
    empty = "No Rucio instance is configured."


def human_size(value: int | None) -> str:
    if value is None:
        return ""
    size = float(value)
    for unit in ("B", "kB", "MB", "GB", "TB"):
        if size < 1000 or unit == "TB":
            return f"{int(size)} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    raise AssertionError("unreachable")


def _replica(rse: str, state: str) -> str:
    return rse if state == "AVAILABLE" else f"{rse} ({state.lower()})"


def _cell(value) -> str:
    return "" if value is None else str(value)
