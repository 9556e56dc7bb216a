"""Fuzzing the running server extension from its OpenAPI document finds no 500 and no hang."""

import subprocess
import sys
from pathlib import Path

from tests.plugins.rucio import rucio_settings
from vre_lab.core.api import OPENAPI_PATH

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CONFIG = Path(__file__).parent / "schemathesis.toml"


def fuzz(server, tmp_path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            "--config-file",
            str(CONFIG),
            "run",
            str(OPENAPI_PATH),
            "--url",
            server.url.rstrip("/"),
            "--header",
            f"Authorization: token {server.token}",
            "--checks",
            "all",
            "--request-timeout",
            "10",
            "--seed",
            "2",
            "--generation-database",
            "none",
            "--report",
            "junit",
            "--report-dir",
            str(tmp_path / "report"),
            "--no-color",
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=900,
        cwd=tmp_path,  # schemathesis keeps a .schemathesis folder in its working dir
    )


def test_fuzzing_every_operation_finds_no_server_error_hang_or_schema_violation(
    server_process, tmp_path
):
    with server_process(base_url="/user/alice/") as server:
        run = fuzz(server, tmp_path, "--max-examples", "60", "--max-response-time", "2")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def test_fuzzing_the_data_routes_against_a_real_rucio_finds_no_server_error_or_hang(
    server_process, rucio_sandbox, tmp_path
):
    settings = rucio_settings(tmp_path, [rucio_sandbox.vre_lab_instance()])
    config = "".join(f"c.VRELab.{key} = {value!r}\n" for key, value in settings.items())
    with server_process(base_url="/user/alice/", config=config) as server:
        run = fuzz(server, tmp_path, "--include-path-regex", "rucio", "--max-examples", "25")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
