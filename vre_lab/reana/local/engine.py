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

A step runs in its `environment` image when a container runtime (apptainer, podman) is installed;
otherwise on this host, which the run's log and `engine_note` say. Commands get a small clean
environment (PATH, HOME, LANG, USER, LOGNAME, TMPDIR), never the server's own (tokens, secrets).

Workspaces are `<workspace_dir>/<name>.<N>/` under the server root, so their files open in the
file browser. Run records (JSON, written atomically) and logs live in `state_dir`, outside the
workspace, and survive restarts. Each engine instance holds a lock file while it lives;
`recover()` finds runs of an engine that is gone and marks them failed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import threading
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from ...core import files as core_files
from ...core.errors import BadRequest, Conflict, NotFound, VRELabError
from .. import logcursor, provenance
from ..rucio_inputs import copy_into
from . import files, params, runners, runtimes
from .engines import Engines, default_venv

try:
    import fcntl
except ImportError:  # pragma: no cover - not on POSIX
    fcntl = None

SERVER = "local"
ACTIVE = ("queued", "running")
STATUSES = ("created", "queued", "pending", "running", "finished", "failed", "stopped", "deleted")
SORTS = ("desc", "asc", "disk-desc")
INTERRUPTED = "interrupted: the server stopped while it ran"
RECORD_FORMAT = 1
PROGRESS_TAIL = 64 * 1024  # of an engine's log, read for its progress
ENGINE_NAME = "vre-lab local engine"
_ID = re.compile(r"^[0-9a-f]{32}$")
_RUN_NAME = re.compile(r"^(?P<name>.+)\.(?P<run>\d+)$")
_ENV_KEPT = ("PATH", "HOME", "LANG", "USER", "LOGNAME", "TMPDIR")
# what container runtimes need besides that, none of it secret
_RUNTIME_ENV_KEPT = ("XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_HOME")
DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def _parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def _duration(started: str | None, finished: str | None) -> float | None:
    start = _parse_time(started)
    if start is None:
        return None
    end = _parse_time(finished) or datetime.now(timezone.utc)
    return round(max(0.0, (end - start).total_seconds()), 1)


def _process_start(pid: int) -> str | None:
    """The start time of a process (Linux), to tell it from a later one with the same pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rfind(")") + 2 :].split()
    return fields[19] if len(fields) > 19 else None


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def _write_json(path: Path, data: dict) -> None:
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8") as f:
            json.dump(data, f, indent=1)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _check_name(name: object) -> str:
    if not isinstance(name, str) or not name.strip():
        raise BadRequest("The workflow needs a name")
    if "." in name:
        raise BadRequest(f'Workflow name {name!r} contains the illegal character "."')
    if name != name.strip() or name.startswith("-") or len(name) > 128:
        raise BadRequest(f"Workflow name {name!r} is not valid")
    if any(c in name for c in "/\\") or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BadRequest(f"Workflow name {name!r} contains a character a folder name cannot hold")
    if _ID.match(name):
        raise BadRequest("A workflow name cannot look like a workflow id")
    return name


def _check_steps(workflow: dict) -> list[dict]:
    """The serial steps, checked as REANA's schema does, with a name for each."""
    specification = workflow.get("specification")
    if not isinstance(specification, dict):
        raise BadRequest("workflow.specification must hold the serial workflow's steps")
    steps = specification.get("steps")
    if not isinstance(steps, list) or not steps:
        raise BadRequest("workflow.specification.steps must be a non-empty list")
    checked = []
    for number, step in enumerate(steps):
        key = f"workflow.specification.steps.{number}"
        if not isinstance(step, dict):
            raise BadRequest(f"{key} must be a mapping")
        name = step.get("name")
        if name is not None and not isinstance(name, str):
            raise BadRequest(f"{key}.name must be a string")
        image = step.get("environment")
        if image is not None and not isinstance(image, str):
            raise BadRequest(f"{key}.environment must be a string")
        commands = step.get("commands")
        if (
            not isinstance(commands, list)
            or not commands
            or not all(isinstance(c, str) for c in commands)
        ):
            raise BadRequest(f"{key}.commands must be a non-empty list of strings")
        checked.append(
            {
                "name": name or f"step {number + 1}",
                "environment": (image or "").strip(),
                "commands": commands,
            }
        )
    return checked


