"""Which REANA servers exist: REANA_SERVER_URL/REANA_ACCESS_TOKEN with no further setup, operator
config from traitlets and the environment, hub-refreshed tokens, TLS settings, clear reports."""

import json
import re

import pytest

from vre_lab.core.errors import BackendError, NotFound
from vre_lab.core.secrets import redact
from vre_lab.reana import answers, shapes
from vre_lab.reana.servers import LOCAL, SERVERS_ENV, load_servers


def test_REANA_SERVER_URL_and_REANA_ACCESS_TOKEN_give_the_server_reana(monkeypatch):
    monkeypatch.setenv("REANA_ACCESS_TOKEN", "token-from-the-environment")
    registry = load_servers([], environ={"REANA_SERVER_URL": "https://reana.example.org/"})
    server = registry.get("reana")
    assert server.url == "https://reana.example.org"
    assert server.configured_token() == ("token-from-the-environment", "env")
    assert redact("token-from-the-environment") == "***"


def test_a_token_read_from_the_environment_is_read_again_on_every_use(monkeypatch):
    registry = load_servers([], environ={"REANA_SERVER_URL": "https://reana.example.org"})
    monkeypatch.setenv("REANA_ACCESS_TOKEN", "first-token-value")
    assert registry.get("reana").configured_token()[0] == "first-token-value"
    monkeypatch.setenv("REANA_ACCESS_TOKEN", "refreshed-token-value")
    assert registry.get("reana").configured_token()[0] == "refreshed-token-value"


def test_a_token_file_the_hub_refreshes_is_read_on_every_use(tmp_path):
    token_file = tmp_path / "reana-token"
    token_file.write_text("hub-token-one\n")
    registry = load_servers(
        [{"name": "cern", "url": "https://reana.cern.ch", "access_token_file": str(token_file)}],
        environ={},
    )
    assert registry.get("cern").configured_token() == ("hub-token-one", "file")
    token_file.write_text("hub-token-two\n")
    assert registry.get("cern").configured_token() == ("hub-token-two", "file")
    token_file.unlink()
    assert registry.get("cern").configured_token() == (None, "file")


def test_operator_servers_and_the_environment_list_are_merged_by_name():
    configured = [{"name": "cern", "url": "https://reana.cern.ch", "access_token": "abcdefgh"}]
    environ = {
        SERVERS_ENV: json.dumps(
            [
                {"name": "cern", "url": "https://reana-dev.cern.ch"},
                {"name": "escape", "url": "https://reana.escape.eu", "display_name": "ESCAPE"},
            ]
        )
    }
    registry = load_servers(configured, environ=environ)
    assert list(registry.endpoints) == ["cern", "escape"]
    assert registry.get("cern").url == "https://reana-dev.cern.ch"
    assert registry.get("escape").title == "ESCAPE"


def test_tls_is_verified_by_default_and_a_ca_bundle_can_be_given(tmp_path):
    bundle = tmp_path / "ca.pem"
    registry = load_servers(
        [
            {"name": "default", "url": "https://a.example"},
            {"name": "bundle", "url": "https://b.example", "ca_bundle": str(bundle)},
            {"name": "insecure", "url": "https://c.example", "verify_tls": False},
        ],
        environ={},
    )
    assert registry.get("default").verify is True
    assert registry.get("bundle").verify == str(bundle)
    assert registry.get("insecure").verify is False


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({"name": "x", "url": "ftp://reana.example"}, "needs an http(s) url"),
        ({"name": "x"}, "needs an http(s) url"),
        ({"name": LOCAL, "url": "https://a.example"}, "not 'local'"),
        ({"name": "a b", "url": "https://a.example"}, "must be 1-64 letters"),
        ({"name": "x", "url": "https://a.example", "token": "t"}, "unknown REANA server option"),
    ],
)
def test_a_broken_server_is_reported_and_the_others_still_work(entry, problem):
    registry = load_servers([entry, {"name": "ok", "url": "https://ok.example"}], environ={})
    assert list(registry.endpoints) == ["ok"]
    assert any(problem in text for text in registry.problems), registry.problems


def test_a_broken_environment_list_is_reported():
    registry = load_servers([], environ={SERVERS_ENV: "{not json"})
    assert registry.endpoints == {}
    assert registry.problems == [f"{SERVERS_ENV} must be a JSON list of REANA servers"]


def test_an_unknown_server_names_the_known_ones():
    registry = load_servers([{"name": "cern", "url": "https://reana.cern.ch"}], environ={})
    with pytest.raises(NotFound, match="known: local, cern"):
        registry.get("atlas")
    assert registry.is_known(LOCAL)


def test_reana_run_names_split_into_name_and_run_number():
    assert shapes.split_name("analysis.3") == ("analysis", "3")
    assert shapes.split_name("my.analysis.12") == ("my.analysis", "12")
    assert shapes.split_name("analysis.3.1") == ("analysis", "3.1")
    assert shapes.split_name("analysis") == ("analysis", "")


def test_a_reana_list_entry_becomes_a_workflow_with_progress_duration_and_size():
    item = {
        "id": "a1",
        "name": "fit.2",
        "status": "finished",
        "created": "2026-11-22T10:00:00",
        "size": {"raw": 2048, "human_readable": "2 KiB"},
        "progress": {
            "total": {"total": 3, "job_ids": []},
            "finished": {"total": 3, "job_ids": []},
            "run_started_at": "2026-11-22T10:00:05",
            "run_finished_at": "2026-11-22T10:01:05",
        },
    }
    workflow = shapes.workflow_from_reana(item, "cern")
    assert workflow["name"] == "fit"
    assert workflow["run_number"] == "2"
    assert workflow["created"] == "2026-11-22T10:00:00+00:00"
    assert workflow["duration_seconds"] == 60.0
    assert workflow["progress"] == {"total": 3, "finished": 3, "failed": 0, "running": 0}
    assert workflow["size_bytes"] == 2048
    assert workflow["server"] == "cern"


def test_reana_logs_become_the_engine_log_and_one_entry_per_step():
    content = {
        "workflow_logs": "engine says hi",
        "job_logs": {
            "j1": {"job_name": "fit", "status": "finished", "logs": "ok\n", "started_at": None}
        },
    }
    logs = shapes.logs_from_reana({"logs": json.dumps(content)})
    assert logs["workflow_log"] == "engine says hi"
    assert logs["steps"] == [
        {
            "id": "j1",
            "name": "fit",
            "status": "finished",
            "started": None,
            "finished": None,
            "log": "ok\n",
            "log_continued": False,  # a first answer: the whole log, no cursor given
        }
    ]
    assert logs["cursor"]


@pytest.mark.parametrize(
    ("answer", "place"),
    [
        ({"items": [], "total": "3"}, "total: integer expected"),
        ({"items": [{"id": "a", "name": "x.1", "status": 7}]}, "items.0.status: string expected"),
        ({"items": [{"id": "a", "name": "x.1"}]}, "items.0.status: required"),
        (
            {"items": [{"id": "a", "name": "x.1", "status": "created", "size": {"raw": True}}]},
            "items.0.size.raw: integer expected",
        ),
        ([], "the answer: object expected"),
    ],
)
def test_an_answer_that_breaks_reanas_api_is_a_502_naming_the_place(answer, place):
    with pytest.raises(BackendError, match=re.escape(place)) as caught:
        answers.check(answer, answers.WORKFLOW_LIST, "GET /api/workflows")
    assert caught.value.status_code == 502
    assert caught.value.code == "backend_invalid"
