"""The REANA double is strict: it checks requests and its own answers against REANA's official
spec (from reana-commons) and tokens as REANA does. Its simulated runs, faults and process:
test_reana_double_runs.py."""

from __future__ import annotations

import hashlib
import subprocess

import pytest

from tests.reana_double import SpecValidator, load_official_spec
from tests.reana_double.spec import REPOSITORY, SPEC_SHA256, spec_bytes
from tests.reana_double.validation import to_draft4
from tests.reana_double_client import Api

OPERATIONS_WE_USE = {
    "ping",
    "get_you",
    "info",
    "get_workflows",
    "create_workflow",
    "get_workflow_status",
    "start_workflow",
    "set_workflow_status",
    "get_workflow_logs",
    "get_workflow_specification",
    "get_workflow_parameters",
    "get_files",
    "upload_file",
    "download_file",
    "delete_file",
    "get_secrets",
    "add_secrets",
    "delete_secrets",
}


@pytest.fixture
def api(reana_double) -> Api:
    return Api(reana_double)


# -- the spec ---------------------------------------------------------------------------------


def test_the_spec_is_the_official_reana_commons_document_not_a_copy_in_the_repository():
    data, source = spec_bytes()
    assert hashlib.sha256(data).hexdigest() == SPEC_SHA256, source
    spec = load_official_spec()
    assert spec["swagger"] == "2.0"
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=REPOSITORY, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [path for path in tracked if path.endswith("reana_server.json")]


def test_the_spec_has_every_operation_the_extension_and_the_cli_rely_on():
    validator = SpecValidator(load_official_spec())
    assert set(validator.operations) >= OPERATIONS_WE_USE
    op, params = validator.match("GET", "/api/workflows/abc/workspace/results/plot.png")
    assert (op.operation_id, params["file_name"]) == ("download_file", "results/plot.png")
    op, _ = validator.match("PUT", "/api/workflows/move_files/abc")
    assert op.operation_id == "move_files"
    op, _ = validator.match("POST", "/api/secrets/")
    assert op.operation_id == "add_secrets"


def test_swagger_nullable_fields_accept_null_and_others_do_not():
    validator = SpecValidator(load_official_spec())
    op = validator.operations["get_workflows"]
    item = {"id": "x", "name": "a.1", "status": "created", "created": "2024-01-01T00:00:00"}
    assert (
        validator.check_response(op, 200, "application/json", {"items": [item], "total": 1}) == []
    )
    assert not validator.check_response(
        op, 200, "application/json", {"items": [{**item, "launcher_url": None}], "total": 1}
    )
    problems = validator.check_response(
        op, 200, "application/json", {"items": [{**item, "created": None}], "total": 1}
    )
    assert problems
    assert "created" in problems[0]
    assert to_draft4({"type": "string", "x-nullable": True}) == {
        "anyOf": [{"type": "string"}, {"type": "null"}]
    }


def test_an_undeclared_status_or_content_type_breaks_the_spec():
    validator = SpecValidator(load_official_spec())
    ping = validator.operations["ping"]
    assert validator.check_response(ping, 500, "application/json", {"message": "x"})
    assert validator.check_response(ping, 200, "text/html", {"message": "OK"})
    download = validator.operations["download_file"]
    assert validator.check_response(download, 200, "application/zip", None, is_file=True) == []
    assert validator.check_response(download, 200, "image/png", None, is_file=True) == []


# -- requests that break the spec -------------------------------------------------------------


