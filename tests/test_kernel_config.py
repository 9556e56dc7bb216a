"""The kernel's `%rucio` reads the Jupyter server's configuration: the same files, the same
precedence, the same resulting VRELab settings as a real Jupyter server."""

from __future__ import annotations

import json
import subprocess
import sys

from vre_lab.kernel.config import load_app

SETTINGS = (
    "backend_timeout",
    "max_workers",
    "job_store_path",
    "rucio_instances",
    "rucio_default_instance",
    "rucio_download_dir",
    "rucio_credentials_path",
    "rucio_token_dir",
    "rucio_replication_poll_seconds",
)

# what a real server's VRELab extension ends up with, printed as JSON
SERVER_SCRIPT = """
import json, sys
from jupyter_server.serverapp import ServerApp
server = ServerApp.instance()
server.initialize(argv=["--port=0", "--ServerApp.open_browser=False",
                        "--ServerApp.root_dir=" + sys.argv[1]])
(app,) = server.extension_manager.extension_apps["vre_lab"]
print(json.dumps({name: getattr(app, name) for name in sys.argv[2:]}))
"""


def test_magics_see_the_instances_of_jupyter_server_config_json(
    jupyter_home, rucio_sandbox, load_rucio_magics
):
    jupyter_home.write_server_config(rucio_instances=[rucio_sandbox.vre_lab_instance()])
    rucio = load_rucio_magics()
    assert [i["name"] for i in rucio("instances")] == ["sandbox"]
    assert {"demo", "user.root"} <= set(rucio("scopes"))
    paths = rucio("get demo:higgs4l-mc-ggH125-ZZ4l --mode download")
    assert all(p.startswith(str(jupyter_home.downloads)) for p in paths)


def test_the_kernel_reads_the_same_vrelab_settings_as_a_jupyter_server(jupyter_home, monkeypatch):
    config = jupyter_home.config_dir
    extra = jupyter_home.root / "extra-config"  # JUPYTER_CONFIG_PATH: the highest priority
    extra.mkdir()
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(extra))
    instance = {"name": "lake", "rucio_host": "https://rucio.example.org"}

    def write(folder, name, text):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)

    write(config, "jupyter_config.json", json.dumps({"VRELab": {"backend_timeout": 7.5}}))
    write(
        config,
        "jupyter_vre_lab_config.py",
        "c.VRELab.rucio_default_instance = 'from-extension-file'\n"
        "c.VRELab.rucio_replication_poll_seconds = 9.0\n",
    )
    del jupyter_home.server_config["VRELab"]["rucio_replication_poll_seconds"]
    jupyter_home.write_server_config(rucio_instances=[instance], rucio_default_instance="lake")
    write(config, "jupyter_server_config.py", "c.VRELab.max_workers = 3\n")
    write(extra, "jupyter_server_config.json", json.dumps({"VRELab": {"max_workers": 9}}))
    # .d fragments enable extensions; Jupyter Server reads no other setting from them
    write(
        config,
        "jupyter_server_config.d/vre_lab.json",
        json.dumps(
            {
                "ServerApp": {"jpserver_extensions": {"vre_lab": True}},
                "VRELab": {"rucio_token_dir": "/ignored/by/the/server"},
            }
        ),
    )

    server = subprocess.run(
        [sys.executable, "-c", SERVER_SCRIPT, str(jupyter_home.root), *SETTINGS],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    in_server = json.loads(server.stdout.strip().splitlines()[-1])
    app, problems = load_app()
    in_kernel = {name: getattr(app, name) for name in SETTINGS}

    assert in_kernel == in_server
    assert problems == []
    assert in_kernel["backend_timeout"] == 7.5
    assert in_kernel["rucio_replication_poll_seconds"] == 9.0
    assert in_kernel["rucio_default_instance"] == "lake"
    assert in_kernel["rucio_instances"] == [instance]
    assert in_kernel["max_workers"] == 9
    assert in_kernel["rucio_download_dir"] == str(jupyter_home.downloads)
    assert in_kernel["rucio_token_dir"] == str(jupyter_home.tokens)


def test_a_broken_config_file_is_skipped_and_named_in_one_line(
    jupyter_home, rucio_sandbox, load_rucio_magics, capsys
):
    jupyter_home.write_server_config(rucio_instances=[rucio_sandbox.vre_lab_instance()])
    broken = jupyter_home.config_dir / "jupyter_vre_lab_config.py"
    broken.write_text("c.VRELab.rucio_default_instance = \n")
    rucio = load_rucio_magics()
    assert "demo" in rucio("scopes")
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"rucio: skipped {broken}: it could not be loaded"]


def test_a_configuration_of_the_wrong_type_is_one_clear_line(
    jupyter_home, load_rucio_magics, capsys
):
    jupyter_home.write_server_config(rucio_instances="not a list")
    rucio = load_rucio_magics()
    assert rucio("instances") is None
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    (line,) = captured.err.strip().splitlines()
    assert line.startswith("rucio: cannot read the vre-lab configuration: TraitError")