class _Control:
    """What this engine holds about one of its runs while it is active."""

    def __init__(self) -> None:
        self.thread: threading.Thread | None = None
        self.proc: subprocess.Popen | None = None
        self.stop_requested = False
        self.interrupted = False


class LocalEngine:
    def __init__(
        self,
        *,
        root_dir: Path,
        workspace_dir: Path,
        state_dir: Path,
        container_runtimes: Sequence[str] = ("apptainer", "podman"),
        log: logging.Logger | None = None,
        find_runtime: Callable[[str], str | None] = shutil.which,
        engines: Engines | None = None,
        strict_parameters: bool = False,
        stop_grace_seconds: float = 5.0,
        log_tail_bytes: int = 2 * 1024 * 1024,
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
        self._runs_dir = self.state_dir / "runs"
        self._logs_dir = self.state_dir / "logs"
        self._owners_dir = self.state_dir / "owners"
        for folder in (self.state_dir, self._runs_dir, self._logs_dir, self._owners_dir):
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.RLock()
        self._controls: dict[str, _Control] = {}
        self._closed = False
        self.instance = uuid.uuid4().hex
        self._owner_fd: int | None = self._hold_owner_lock()

    # ownership: which engine (server process) drives a run

    def _hold_owner_lock(self) -> int | None:
        # locked before it appears under its name, so no one takes it for a stale one
        path = self._owners_dir / f"{self.instance}.lock"
        temporary = path.with_name(f".{path.name}.tmp")
        fd = os.open(temporary, os.O_RDWR | os.O_CREAT, 0o600)
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(temporary, path)
        return fd

    def _owner_alive(self, owner: object) -> bool:
        if owner == self.instance and not self._closed:
            return True
        if not isinstance(owner, str) or not _ID.match(owner) or fcntl is None:
            return False
        path = self._owners_dir / f"{owner}.lock"
        try:
            fd = os.open(path, os.O_RDWR)
        except OSError:
            return False
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True  # its engine still holds it
        else:
            path.unlink(missing_ok=True)
            return False
        finally:
            os.close(fd)

    # records

    def _record_path(self, run_id: str) -> Path:
        return self._runs_dir / f"{run_id}.json"

    def _log_dir(self, run_id: str) -> Path:
        return self._logs_dir / run_id

    def _save(self, record: dict) -> None:
        _write_json(self._record_path(record["id"]), record)

    def _read(self, path: Path) -> dict | None:
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as e:
            self.log.warning("Local run record %s cannot be read: %s", path.name, e)
            return None
        if not isinstance(record, dict) or not _ID.match(str(record.get("id", ""))):
            return None
        return record

    def _records(self) -> list[dict]:
        records = []
        for path in self._runs_dir.glob("*.json"):
            record = self._read(path)
            if record is not None:
                records.append(record)
        return records

    def _find(self, workflow_id: object) -> dict:
        """A run by id, by `name.N`, or by name alone (its latest run), as REANA accepts."""
        if not isinstance(workflow_id, str) or not workflow_id:
            raise NotFound("There is no such local run")
        if _ID.match(workflow_id):
            record = self._read(self._record_path(workflow_id))
            if record is not None:
                return record
        match = _RUN_NAME.match(workflow_id)
        candidates = []
        for record in self._records():
            if match and record["name"] == match["name"]:
                if str(record["run_number"]) == str(int(match["run"])):
                    return record
            elif record["name"] == workflow_id:
                candidates.append(record)
        if candidates:
            return max(candidates, key=lambda r: int(r["run_number"]))
        raise NotFound(f"There is no local run {workflow_id!r}")

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

    def _workspace(self, record: dict) -> Path:
        return Path(record["workspace"])

    def _workflow(self, record: dict, *, live_size: bool = False) -> dict:
        jobs = record.get("jobs") or []
        size = record.get("size_bytes")
        if live_size or record["status"] in ACTIVE or size is None:
            size = files.tree_size(self._workspace(record))
        return {
            "id": record["id"],
            "name": record["name"],
            "run_number": str(record["run_number"]),
            "status": record["status"],
            "created": record["created"],
            "started": record.get("started"),
            "finished": record.get("finished"),
            "duration_seconds": _duration(record.get("started"), record.get("finished")),
            "progress": self._engine_progress(record)
            or {
                "total": record.get("total_jobs", 0),
                "finished": sum(job["status"] == "finished" for job in jobs),
                "failed": sum(job["status"] == "failed" for job in jobs),
                "running": sum(job["status"] == "running" for job in jobs),
            },
            "size_bytes": size,
            "server": SERVER,
        }

    def _engine_progress(self, record: dict) -> dict | None:
        """A Snakemake or CWL run's progress as its engine's log tells it (per rule or step)."""
        kind, jobs = record.get("engine", "serial"), record.get("jobs") or []
        if kind == "serial" or not jobs:
            return None
        if record["status"] not in ACTIVE and record.get("engine_progress"):
            return record["engine_progress"]
        log = self._tail(self._log_dir(record["id"]) / f"{jobs[0]['id']}.log", PROGRESS_TAIL)
        packed = None
        if kind == "cwl":
            with contextlib.suppress(OSError, ValueError):
                packed = json.loads((self._workspace(record) / "workflow.json").read_text())
        found = runners.progress(kind, log, packed)
        if found is None:
            return None
        done, total = found
        state = jobs[0]["status"]
        return {
            "total": total,
            "finished": done,
            "failed": int(state == "failed"),
            "running": int(state == "running" and done < total),
        }

    def _detail(self, record: dict) -> dict:
        workspace = self._workspace(record)
        try:
            workspace_path = workspace.relative_to(self.root_dir).as_posix()
        except ValueError:
            try:
                workspace_path = workspace.resolve().relative_to(self.root_dir).as_posix()
            except ValueError:
                workspace_path = None
        notes = [*(record.get("runtime_notes") or []), *(record.get("parameter_notes") or [])]
        return {
            **self._workflow(record, live_size=True),
            "parameters": record.get("parameters") or {},
            "specification": record.get("specification") or {},
            "outputs": record.get("outputs") or [],
            "workspace_path": workspace_path,
            "engine_note": "\n".join(notes) if notes else None,
        }

    # the container runtime

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

    def create(
        self,
        *,
        name: str,
        specification: dict,
        source_dir: Path,
        parameters: dict,
        progress: Callable[[float, str], None] | None = None,
        spec_file: Path | None = None,
        extra_inputs: Sequence[tuple[Path, str]] = (),
        run_dids: Sequence[dict] = (),
    ) -> dict:
        """A new run `name.N`: its inputs copied into a new workspace, recorded as `created`, with
        its provenance (`provenance.json`) started there. `extra_inputs` (source, path in the
        workspace) are copied too: the files of its Rucio inputs (`run_dids`)."""
        if self._closed:
            raise Conflict("The local engine is shutting down")
        name = _check_name(name)
        if not isinstance(specification, dict):
            raise BadRequest("The specification must be the reana.yaml as a mapping")
        workflow = specification.get("workflow")
        if not isinstance(workflow, dict):
            raise BadRequest("reana.yaml has no workflow section")
        kind = workflow.get("type")
        if not kind:
            raise BadRequest("reana.yaml has no workflow.type")
        source = Path(source_dir).resolve()
        if not source.is_dir() or not source.is_relative_to(self.root_dir):
            raise BadRequest("The folder of reana.yaml is not inside the server root")
        inputs = specification.get("inputs") or {}
        if not isinstance(inputs, dict):
            raise BadRequest("inputs must be a mapping")
        engine_run, steps, notes = None, [], []
        if kind == "serial":
            steps = _check_steps(workflow)
            merged = params.merge(inputs.get("parameters"), parameters)
            expansion = params.expand(steps, merged, strict=self.strict_parameters)
            commands, notes = expansion.commands, expansion.notes
        else:
            engine_run = runners.prepare(kind, specification, source, parameters, self.engines)
            merged = engine_run.parameters
        outputs = specification.get("outputs") or {}
        if not isinstance(outputs, dict):
            raise BadRequest("outputs must be a mapping")
        declared_outputs = [
            str(item) for key in ("files", "directories") for item in outputs.get(key) or []
        ]
        skip = (self.workspace_dir.resolve(), self.state_dir.resolve())
        wanted = inputs.get("files")
        if engine_run is not None and isinstance(wanted, list | None):
            # the workflow's own files travel with its inputs
            wanted = [*(wanted or []), *(n for n in engine_run.copied if n not in (wanted or []))]
        plan = files.plan_copy(source, self.root_dir, wanted, inputs.get("directories"), skip)

        with self._lock:
            self.workspace_dir.mkdir(parents=True, exist_ok=True)
            run_number, workspace = self._reserve_workspace(name)
        if progress:
            progress(0.0, f"Copying inputs into {workspace.name}")
        run_id = uuid.uuid4().hex
        runtime = self.container_runtime()
        try:
            files.copy_inputs(plan, workspace, progress)
            copy_into(workspace, list(extra_inputs))
            if engine_run is not None:
                for written, content in engine_run.written.items():
                    core_files.write_atomic(workspace, written, [content])
                private = self._log_dir(run_id) / "engine"
                private_files = engine_run.private_files(self.engines, runtime)
                for file_name, (content, mode) in private_files.items():
                    (private / file_name).parent.mkdir(parents=True, exist_ok=True, mode=0o700)
                    (private / file_name).write_bytes(content)
                    (private / file_name).chmod(mode)
                command = engine_run.command(self.engines, private, workspace.resolve(), runtime)
                steps = [{"name": kind, "environment": "", "commands": [command]}]
                commands, notes = [[command]], engine_run.notes(runtime)
        except BaseException:
            shutil.rmtree(workspace, ignore_errors=True)
            raise
        runtime_notes = notes if engine_run else self._runtime_notes(steps, runtime)
        created = _now()
        started = provenance.begin(
            root_dir=self.root_dir,
            spec_file=spec_file,
            specification=specification,
            run={
                "server": "local",
                "id": run_id,
                "name": name,
                "run_number": run_number,
                "created": created,
            },
            engine={"name": ENGINE_NAME, "container_runtime": runtime.name if runtime else None},
            parameters=merged,
            steps=steps,
            inputs=[
                provenance.file_entry(workspace, name)
                for name in [i.target.as_posix() for i in plan.files] + [t for _, t in extra_inputs]
            ],
            describe_dids=self.describe_dids,
            run_dids=list(run_dids),
        )
        provenance.write(workspace, started)
        record = {
            "format": RECORD_FORMAT,
            "id": run_id,
            "name": name,
            "run_number": run_number,
            "status": "created",
            "created": created,
            "started": None,
            "finished": None,
            "owner": None,
            "specification": specification,
            "parameters": merged,
            "outputs": declared_outputs,
            "workspace": str(workspace),
            "engine": kind,
            "steps": [
                {"name": step["name"], "environment": step["environment"], "commands": expanded}
                for step, expanded in zip(steps, commands, strict=True)
            ],
            "total_jobs": sum(len(expanded) for expanded in commands),
            "jobs": [],
            "runtime_notes": runtime_notes,
            "parameter_notes": [] if engine_run else notes,
            "size_bytes": plan.total_bytes,
        }
        with self._lock:
            self._append_log(
                run_id,
                f"Created {name}.{run_number}: {len(plan.files)} input file(s) copied into"
                f" {self._display(workspace)}",
            )
            for note in [] if engine_run else notes:
                self._append_log(run_id, f"Note: {note}")
            self._save(record)
        if progress:
            progress(1.0, f"{name}.{run_number} is ready to start")
        return self._detail(record)

    def _display(self, workspace: Path) -> str:
        try:
            return workspace.relative_to(self.root_dir).as_posix()
        except ValueError:
            return str(workspace)

    def _reserve_workspace(self, name: str) -> tuple[int, Path]:
        counters_path = self.state_dir / "counters.json"
        try:
            counters = json.loads(counters_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            counters = {}
        if not isinstance(counters, dict):
            counters = {}
        last = max(
            [int(counters.get(name, 0) or 0)]
            + [int(r["run_number"]) for r in self._records() if r["name"] == name]
        )
        number = last + 1
        while True:
            workspace = self.workspace_dir / f"{name}.{number}"
            try:
                workspace.mkdir()
            except FileExistsError:
                number += 1
                continue
            break
        counters[name] = number
        _write_json(counters_path, counters)
        return number, workspace

    def start(self, workflow_id: str) -> dict:
        """Run it in the background; answers at once with the run queued."""
        with self._lock:
            if self._closed:
                raise Conflict("The local engine is shutting down")
            record = self._find(workflow_id)
            if record["status"] != "created":
                raise Conflict(
                    f"{record['name']}.{record['run_number']} was already started"
                    f" (it is {record['status']}); run the workflow again for a new run"
                )
            if not self._workspace(record).is_dir():
                raise Conflict("The run's workspace no longer exists; run the workflow again")
            record.update(status="queued", owner=self.instance)
            self._save(record)
            self._append_log(record["id"], "Queued")
            control = _Control()
            self._controls[record["id"]] = control
            control.thread = threading.Thread(
                target=self._run,
                args=(record["id"], control),
                name=f"vre-lab-local-{record['name']}.{record['run_number']}",
                daemon=True,
            )
            control.thread.start()
            return self._workflow(record)

    def _run(self, run_id: str, control: _Control) -> None:
        try:
            self._execute(run_id, control)
        except Exception as e:
            self.log.exception("Local run %s broke", run_id)
            with self._lock:
                record = self._read(self._record_path(run_id))
                if record is not None and record["status"] in ACTIVE:
                    for job in record["jobs"]:
                        if job["status"] == "running":
                            job.update(status="failed", finished=_now())
                    record.update(status="failed", finished=_now())
                    self._save(record)
                    self._append_log(run_id, f"The local engine failed: {e}")
        finally:
            with self._lock:
                self._controls.pop(run_id, None)

    def _execute(self, run_id: str, control: _Control) -> None:
        with self._lock:
            record = self._read(self._record_path(run_id))
            if record is None:
                return
            runtime = self.container_runtime()
            record.update(status="running", started=_now())
            if record.get("engine", "serial") == "serial":
                notes = self._runtime_notes(
                    [{"environment": s["environment"]} for s in record["steps"]], runtime
                )
                record["runtime_notes"] = notes
            else:  # the engine chose how to run its steps when the run was made
                notes = record["runtime_notes"]
            self._save(record)
            self._append_log(run_id, "Workflow started")
            if runtime is not None:
                self._append_log(run_id, f"Container runtime: {runtime.name} ({runtime.path})")
            for note in notes:
                self._append_log(run_id, note)
        workspace = self._workspace(record).resolve()
        env = self._environment(runtime)
        failure = None
        steps = record["steps"]
        for step_number, step in enumerate(steps):
            image = step["environment"]
            for command_number, command in enumerate(step["commands"]):
                job_id = uuid.uuid4().hex
                use = runtime if runtime and image and runtime.image_reference(image) else None
                if use is not None:
                    argv = use.argv(
                        image=image, workspace=workspace, command=command, job_id=job_id
                    )
                else:
                    argv = runtimes.host_argv(command)
                where = f"in {image} with {use.name}" if use else "on this host"
                log_path = self._log_dir(run_id) / f"{job_id}.log"
                job = {
                    "id": job_id,
                    "name": step["name"],
                    "step": step_number,
                    "command_number": command_number,
                    "command": command,
                    "status": "running",
                    "started": _now(),
                    "finished": None,
                    "exit_code": None,
                    "runtime": use.name if use else None,
                    "pid": None,
                    "pid_start": None,
                    "cleanup": use.cleanup_argv(job_id) if use else None,
                }
                with self._lock:
                    if control.stop_requested:
                        break
                    self._append_log(
                        run_id,
                        f"Step {step['name']!r}, command {command_number + 1} of"
                        f" {len(step['commands'])}, {where}: {command}",
                    )
                    with open(log_path, "ab") as output:
                        proc = subprocess.Popen(
                            argv,
                            cwd=workspace,
                            env=env,
                            stdin=subprocess.DEVNULL,
                            stdout=output,
                            stderr=subprocess.STDOUT,
                            start_new_session=True,
                        )
                    control.proc = proc
                    job.update(pid=proc.pid, pid_start=_process_start(proc.pid))
                    record["jobs"].append(job)
                    self._save(record)
                code = proc.wait()
                # what the command left running in the background ends with it, as it would
                # with its container
                _signal_group(proc.pid, signal.SIGKILL)
                if control.stop_requested and job["cleanup"]:
                    self._cleanup_container(job["cleanup"], env)
                with self._lock:
                    control.proc = None
                    if code == 0:
                        status = "finished"
                    elif control.stop_requested and not control.interrupted:
                        status = "stopped"
                    else:
                        status = "failed"
                    job.update(status=status, finished=_now(), exit_code=code)
                    self._save(record)
                if code != 0:
                    failure = (step, command_number, code)
                    break
            if failure or control.stop_requested:
                break
        self._finish(run_id, record, control, failure)

    def _finish(self, run_id: str, record: dict, control: _Control, failure) -> None:
        size = files.tree_size(self._workspace(record))
        with self._lock:
            record.update(finished=_now(), size_bytes=size)
            if control.interrupted:
                record["status"] = "failed"
                self._append_log(run_id, INTERRUPTED)
            elif control.stop_requested:
                record["status"] = "stopped"
                self._append_log(run_id, "Stopped by the user")
            elif failure:
                step, command_number, code = failure
                record["status"] = "failed"
                reason = (
                    f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
                )
                rest = (
                    "; the rest of the workflow was not run"
                    if len(record["jobs"]) < record.get("total_jobs", 0)
                    else ""
                )
                self._append_log(
                    run_id,
                    f"Step {step['name']!r} failed: command {command_number + 1} of"
                    f" {len(step['commands'])} {reason}{rest}",
                )
                self._append_log(run_id, "Workflow failed")
            else:
                record["status"] = "finished"
                self._append_log(run_id, "Workflow finished")
        if record.get("engine", "serial") != "serial":
            record["engine_progress"] = self._engine_progress({**record, "status": "running"})
        # the outputs are hashed before the run is seen to end: whoever sees it ended (a
        # reproduction comparing them) reads its complete provenance
        self._record_provenance(record)
        with self._lock:
            self._save(record)

    def _record_provenance(self, record: dict) -> None:
        workspace = self._workspace(record)
        started = provenance.read(workspace)
        if started is None:  # a run created before provenance was recorded
            return
        ran_on = {job["step"]: job["runtime"] or "host" for job in record["jobs"]}
        runtime = self.container_runtime()
        images = {
            step["image"]
            for number, step in enumerate(started["steps"])
            if runtime is not None and ran_on.get(number) == runtime.name and step["image"]
        }
        digests = {image: runtimes.image_digest(runtime, image) for image in sorted(images)}
        steps = [
            {
                **step,
                "ran_on": ran_on.get(number, "not run"),
                "image_digest": digests.get(step["image"]),
            }
            for number, step in enumerate(started["steps"])
        ]
        provenance.finish(
            workspace,
            {**started, "steps": steps},
            outputs=record["outputs"],
            status=record["status"],
            started=record["started"],
            finished=record["finished"],
        )

    def _cleanup_container(self, argv: list[str], env: dict) -> None:
        try:
            subprocess.run(
                argv,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=30,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as e:
            self.log.warning("Could not remove a stopped run's container: %s", e)

    def list(
        self,
        *,
        status: Sequence[str] = (),
        search: str = "",
        sort: str = "desc",
        page: int = 1,
        size: int = 20,
    ) -> dict:
        if isinstance(status, str):
            status = [s for s in status.split(",") if s]
        unknown = [s for s in status if s not in STATUSES]
        if unknown:
            raise BadRequest(f"Unknown workflow status: {', '.join(unknown)}")
        if sort not in SORTS:
            raise BadRequest(f"Unknown sort {sort!r}; use one of {', '.join(SORTS)}")
        if page < 1 or size < 1:
            raise BadRequest("page and size must be at least 1")
        needle = (search or "").casefold()
        with self._lock:
            records = [
                r
                for r in self._records()
                if (not status or r["status"] in status) and needle in r["name"].casefold()
            ]
        records.sort(key=lambda r: (r["created"], int(r["run_number"])), reverse=sort != "asc")
        if sort == "disk-desc":
            items = sorted(map(self._workflow, records), key=lambda w: -(w["size_bytes"] or 0))
            window = items[(page - 1) * size : page * size]
        else:
            window = [self._workflow(r) for r in records[(page - 1) * size : page * size]]
        return {"items": window, "total": len(records), "page": page, "size": size}

    def get(self, workflow_id: str) -> dict:
        with self._lock:
            record = self._find(workflow_id)
        return self._detail(record)  # records are copies: the sizes are counted unlocked

    def logs(self, workflow_id: str, since: str | None = None) -> dict:
        """The logs from `since` (a cursor of an earlier answer) on; see `logcursor`."""
        with self._lock:
            record = self._find(workflow_id)
        folder = self._log_dir(record["id"])

        def reader(path: Path) -> logcursor.Reader:
            return lambda mark: logcursor.read_file(path, mark, self.log_tail_bytes)

        steps = [
            (
                {key: job[key] for key in ("id", "name", "status", "started", "finished")},
                reader(folder / f"{job['id']}.log"),
            )
            for job in record.get("jobs") or []
        ]
        return logcursor.answer(since, reader(folder / "workflow.log"), steps)

    def workspace(self, workflow_id: str, *, search: str = "", page: int = 1, size: int = 50):
        if page < 1 or size < 1:
            raise BadRequest("page and size must be at least 1")
        with self._lock:
            record = self._find(workflow_id)
        items = files.list_workspace(self._workspace(record), search or "")
        window = items[(page - 1) * size : page * size]
        return {"items": window, "total": len(items), "page": page, "size": size}

    def file_path(self, workflow_id: str, name: str) -> Path:
        with self._lock:
            record = self._find(workflow_id)
        return files.workspace_file(self._workspace(record), name)

    def stop(self, workflow_id: str) -> dict:
        """Kill the running step's whole process group (SIGTERM, then SIGKILL after a grace
        period); the run becomes `stopped`."""
        with self._lock:
            record = self._find(workflow_id)
            if record["status"] not in ACTIVE:
                raise Conflict(
                    f"{record['name']}.{record['run_number']} is not running"
                    f" (it is {record['status']})"
                )
            control = self._controls.get(record["id"])
            if control is None:
                if self._owner_alive(record.get("owner")):
                    raise Conflict("This run belongs to another Jupyter server; stop it there")
                self._abandon(record, "stopped", "Stopped by the user")
                return self._workflow(record)
            control.stop_requested = True
            proc = control.proc
        self._terminate(control, proc)
        with self._lock:
            return self._workflow(self._find(record["id"]))

    def _terminate(self, control: _Control, proc: subprocess.Popen | None) -> None:
        if proc is not None:
            _signal_group(proc.pid, signal.SIGTERM)
        thread = control.thread
        if thread is None:
            return
        thread.join(self.stop_grace_seconds)
        if thread.is_alive() and proc is not None:
            _signal_group(proc.pid, signal.SIGKILL)
            thread.join(30)

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
        self._save(record)
        self._append_log(record["id"], line)

    def recover(self) -> None:
        """At server start: runs whose engine is gone (the server stopped or died) are failed."""
        with self._lock:
            for record in self._records():
                if record["status"] not in ACTIVE or record["id"] in self._controls:
                    continue
                if self._owner_alive(record.get("owner")):
                    continue
                self.log.info(
                    "Local run %s.%s was interrupted", record["name"], record["run_number"]
                )
                self._abandon(record, "failed", INTERRUPTED)
            for path in self._owners_dir.glob("*.lock"):
                self._owner_alive(path.stem)  # removes the lock files of engines that are gone

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
            self._record_path(record["id"]).unlink(missing_ok=True)
        if trash is not None:
            if trash.is_symlink():
                trash.unlink()
            else:
                shutil.rmtree(trash, ignore_errors=True)

    def shutdown(self) -> None:
        """The server is stopping: its running runs are killed and recorded as interrupted."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            controls = list(self._controls.values())
            procs = []
            for control in controls:
                control.stop_requested = True
                control.interrupted = True
                procs.append(control.proc)
        for control, proc in zip(controls, procs, strict=True):
            self._terminate(control, proc)
        with self._lock:
            if self._owner_fd is not None:
                os.close(self._owner_fd)
                self._owner_fd = None
            (self._owners_dir / f"{self.instance}.lock").unlink(missing_ok=True)