@pytest.mark.reana_violations_expected
def test_requests_that_break_the_spec_get_400_and_are_recorded(api, reana_double):
    # 'type' is required by the spec for the workflow list
    assert api("GET", "/api/workflows").status_code == 400
    assert api("GET", "/api/workflows", params={"type": "batch", "page": "two"}).status_code == 400
    assert (
        api("GET", "/api/workflows", params={"type": "batch", "include_progress": "yes"})
    ).status_code == 400
    assert api("GET", "/api/workflows", params={"type": "batch", "pages": 1}).status_code == 400
    assert api("GET", "/api/nothing").status_code == 404
    assert api("GET", "/api/secrets/").status_code == 405
    # bodies: secrets to add are an object of objects, whose type is env or file
    assert api("POST", "/api/secrets/", json=["A"]).status_code == 400
    assert api("POST", "/api/secrets/", json={"A": {"type": "bogus"}}).status_code == 400
    assert api("DELETE", "/api/secrets/").status_code == 400  # body required
    # enum of PUT status
    workflow = api.create()["workflow_id"]
    assert (
        api("PUT", f"/api/workflows/{workflow}/status", params={"status": "pause"})
    ).status_code == 400
    # uploads are application/octet-stream and need a file_name
    upload = f"/api/workflows/{workflow}/workspace"
    assert api("POST", upload, params={"file_name": "a"}, json={"a": 1}).status_code == 400
    assert (
        api("POST", upload, data=b"x", headers={"Content-Type": "application/octet-stream"})
    ).status_code == 400
    # the status of a workflow takes no body
    assert api("GET", f"/api/workflows/{workflow}/status", json={}).status_code == 400

    recorded = reana_double.violations
    assert len(recorded) == 13, "\n".join(recorded)
    assert all(v.startswith("request: ") for v in recorded)
    assert any("required query parameter 'type'" in v for v in recorded)
    assert any("'page': 'two' is not an integer" in v for v in recorded)
    assert any("undeclared query parameter 'pages'" in v for v in recorded)
    assert any("'bogus' is not one of ['env', 'file']" in v for v in recorded)
    assert any("'pause' is not one of" in v for v in recorded)
    assert any("Content-Type 'application/json' is not one of" in v for v in recorded)


def test_status_filters_may_be_a_comma_list_or_repeated(api, reana_double):
    api.create("one")
    for status in ("created,finished", ["created", "finished"]):
        listing = api("GET", "/api/workflows", params={"type": "batch", "status": status})
        assert listing.status_code == 200
        assert [w["name"] for w in listing.json()["items"]] == ["one.1"]
    assert reana_double.violations == []


# -- answers that break the spec --------------------------------------------------------------


@pytest.mark.reana_violations_expected
def test_an_answer_of_the_double_that_breaks_the_spec_is_a_recorded_double_bug(
    api, reana_double, monkeypatch
):
    from tests.reana_double.api import Reply

    monkeypatch.setattr(
        reana_double.api, "get_workflows", lambda call: Reply(200, {"items": [], "total": "0"})
    )
    response = api("GET", "/api/workflows", params={"type": "batch"})
    assert response.status_code == 500
    assert "double bug" in response.json()["message"]
    monkeypatch.setattr(reana_double.api, "ping", lambda call: Reply(418, {"message": "tea"}))
    assert api("GET", "/api/ping", token=False).status_code == 500

    def crash(call):
        raise KeyError("oops")

    monkeypatch.setattr(reana_double.api, "info", crash)
    crashed = api("GET", "/api/info")
    assert crashed.status_code == 500
    assert crashed.headers["Content-Type"] == "application/json"
    (total, teapot, exception) = reana_double.violations
    assert exception == "double bug: GET /api/info (info) raised KeyError: 'oops'"
    assert total.startswith("double bug: ")
    assert "$.total: '0' is not of type 'integer'" in total
    assert teapot.startswith("double bug: ")
    assert "status 418 is not declared" in teapot


# -- authentication ---------------------------------------------------------------------------


def test_tokens_are_checked_as_reana_does(api, reana_double):
    assert api("GET", "/api/ping", token=False).json() == {"message": "OK", "status": "200"}
    you = api("GET", "/api/you")
    assert you.status_code == 200
    assert you.json()["email"] == reana_double.user["email"]
    missing = api("GET", "/api/you", token=False)
    assert (missing.status_code, missing.json()) == (401, {"message": "User not signed in"})
    wrong = api("GET", "/api/workflows", params={"access_token": "nope", "type": "batch"})
    assert (wrong.status_code, wrong.json()) == (403, {"message": "Token not valid."})
    assert reana_double.violations == []
