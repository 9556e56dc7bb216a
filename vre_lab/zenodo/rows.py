"""What counts as filled in: the form preselects some choices (a kind of identifier, a role …),
so a row holding nothing else is an empty row, not an entry. Both the validation (the server
skips empty rows) and the normal form (it drops them) read rows this way."""

from __future__ import annotations

# Choices the form preselects: an entry holding nothing else is an empty row, not an entry.
SELECTORS = frozenset({"type", "scheme", "role", "relation_type", "resource_type"})


def blank(value) -> bool:
    """None, blank text, or lists and objects of such (preselected choices aside)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(blank(v) for k, v in value.items() if k not in SELECTORS)
    if isinstance(value, list):
        return all(blank(v) for v in value)
    return False


def filled(value) -> list:
    """The entries of a list someone filled in (empty rows dropped)."""
    return [item for item in value if not blank(item)] if isinstance(value, list) else []
