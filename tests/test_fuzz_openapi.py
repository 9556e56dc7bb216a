"""Fuzzing the running server extension from its OpenAPI document finds no 500 and no hang."""

import subprocess
import sys
from pathlib import Path

from vre_lab.core.api import OPENAPI_PATH

SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_fuzzing_every_operation_finds_no_server_error_hang_or_schema_violation(
    server_process, tmp_path
):
    with server_process(base_url="/user/alice/") as server:
        run = subprocess.run(
            [
                str(SCHEMATHESIS),
                "run",
                str(OPENAPI_PATH),
                "--url",
                server.url.rstrip("/"),
                "--header",
                f"Authorization: token {server.token}",
                "--checks",
                "not_a_server_error,status_code_conformance,"
                "content_type_conformance,response_schema_conformance,"
                "negative_data_rejection,ignored_auth",
                "--max-examples",
                "60",
                "--request-timeout",
                "5",
                "--max-response-time",
                "2",
                "--seed",
                "2",
                "--generation-database",
                "none",
                "--report",
                "junit",
                "--report-dir",
                str(tmp_path / "report"),
                "--no-color",
            ],
            capture_output=True,
            text=True,
            timeout=600,
            cwd=tmp_path,  # schemathesis keeps a .schemathesis folder in its working dir
        )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
