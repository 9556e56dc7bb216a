"""Every setting can come from the environment (docs/configuration.md), and tokens a hub hands
over (files and variables) are read again on every use, so refreshed tokens just work.

- Every configurable trait of every vre_lab class has an environment variable, documented in
  the table of docs/configuration.md with its traitlet and its real default.
- A variable that is set wins over the config files (the rule `VRE_LAB_RUCIO_DEFAULT` and the
  JSON lists always followed); values are parsed strictly, and a bad one is one error line that
  names the variable, never its value, and the server starts anyway.
- A changed token file or variable is used by the next request: REANA and Zenodo (file and
  variable) against their doubles, Rucio's OIDC variable against the sandbox (its token file is
  covered by tests/test_rucio_credentials.py).
"""

from __future__ import annotations

import importlib
import inspect
import json
import logging
import pkgutil
import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from jupyter_core.paths import jupyter_data_dir, jupyter_runtime_dir
from traitlets import Bool, Float, Int, List
from traitlets.config import Config, Configurable

import vre_lab
from vre_lab.app import VRELab
from vre_lab.core.environment import apply_environment, environment_variables
from vre_lab.kernel.config import load_app
from vre_lab.rucio.instances import read_rucio_cfg
from vre_lab.rucio.settings import RucioSettings

REPO = Path(__file__).resolve().parent.parent
CONFIGURATION_MD = REPO / "docs" / "configuration.md"
# scripts run by the sandbox Rucio server's own venv (they import the `rucio` server package)
SERVER_VENV_ONLY = "vre_lab.sandbox.server_side."
ROW = re.compile(
    r"^\|\s*`(?P<env>[A-Z0-9_]+)`\s*\|\s*`c\.(?P<cls>\w+)\.(?P<trait>\w+)`\s*\|"
    r"(?P<meaning>[^|]*)\|(?P<default>[^|]*)\|\s*$"
)


# --- every setting has a documented variable -----------------------------------------------


def vre_lab_configurables() -> list[type[Configurable]]:
    """Every Configurable class defined in the vre_lab package that has settings of its own."""
    for module in pkgutil.walk_packages(vre_lab.__path__, "vre_lab."):
        if not module.name.startswith(SERVER_VENV_ONLY):
            importlib.import_module(module.name)
    found = []
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("vre_lab"):
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, Configurable)
                and cls.__module__ == module_name
                and own_settings(cls)
                and cls not in found
            ):
                found.append(cls)
    return found


def own_settings(cls: type[Configurable]) -> dict:
    """The configurable traits a vre_lab class defines (not those of Jupyter's base classes)."""
    return {
        name: trait
        for name, trait in cls.class_traits(config=True).items()
        if any(name in vars(base) for base in cls.__mro__ if base.__module__.startswith("vre_lab"))
    }


def documented_rows() -> list[dict]:
    rows = [ROW.match(line) for line in CONFIGURATION_MD.read_text().splitlines()]
    return [row.groupdict() for row in rows if row]


def test_every_setting_is_a_setting_of_the_vre_lab_app():
    """The slices define their settings (`RucioConfig`, ...) and VRELab inherits them all: each
    is `c.VRELab.<name>`, defined once (a slice's `*Settings` adds no setting of its own)."""
    found = vre_lab_configurables()
    assert VRELab in found
    app_settings = VRELab.class_traits(config=True)
    for cls in found:
        for name, trait in own_settings(cls).items():
            assert app_settings.get(name) is trait, f"{cls.__name__}.{name} is not VRELab's"


def test_every_setting_of_every_vre_lab_class_has_an_environment_variable():
    for cls in vre_lab_configurables():
        for name, trait in own_settings(cls).items():
            variable = trait.metadata.get("env")
            assert variable, f"c.{cls.__name__}.{name} has no environment variable (tag env=...)"
            assert re.fullmatch(r"VRE_LAB_[A-Z0-9_]+", variable), variable
    variables = list(environment_variables(VRELab).values())
    assert len(variables) == len(set(variables)), "two settings share a variable"


def test_every_setting_is_in_the_table_of_docs_configuration_md_with_its_variable():
    rows = documented_rows()
    in_docs = {(row["cls"], row["trait"]): row["env"] for row in rows}
    in_code = {
        ("VRELab", name): trait.metadata.get("env") for name, trait in own_settings(VRELab).items()
    }
    assert in_docs == in_code
    assert len(rows) == len(in_docs), "a setting is documented twice"


