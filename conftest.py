import pytest

pytest_plugins = (
    "pytest_jupyter.jupyter_server",
    "tests.plugins.canary",
    "tests.plugins.server_process",
    "tests.plugins.sandbox",
    "tests.plugins.rucio",
    "tests.plugins.kernel",
    "tests.plugins.reana",
    "tests.plugins.invenio",
    "tests.plugins.workflows",
    "tests.plugins.engines",
    "tests.plugins.wheel",
    "tests.plugins.hub",
)


@pytest.fixture
def jp_server_config(tmp_path):
    return {
        "ServerApp": {"jpserver_extensions": {"vre_lab": True}},
        "VRELab": {
            "job_store_path": str(tmp_path / "jobs.sqlite3"),
            "reana_tokens_path": str(tmp_path / "private" / "reana-tokens.json"),
            "reana_local_state_dir": str(tmp_path / "private" / "local-runs"),
        },
    }


@pytest.fixture
def vre_app(jp_serverapp):
    """The running VRELab extension app of the in-process test server."""
    (app,) = jp_serverapp.extension_manager.extension_apps["vre_lab"]
    return app
