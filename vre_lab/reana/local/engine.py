"""The local engine: reana.yaml workflows run on this machine, the way REANA runs them. Snakemake
and CWL workflows run with their own engine as one job (runners.py); serial ones as follows.

REANA has no local mode, so vre-lab runs serial workflows itself, to develop a workflow here and
send the same reana.yaml to REANA. What REANA's serial engine does, this engine does too:
- the parameters (`inputs.parameters`, overridden per run) are put into the commands with
  `$name`/`${name}`, `$$` being a literal `$` (see params.py);
- the steps run in order, and every *command* of a step is one job, `bash -c COMMAND` with the
  workspace as working directory (state such as `cd` or `export` does not carry from one command
  to the next); the first command that fails fails the workflow and nothing after it runs;
- the progress counts jobs (commands), as REANA's does.

A step runs in its `environment` image when a container runtime (apptainer, podman, or docker
whose daemon answers) is installed; otherwise on this host, which the run's log and `engine_note`
say. Commands get a small clean environment (PATH, HOME, LANG, USER, LOGNAME, TMPDIR), never the
server's own (tokens, secrets).

Workspaces are `<workspace_dir>/<name>.<N>/` under the server root, so their files open in the
file browser. Run records live in the job store (store.py; core/jobs.py), logs in `state_dir`,
outside the workspace; both survive restarts. A run records the Jupyter server that drives it
(`owner`, its id in the job store), and the job store tells whether that server still lives, as
it does for its jobs: an engine starting, and the store's heartbeat whenever it finds a server
gone, fail the runs of a server that is gone and kill what they left running.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from ...core.errors import Conflict, NotFound, VRELabError
from ...core.jobs import JobStore
from .. import provenance
from . import runtimes
from .creation import RunCreation
from .engines import Engines, default_venv
from .execution import RunExecution
from .processes import Turns, _Control, _process_start, _signal_group
from .records import (
    _ENV_KEPT,
    _ID,
    _RUN_NAME,
    _RUNTIME_ENV_KEPT,
    ACTIVE,
    DEFAULT_PATH,
    INTERRUPTED,
    _now,
)
from .store import RunStore
from .views import RunViews


class LocalEngine(RunCreation, RunExecution, RunViews):
    def __init__(
        self,
        *,
        root_dir: Path,
        workspace_dir: Path,
        state_dir: Path,
        container_runtimes: Sequence[str] = ("apptainer", "podman", "docker"),
        log: logging.Logger | None = None,
        find_runtime: Callable[[str], str | None] = shutil.which,
        engines: Engines | None = None,
        strict_parameters: bool = False,
        stop_grace_seconds: float = 5.0,
        log_tail_bytes: int = 2 * 1024 * 1024,
        servers: JobStore | None = None,
        max_parallel_runs: int = 4,
    ):
        self.root_dir = Path(root_dir).resolve()
        self.workspace_dir = Path(workspace_dir).resolve()
        if not self.workspace_dir.is_relative_to(self.root_dir):
            raise ValueError(f"The local runs' folder {workspace_dir} is not inside the root")
        self.state_dir = Path(state_dir)
        self.container_runtimes = tuple(container_runtimes)
        self.describe_dids: provenance.DescribeDids | None = None
        self.log = log or logging.getLogger("vre_lab.reana.local")
        self.find_runtime = find_runtime
        self.engines = engines or Engines(default_venv())
        self.strict_parameters = strict_parameters
        self.stop_grace_seconds = stop_grace_seconds
        self.log_tail_bytes = log_tail_bytes
        self._logs_dir = self.state_dir / "logs"
        for folder in (self.state_dir, self._logs_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.RLock()
        self._controls: dict[str, _Control] = {}  # runs queued or running in this engine
        self._turns = Turns(max_parallel_runs, self._lock)
        self._closed = False
        # an engine used on its own keeps a job store in its state, so that engines on the
        # same state know each other's runs and whether their servers live
        self._own_servers = JobStore(self.state_dir / "jobs.sqlite3") if servers is None else None
        self.servers: JobStore = servers or self._own_servers
        self.runs = RunStore(self.servers, self.state_dir, self.log)
        self.servers.when_servers_gone(self._owners_gone)
        self._fail_orphans()  # of servers that stopped or died before this one started

    # ownership: which Jupyter server drives a run, and whether it lives

    def _owners_gone(self, server_ids: list[str]) -> None:
        """The job store found servers gone: their runs end now, as their jobs do, not at the
        next server start. In a thread: ending a run may wait for its container's removal."""
        threading.Thread(
            target=self._fail_orphans,
            args=(set(server_ids),),
            name="vre-lab-local-orphans",
            daemon=True,
        ).start()

    def _owner_alive(self, owner: object) -> bool:
        if owner == self.servers.server_id:
            return not self._closed
        return self.servers.server_alive(owner)

    # records

    def _log_dir(self, run_id: str) -> Path:
        return self._logs_dir / run_id

    def _save(self, record: dict) -> None:
        self.runs.save(record)

    def _find(self, workflow_id: object) -> dict:
        """A run by id, by `name.N`, or by name alone (its latest run), as REANA accepts."""
        if not isinstance(workflow_id, str) or not workflow_id:
            raise NotFound("There is no such local run")
        record = self.runs.get(workflow_id) if _ID.match(workflow_id) else None
        match = _RUN_NAME.match(workflow_id)
        if record is None and match:
            record = self.runs.numbered(match["name"], int(match["run"]))
        if record is None:
            record = self.runs.latest(workflow_id)
        if record is None:
            raise NotFound(f"There is no local run {workflow_id!r}")
        return record

    def _append_log(self, run_id: str, line: str) -> None:
        folder = self._log_dir(run_id)
        folder.mkdir(parents=True, exist_ok=True)
        with open(folder / "workflow.log", "a", encoding="utf-8") as f:
            for part in line.splitlines() or [""]:
                f.write(f"{_now()} {part}\n")

    def _tail(self, path: Path, limit: int | None = None) -> str:
        try:
            with open(path, "rb") as f:
                f.seek(0, os.SEEK_END)
                size = f.tell()
                start = max(0, size - (limit or self.log_tail_bytes))
                f.seek(start)
                data = f.read()
        except FileNotFoundError:
            return ""
        text = data.decode("utf-8", errors="replace")
        if start:
            text = f"[… the first {start} bytes of this log are left out …]\n" + text
        return text

    # shapes

    def container_runtime(self) -> runtimes.Runtime | None:
        """The runtime steps would run with now (None: on this host)."""
        return runtimes.discover(self.container_runtimes, self.find_runtime)

    def _runtime_notes(self, steps: list[dict], runtime: runtimes.Runtime | None) -> list[str]:
        images = list(dict.fromkeys(step["environment"] for step in steps if step["environment"]))
        notes = []
        if runtime is None:
            if images:
                found = (
                    f"No container runtime ({', '.join(self.container_runtimes)}) found"
                    if self.container_runtimes
                    else "No container runtime configured"
                )
                notes.append(f"{found}: running on this host instead of {', '.join(images)}")
        else:
            unusable = [image for image in images if runtime.image_reference(image) is None]
            if unusable:
                notes.append(
                    f"{runtime.name} cannot run {', '.join(unusable)}: those steps run on this"
                    " host instead"
                )
        if any(not step["environment"] for step in steps):
            notes.append("Steps without an environment image run on this host")
        return notes

    def _environment(self, runtime: runtimes.Runtime | None) -> dict:
        env = {name: os.environ[name] for name in _ENV_KEPT if os.environ.get(name)}
        env.setdefault("PATH", DEFAULT_PATH)
        env.setdefault("LANG", "C.UTF-8")
        if runtime is not None:
            env.update({n: os.environ[n] for n in _RUNTIME_ENV_KEPT if os.environ.get(n)})
        return env

    # the API

    def _abandon(self, record: dict, status: str, line: str) -> None:
        """End a run no engine drives any more: its leftover processes are killed."""
        env = self._environment(None)
        for job in record.get("jobs") or []:
            if job["status"] != "running":
                continue
            pid, started = job.get("pid"), job.get("pid_start")
            if pid and started and _process_start(pid) == started:
                _signal_group(pid, signal.SIGKILL)
            if job.get("cleanup"):
                self._cleanup_container(job["cleanup"], env)
            job.update(status="failed" if status == "failed" else "stopped", finished=_now())
        record.update(status=status, finished=_now())
        if status == "failed":
            record["failure"] = {"message": f"The run was {line}.", "step": None}
        self._save(record)
        self._append_log(record["id"], line)

    def _fail_orphans(self, owners: set[str] | None = None) -> None:
        """Fail the active runs (of `owners`, else of any server) whose server is gone."""
        with self._lock:
            if owners is not None and self._closed:
                return
            for record in self.runs.active(owners):
                if record["id"] in self._controls or self._owner_alive(record.get("owner")):
                    continue
                self.log.info(
                    "Local run %s.%s was interrupted", record["name"], record["run_number"]
                )
                self._abandon(record, "failed", INTERRUPTED)

    def delete(self, workflow_id: str) -> None:
        """Remove the run's record, logs and workspace."""
        with self._lock:
            record = self._find(workflow_id)
            if record["status"] in ACTIVE:
                raise Conflict(
                    f"{record['name']}.{record['run_number']} is {record['status']}; stop it"
                    " before deleting it"
                )
            workspace = self._workspace(record)
            trash = None
            expected = f"{record['name']}.{record['run_number']}"
            ours = workspace.parent.resolve() == self.workspace_dir.resolve()
            if ours and workspace.name == expected and os.path.lexists(workspace):
                trash = workspace.with_name(f".deleting-{record['id']}")
                try:
                    os.replace(workspace, trash)
                except OSError as e:
                    raise VRELabError(f"The run's workspace cannot be deleted: {e.strerror}") from e
            elif os.path.lexists(workspace):
                self.log.warning("Not deleting %s: it is not a local run's workspace", workspace)
            shutil.rmtree(self._log_dir(record["id"]), ignore_errors=True)
            self.runs.delete(record["id"])
        if trash is not None:
            if trash.is_symlink():
                trash.unlink()
            else:
                shutil.rmtree(trash, ignore_errors=True)

    def shutdown(self) -> None:
        """The server is stopping: its running runs are killed and recorded as interrupted, and
        those still waiting for their turn never start."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            going = []
            for run_id, control in list(self._controls.items()):
                control.stop_requested = True
                control.interrupted = True
                if self._turns.cancel(control):
                    self._controls.pop(run_id)
                    record = self.runs.get(run_id)
                    if record is not None:
                        self._abandon(record, "failed", INTERRUPTED)
                else:
                    going.append((control, control.proc))
        for control, proc in going:
            self._terminate(control, proc)
        if self._own_servers is not None:
            self._own_servers.close()

    @property
    def max_parallel_runs(self) -> int:
        return self._turns.places
