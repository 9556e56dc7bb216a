"""The real reana-client CLI (0.9.6, which validates every answer against the spec with bravado)
drives the REANA double through a whole workflow's life. Any CLI error or any violation recorded by
the double fails these tests: the double answers as REANA's spec says, and the CLI asks as it says.

Every CLI command is a process of its own (forked after the CLI's imports, see
tests/reana_double/client_cli.py); independent ones run at once (``cli.many``).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from tests.reana_double.outputs import output_bytes

SAMPLE = Path(__file__).parent / "reana_double" / "samples" / "serial"
OUTPUTS = ("results/greetings.txt", "results/plot.png", "results/report.pdf")


@pytest.fixture
def analysis(tmp_path: Path) -> Path:
    """A copy of the sample serial analysis (reana.yaml, code/, data/) to run from."""
    folder = tmp_path / "analysis"
    shutil.copytree(SAMPLE, folder)
    return folder


def test_reana_client_runs_a_serial_workflow_from_create_to_delete(
    reana_double, reana_client_cli, analysis
):
    cli = reana_client_cli.bind(reana_double)
    ping, created, _spare = cli.many(
        ("ping",),
        ("create", "-w", "greetings", "-f", "reana.yaml"),
        ("create", "-w", "spare", "-f", "reana.yaml"),
        cwd=analysis,
    )
    assert "Status: Connected" in ping.stdout
    assert "Authenticated as: Jane Doe <jane.doe@example.org>" in ping.stdout
    assert "greetings.1" in created.stdout

    uploaded = cli("upload", "-w", "greetings.1", cwd=analysis).stdout
    for name in ("code/greet.py", "data/names.txt", "data/more/points.csv"):
        assert f"File /{name} was successfully uploaded" in uploaded
    started = cli("start", "-w", "greetings.1", "-p", "greeting=Hi", cwd=analysis).stdout
    assert "greetings.1 has been queued" in started
    assert reana_double.wait_for_status("greetings.1") == "finished"

    status, logs, report_logs, listing = cli.many(
        ("status", "-w", "greetings.1", "-v"),
        ("logs", "-w", "greetings.1"),
        ("logs", "-w", "greetings.1", "--filter", "step=report"),
        ("ls", "-w", "greetings.1"),
        cwd=analysis,
    )
    assert "finished" in status.stdout
    assert "3/3" in status.stdout
    assert "==> Step: greet" in logs.stdout
    assert "==> Step: report" in logs.stdout
    assert '--greeting "Hi" --names "data/names.txt"' in logs.stdout
    assert "==> Step: report" in report_logs.stdout
    assert "==> Step: greet" not in report_logs.stdout
    for name in ("reana.yaml", "code/greet.py", "data/names.txt", *OUTPUTS):
        assert name in listing.stdout

    downloads = analysis / "downloads"
    _outputs, _names, _data, table, filtered, failed_only = cli.many(
        ("download", "-w", "greetings.1", "-o", str(downloads / "outputs")),
        ("download", "-w", "greetings.1", "data/names.txt", "-o", str(downloads / "names")),
        ("download", "-w", "greetings.1", "data", "-o", str(downloads / "data")),
        ("list", "--include-progress", "--include-workspace-size"),
        ("list", "--filter", "status=finished", "--filter", "name=greet"),
        ("list", "--filter", "status=failed"),
        cwd=analysis,
    )
    for name in OUTPUTS:
        assert (downloads / "outputs" / name).read_bytes() == output_bytes(name, "greetings.1")
    assert (downloads / "outputs/results/plot.png").read_bytes().startswith(b"\x89PNG")
    names = (downloads / "names/data/names.txt").read_bytes()
    assert names == (analysis / "data/names.txt").read_bytes()
    (archive,) = (downloads / "data").glob("download_greetings.1_data.zip")
    with zipfile.ZipFile(archive) as zipped:
        assert sorted(zipped.namelist()) == ["data/more/points.csv", "data/names.txt"]
    assert "greetings" in table.stdout
    assert "finished" in table.stdout
    assert "greetings" in filtered.stdout
    assert "spare" not in filtered.stdout
    assert "greetings" not in failed_only.stdout

    cli.many(
        ("delete", "-w", "greetings.1", "--include-workspace"),
        ("delete", "-w", "spare.1"),
        cwd=analysis,
    )
    everything, current = cli.many(("list", "--all"), ("list",), cwd=analysis)
    assert everything.stdout.count("deleted") == 2
    assert "greetings" not in current.stdout
    assert reana_double.violations == []


def test_reana_client_manages_workspace_files(reana_double, reana_client_cli, analysis):
    cli = reana_client_cli.bind(reana_double)
    cli("create", "-w", "files", "-f", "reana.yaml", cwd=analysis)
    cli("upload", "-w", "files", "data/names.txt", "code", cwd=analysis)
    moved, usage, info, quota = cli.many(
        ("mv", "-w", "files", "data/names.txt", "data/people.txt"),
        ("du", "-w", "files", "-s"),
        ("info",),
        ("quota-show", "--resource", "disk", "--report", "usage"),
        cwd=analysis,
    )
    assert "successfully moved" in moved.stdout
    assert "SIZE" in usage.stdout
    assert "List of supported compute backends: kubernetes" in info.stdout
    assert quota.stdout.strip()
    removed = cli("rm", "-w", "files", "code", cwd=analysis).stdout
    assert "code/greet.py was successfully deleted" in removed
    listing = cli("ls", "-w", "files", cwd=analysis).stdout
    assert "data/people.txt" in listing
    assert "code/greet.py" not in listing


def test_reana_client_adds_lists_and_deletes_secrets(reana_double, reana_client_cli, analysis):
    cli = reana_client_cli.bind(reana_double)
    secret_file = analysis / "token.txt"
    secret_file.write_text("s3cr3t\n")
    cli("secrets-add", "--env", "API_KEY=abc123", "--file", str(secret_file), cwd=analysis)
    listing, again = cli.many(
        ("secrets-list",), ("secrets-add", "--env", "API_KEY=other"), cwd=analysis, check=False
    )
    assert listing.returncode == 0
    assert "API_KEY" in listing.stdout
    assert "token.txt" in listing.stdout
    assert "abc123" not in listing.stdout
    assert again.returncode == 1
    assert "already exists" in again.stderr
    cli("secrets-delete", "API_KEY", cwd=analysis)
    missing, after = cli.many(
        ("secrets-delete", "API_KEY"), ("secrets-list",), cwd=analysis, check=False
    )
    assert missing.returncode == 1
    assert "API_KEY do not exist" in missing.stderr
    assert after.returncode == 0
    assert "API_KEY" not in after.stdout
    assert reana_double.secrets["token.txt"]["type"] == "file"


def test_reana_client_stops_a_running_workflow(reana_double_factory, reana_client_cli, analysis):
    double = reana_double_factory(step_seconds=30, queue_seconds=0.1)
    cli = reana_client_cli.bind(double)
    cli("create", "-w", "long", "-f", "reana.yaml", cwd=analysis)
    cli("start", "-w", "long", cwd=analysis)
    assert double.wait_for_status("long", "running") == "running"
    stopped = cli("stop", "-w", "long", "--force", cwd=analysis).stdout
    assert "long has been stopped" in stopped
    status, refused = cli.many(
        ("status", "-w", "long"), ("start", "-w", "long"), cwd=analysis, check=False
    )
    assert status.returncode == 0
    assert "stopped" in status.stdout
    assert refused.returncode == 1
    assert "cannot be started again" in refused.stderr
    assert double.violations == []


def test_reana_client_sees_a_failed_step(reana_double, reana_client_cli, analysis):
    cli = reana_client_cli.bind(reana_double)
    spec = (analysis / "reana.yaml").read_text()
    (analysis / "reana.yaml").write_text(spec.replace("- mkdir -p results", "- exit 1"))
    cli("create", "-w", "broken", "-f", "reana.yaml", cwd=analysis)
    cli("start", "-w", "broken", cwd=analysis)
    assert reana_double.wait_for_status("broken") == "failed"
    status, logs = cli.many(
        ("status", "-w", "broken"), ("logs", "-w", "broken", "--json"), cwd=analysis
    )
    assert "failed" in status.stdout
    assert '"status": "failed"' in logs.stdout


def test_reana_client_reports_a_rejected_token(reana_double, reana_client_cli, analysis):
    result = reana_client_cli(
        "ping", url=reana_double.url, token="not-the-token", cwd=analysis, check=False
    )
    assert result.returncode == 1
    assert "ERROR: INVALID ACCESS TOKEN" in result.stdout
    assert reana_double.violations == []


def test_reana_client_rejects_an_answer_that_breaks_the_spec(
    reana_double, reana_client_cli, analysis
):
    """The violate fault produces what a real client refuses (bravado validates answers)."""
    reana_double.faults.set("violate", operations=["get_workflows"])
    broken = reana_client_cli.bind(reana_double)("list", cwd=analysis, check=False)
    assert broken.returncode == 1
    assert "is not of type 'integer'" in broken.stderr
    assert reana_double.violations == []
