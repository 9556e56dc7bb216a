"""Error reasons are an API contract the frontend matches on: one style (snake_case), every one
the server can answer listed in the OpenAPI document."""

import re
from pathlib import Path

from vre_lab.core.openapi import document

SOURCE = Path(__file__).parent.parent / "vre_lab"
LITERAL = re.compile(r"""code\s*=\s*(f?)"([^"]+)\"""")
DYNAMIC = {"backend_{status}": "backend_NNN", "backend_{response.status_code}": "backend_NNN"}


def reasons_in_the_source() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        for formatted, code in LITERAL.findall(path.read_text()):
            if formatted and code == "bad_{name}":
                continue  # int_argument: bad_limit, bad_page, bad_size, bad_page_size
            found.add(DYNAMIC.get(code, code) if formatted else code)
    return found


def listed() -> list[str]:
    return document()["components"]["schemas"]["Error"]["properties"]["reason"]["x-reasons"]


def test_every_reason_is_snake_case():
    for reason in reasons_in_the_source() | set(listed()):
        assert re.fullmatch(r"[a-z0-9_]+|backend_NNN", reason), reason


def test_every_reason_the_server_answers_is_listed_in_the_openapi_document():
    missing = reasons_in_the_source() - set(listed())
    assert not missing, f"add to Error.reason.x-reasons in openapi.yaml: {sorted(missing)}"


def test_the_integer_arguments_reasons_are_listed():
    assert {"bad_limit", "bad_page", "bad_size", "bad_page_size"} <= set(listed())