def shown(value) -> str:
    """A default as docs/configuration.md writes it."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return json.dumps(value)
    return str(value)


def test_the_documented_defaults_are_the_real_ones():
    app = VRELab()
    places = {
        "<jupyter data dir>": jupyter_data_dir(),
        "<jupyter runtime dir>": jupyter_runtime_dir(),
    }
    for row in documented_rows():
        value = getattr(app, row["trait"])
        if value == "":
            continue  # e.g. the default instance: "the first instance"
        first = re.search(r"`([^`]*)`", row["default"]).group(1)
        for placeholder, path in places.items():
            first = first.replace(placeholder, path)
        assert first == shown(value), (row["trait"], value, row["default"])


# --- values from the environment -------------------------------------------------------------

# (variable, text, value) for every setting applied from the environment
SAMPLES = [
    ("VRE_LAB_JOB_STORE_PATH", "/srv/vre/jobs.sqlite3", "/srv/vre/jobs.sqlite3"),
    ("VRE_LAB_BACKEND_TIMEOUT", "45.5", 45.5),
    ("VRE_LAB_MAX_WORKERS", "4", 4),
    ("VRE_LAB_MAX_JOBS", " 2 ", 2),
    ("VRE_LAB_JOBS_PER_USER", "yes", True),
    ("VRE_LAB_RUCIO_DEFAULT", "escape", "escape"),
    ("VRE_LAB_RUCIO_DOWNLOAD_DIR", "/data/rucio", "/data/rucio"),
    ("VRE_LAB_RUCIO_CREDENTIALS_PATH", "/run/vre/rucio.json", "/run/vre/rucio.json"),
    ("VRE_LAB_RUCIO_TOKEN_DIR", "/run/vre/rucio-tokens", "/run/vre/rucio-tokens"),
    ("VRE_LAB_RUCIO_REPLICATION_POLL_SECONDS", "0.5", 0.5),
    ("VRE_LAB_RUCIO_LISTING_SPOOLS", "3", 3),
    ("VRE_LAB_RUCIO_LISTING_SPOOL_MB", "64", 64),
    ("VRE_LAB_REANA_TOKENS_PATH", "/run/vre/reana.json", "/run/vre/reana.json"),
    ("VRE_LAB_REANA_LOCAL_WORKSPACE_DIR", "runs", "runs"),
    ("VRE_LAB_REANA_LOCAL_STATE_DIR", "/srv/vre/local-runs", "/srv/vre/local-runs"),
    ("VRE_LAB_REANA_LOCAL_MAX_PARALLEL_RUNS", "2", 2),
    ("VRE_LAB_REANA_CONTAINER_RUNTIMES", '["podman"]', ["podman"]),
    ("VRE_LAB_ENGINES_VENV", "/opt/engines", "/opt/engines"),
    ("VRE_LAB_SHARE_REANA_CREDENTIALS", " True ", True),
    ("VRE_LAB_PUBLISH_TOKENS_PATH", "/run/vre/publish.json", "/run/vre/publish.json"),
    ("VRE_LAB_PUBLISH_DOWNLOAD_DIR", "records", "records"),
    ("VRE_LAB_PUBLISH_EXPORT_DIR", "crates", "crates"),
]
MERGED = {"rucio_instances", "reana_servers", "publish_repositories"}  # read by their slice


def test_every_setting_applied_from_the_environment_has_a_sample_here():
    applied = {v for n, v in environment_variables(VRELab).items() if n not in MERGED}
    assert applied == {variable for variable, _, _ in SAMPLES}
    for name in MERGED:
        assert VRELab.class_traits()[name].metadata.get("env_merged")


def trait_of(variable: str) -> str:
    (name,) = [n for n, v in environment_variables(VRELab).items() if v == variable]
    return name


@pytest.mark.parametrize(("variable", "text", "value"), SAMPLES)
def test_a_variable_that_is_set_wins_over_the_config_files(variable, text, value):
    name = trait_of(variable)
    configured = {Int: 3, Float: 9.0, List: ["apptainer"], Bool: False}.get(
        type(VRELab.class_traits()[name]), "from-config"
    )
    app = VRELab(config=Config({"VRELab": {name: configured}}))
    assert getattr(app, name) == configured

    used, problems = apply_environment(app, {variable: text})
    assert (used, problems) == ([variable], [])
    assert getattr(app, name) == value


def test_an_empty_variable_is_not_set():
    app = VRELab(config=Config({"VRELab": {"max_jobs": 3, "rucio_download_dir": "/d"}}))
    assert apply_environment(app, {"VRE_LAB_MAX_JOBS": "", "VRE_LAB_RUCIO_DOWNLOAD_DIR": " "}) == (
        [],
        [],
    )
    assert (app.max_jobs, app.rucio_download_dir) == (3, "/d")


SECRET_LOOKING = "ghp-4f1c2-secret-pasted-into-the-wrong-variable"


@pytest.mark.parametrize(
    ("variable", "text", "problem"),
    [
        ("VRE_LAB_MAX_WORKERS", SECRET_LOOKING, "a whole number of at least 1"),
        ("VRE_LAB_MAX_JOBS", "0", "a whole number of at least 1"),
        ("VRE_LAB_MAX_JOBS", "2.5", "a whole number of at least 1"),
        ("VRE_LAB_MAX_JOBS", "-4", "a whole number of at least 1"),
        ("VRE_LAB_BACKEND_TIMEOUT", "nan", "a number greater than 0"),
        ("VRE_LAB_BACKEND_TIMEOUT", "inf", "a number greater than 0"),
        ("VRE_LAB_BACKEND_TIMEOUT", "0", "a number greater than 0"),
        ("VRE_LAB_BACKEND_TIMEOUT", "30s", "a number greater than 0"),
        ("VRE_LAB_RUCIO_REPLICATION_POLL_SECONDS", SECRET_LOOKING, "a number greater than 0"),
        ("VRE_LAB_REANA_CONTAINER_RUNTIMES", "podman", "a JSON list of strings"),
        ("VRE_LAB_REANA_CONTAINER_RUNTIMES", '{"podman": 1}', "a JSON list of strings"),
        ("VRE_LAB_REANA_CONTAINER_RUNTIMES", "[1, 2]", "a JSON list of strings"),
        ("VRE_LAB_REANA_CONTAINER_RUNTIMES", f'["{SECRET_LOOKING}"', "a JSON list of strings"),
    ],
)
def test_a_bad_value_is_a_problem_naming_the_variable_not_the_value(variable, text, problem):
    name = trait_of(variable)
    app = VRELab()
    before = getattr(app, name)
    used, problems = apply_environment(app, {variable: text})
    assert used == []
    assert len(problems) == 1
    assert problems[0].startswith(f"{variable} must be {problem}")
    message, kept = problems[0].split("; ")
    assert kept == f"keeping {name} = {before!r}"
    if len(text.strip()) > 3:
        assert text.strip() not in message
    assert getattr(app, name) == before


def test_the_kernel_takes_the_variables_the_server_takes(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("JUPYTER_CONFIG_PATH", raising=False)
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"VRELab": {"rucio_download_dir": str(tmp_path / "from-config")}})
    )
    monkeypatch.setenv("VRE_LAB_RUCIO_DOWNLOAD_DIR", str(tmp_path / "from-env"))
    monkeypatch.setenv("VRE_LAB_BACKEND_TIMEOUT", "7")
    monkeypatch.setenv("VRE_LAB_MAX_JOBS", "not a number")  # the server logs it; keep the default
    app, problems = load_app()
    settings = RucioSettings.of(app)
    assert problems == []
    assert settings.download_dir == tmp_path / "from-env"
    assert settings.timeout == 7.0
    assert app.max_jobs == 8


# --- a server configured by the environment --------------------------------------------------


class TestAServerConfiguredByTheEnvironment:
    @pytest.fixture
    def hub_environment(self, monkeypatch, tmp_path) -> Path:
        """What a hub could set: every plain setting, pointing into `tmp_path/hub`."""
        hub = tmp_path / "hub"
        values = {
            "VRE_LAB_JOB_STORE_PATH": str(hub / "jobs.sqlite3"),
            "VRE_LAB_BACKEND_TIMEOUT": "12.5",
            "VRE_LAB_MAX_WORKERS": "3",
            "VRE_LAB_MAX_JOBS": "2",
            "VRE_LAB_RUCIO_DOWNLOAD_DIR": str(hub / "rucio-downloads"),
            "VRE_LAB_RUCIO_CREDENTIALS_PATH": str(hub / "rucio-credentials.json"),
            "VRE_LAB_RUCIO_TOKEN_DIR": str(hub / "rucio-tokens"),
            "VRE_LAB_RUCIO_REPLICATION_POLL_SECONDS": "2",
            "VRE_LAB_REANA_TOKENS_PATH": str(hub / "reana-tokens.json"),
            "VRE_LAB_REANA_LOCAL_WORKSPACE_DIR": "hub-runs",
            "VRE_LAB_REANA_LOCAL_STATE_DIR": str(hub / "local-runs"),
            "VRE_LAB_REANA_CONTAINER_RUNTIMES": "[]",
            "VRE_LAB_REANA_LOCAL_MAX_PARALLEL_RUNS": "3",
            "VRE_LAB_PUBLISH_TOKENS_PATH": str(hub / "publish-tokens.json"),
            "VRE_LAB_PUBLISH_DOWNLOAD_DIR": "hub-records",
            "VRE_LAB_PUBLISH_EXPORT_DIR": "hub-crates",
        }
        for variable, value in values.items():
            monkeypatch.setenv(variable, value)
        return hub

    @pytest.fixture
    def jp_server_config(self, jp_server_config, hub_environment, canary):
        return jp_server_config  # job_store_path and the REANA paths are also in the config

    async def test_every_setting_reaches_its_slice(
        self, vre_app, hub_environment, jp_root_dir, canary
    ):
        hub = hub_environment
        assert vre_app.job_store_path == str(hub / "jobs.sqlite3")
        assert (hub / "jobs.sqlite3").is_file()
        assert vre_app.blocking.default_timeout == 12.5
        assert vre_app.max_workers == 3
        assert vre_app.max_jobs == 2
        rucio = vre_app.rucio.settings
        assert rucio.download_dir == hub / "rucio-downloads"
        assert rucio.credentials_path == hub / "rucio-credentials.json"
        assert rucio.token_dir == hub / "rucio-tokens"
        assert rucio.rucio_replication_poll_seconds == 2.0
        workflows = vre_app.workflows.settings
        assert workflows.tokens_path == hub / "reana-tokens.json"
        assert workflows.local_workspace_dir == jp_root_dir.resolve() / "hub-runs"
        assert workflows.local_state_dir == hub / "local-runs"
        assert workflows.reana_container_runtimes == []
        assert vre_app.workflows.local.max_parallel_runs == 3
        # one store of durable work: the local runs are kept in the app's job store
        assert vre_app.workflows.local.servers is vre_app.jobs
        publish = vre_app.publish.settings
        assert publish.tokens_path == hub / "publish-tokens.json"
        assert (publish.download_dir, publish.export_dir) == ("hub-records", "hub-crates")
        (said,) = [
            r.getMessage() for r in canary.records if "settings from the environment" in r.msg
        ]
        assert "VRE_LAB_MAX_JOBS" in said
        assert "VRE_LAB_PUBLISH_EXPORT_DIR" in said


class TestBadValuesAtStartup:
    @pytest.fixture
    def jp_server_config(self, jp_server_config, monkeypatch, canary):
        # the canary (a secret) pasted into the wrong variables: never logged, never a crash
        monkeypatch.setenv("VRE_LAB_MAX_WORKERS", canary.value)
        monkeypatch.setenv("VRE_LAB_REANA_CONTAINER_RUNTIMES", f"[{canary.value}]")
        monkeypatch.setenv("VRE_LAB_RUCIO_INSTANCES", f"[{{{canary.value}")
        monkeypatch.setenv("VRE_LAB_REANA_SERVERS", canary.value)
        monkeypatch.setenv("VRE_LAB_PUBLISH_REPOSITORIES", json.dumps({"token": canary.value}))
        return jp_server_config

    async def test_each_is_one_log_line_naming_the_variable_and_the_server_works(
        self, vre_app, canary, workflows_api
    ):
        status, body = await workflows_api("GET", "status")
        assert status == 200, body
        assert vre_app.max_workers == 16
        assert vre_app.reana_container_runtimes == ["apptainer", "podman", "docker"]
        for variable in [
            "VRE_LAB_MAX_WORKERS",
            "VRE_LAB_REANA_CONTAINER_RUNTIMES",
            "VRE_LAB_RUCIO_INSTANCES",
            "VRE_LAB_REANA_SERVERS",
            "VRE_LAB_PUBLISH_REPOSITORIES",
        ]:
            records = [r for r in canary.records if variable in r.getMessage()]
            assert len(records) == 1, (variable, [r.getMessage() for r in records])
            assert records[0].levelno == logging.ERROR
            assert not records[0].exc_info  # no traceback
        # canary.check_logs() at teardown: the values never reached a log record


# --- tokens a hub refreshes are read on every use ---------------------------------------------

TOKEN_VARIABLE = "VRE_TEST_HUB_TOKEN"


HUB_USER = {"id": "7", "username": "jdoe", "full_name": "Jane Doe", "email": "jane@example.org"}
# the setting that lists the service's servers and the routes under which they are
SERVICES = {
    "reana": ("reana_servers", "reana/servers"),
    "zenodo": ("publish_repositories", "zenodo/repositories"),
}


class TestServiceTokensAreReadOnEveryRequest:
    """REANA and the publishing repository, against their doubles."""

    @pytest.fixture(params=sorted(SERVICES))
    def service(self, request) -> SimpleNamespace:
        token = f"{request.param}-token-valid-after-refresh"
        if request.param == "reana":
            double = request.getfixturevalue("reana_double_factory")(token=token)
        else:
            factory = request.getfixturevalue("invenio_double_factory")
            double = factory(tokens={token: HUB_USER}, flavour="zenodo")
        setting, route = SERVICES[request.param]
        return SimpleNamespace(name=request.param, double=double, setting=setting, route=route)

    @pytest.fixture
    def token_file(self, tmp_path, service) -> Path:
        path = tmp_path / "hub" / f"{service.name}-token"
        path.parent.mkdir()
        return path

    @pytest.fixture
    def jp_server_config(self, jp_server_config, service, token_file):
        url = service.double.url
        jp_server_config["VRELab"].update(
            {
                service.setting: [
                    {"name": "file", "url": url, "access_token_file": str(token_file)},
                    {"name": "env", "url": url, "access_token_env": TOKEN_VARIABLE},
                ],
                "backend_timeout": 5.0,
            }
        )
        return jp_server_config

    async def test_a_token_file_the_hub_rewrites(self, workflows_api, service, token_file):
        whoami = f"{service.route}/file/whoami"
        token_file.write_text(service.double.token + "\n")
        status, who = await workflows_api("GET", whoami)
        assert status == 200, who

        token_file.write_text("revoked-hub-token")
        status, error = await workflows_api("GET", whoami)
        assert (status, error["reason"]) == (403, "credentials_rejected")
        assert "revoked-hub-token" not in json.dumps(error)

        token_file.write_text(service.double.token)  # the hub refreshed it
        status, who = await workflows_api("GET", whoami)
        assert status == 200, who

        token_file.unlink()
        status, error = await workflows_api("GET", whoami)
        assert (status, error["reason"]) == (403, "credentials_missing")

    async def test_a_token_variable_that_changes(self, workflows_api, service, monkeypatch):
        whoami = f"{service.route}/env/whoami"
        monkeypatch.setenv(TOKEN_VARIABLE, "revoked-hub-token")
        status, error = await workflows_api("GET", whoami)
        assert (status, error["reason"]) == (403, "credentials_rejected")

        monkeypatch.setenv(TOKEN_VARIABLE, service.double.token)
        status, who = await workflows_api("GET", whoami)
        assert status == 200, who

        monkeypatch.delenv(TOKEN_VARIABLE)
        status, error = await workflows_api("GET", whoami)
        assert (status, error["reason"]) == (403, "credentials_missing")


class TestRucioOidcTokenVariableIsReadOnEveryRequest:
    @pytest.fixture
    def rucio_instances(self, rucio_sandbox):
        cfg = read_rucio_cfg(rucio_sandbox.client_config)
        where = {k: cfg[k] for k in ("rucio_host", "auth_host")}
        return [{"name": "hub", "auth_type": "oidc", "oidc_token_env": TOKEN_VARIABLE, **where}]

    @pytest.fixture
    def jp_server_config(self, rucio_server_config):
        return rucio_server_config

    async def test_a_token_variable_that_changes(self, rucio_api, rucio_client, monkeypatch):
        monkeypatch.setenv(TOKEN_VARIABLE, rucio_client.auth_token)
        status, who = await rucio_api("GET", "hub/whoami")
        assert status == 200, who
        assert who["account"] == "root"

        monkeypatch.setenv(TOKEN_VARIABLE, "expired-or-revoked-token")
        status, error = await rucio_api("GET", "hub/scopes")
        assert (status, error["reason"]) == (403, "credentials_rejected")
        assert "expired-or-revoked-token" not in json.dumps(error)

        monkeypatch.setenv(TOKEN_VARIABLE, rucio_client.auth_token)  # refreshed
        status, scopes = await rucio_api("GET", "hub/scopes")
        assert status == 200, scopes
