"""The double's workflows, workspaces and simulated runs.

A started workflow goes ``queued`` -> ``pending`` -> ``running`` -> ``finished`` (or ``failed``,
or ``stopped``), as in REANA. Like REANA's serial engine, every command of every step is one job
named after its step; each job takes ``step_seconds``. A command with ``exit N`` (N > 0) fails its
job and the run. The operational options ``FROM`` and ``TARGET`` (step names) limit the steps
run. ``${param}`` in commands is replaced by the run's input parameters. When a run finishes,
each file of ``outputs.files`` missing from the workspace is created with deterministic content
(a tiny PNG for ``.png``, a one-page PDF for ``.pdf``, text otherwise).

Everything here is guarded by one lock: handlers and runs use it on the double's event loop,
tests read through it from their own thread.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from string import Template

from .outputs import output_bytes

TIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
ENGINES = ("serial", "yadage", "cwl", "snakemake")
ACTIVE = ("queued", "pending", "running")
FAILING_COMMAND = r"\bexit\s+0*[1-9]\d*\b"


class WorkflowNotFound(LookupError):
    pass


class WorkflowConflict(RuntimeError):
    pass


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def timestamp(moment: datetime | None) -> str | None:
    return moment.strftime(TIME_FORMAT) if moment else None


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("Bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            return f"{int(value)} {unit}" if unit == "Bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} Bytes"  # pragma: no cover


def is_uuid(value: str) -> bool:
    try:
        return str(uuid.UUID(value)) == value.lower()
    except ValueError:
        return False


@dataclass
class Job:
    id: str
    name: str
    cmd: str
    docker_img: str
    compute_backend: str = "Kubernetes"
    status: str = "running"
    started_at: datetime | None = None
    finished_at: datetime | None = None
    logs: str = ""

    def as_log(self, workflow_id: str) -> dict:
        return {
            "workflow_uuid": workflow_id,
            "job_name": self.name,
            "compute_backend": self.compute_backend,
            "backend_job_id": f"reana-run-job-{self.id[:8]}",
            "docker_img": self.docker_img,
            "cmd": self.cmd,
            "status": self.status,
            "logs": self.logs,
            "started_at": timestamp(self.started_at),
            "finished_at": timestamp(self.finished_at),
        }


@dataclass
class Workflow:
    id: str
    name: str
    run_number: int
    specification: dict
    workspace: Path
    created: datetime
    status: str = "created"
    input_parameters: dict = field(default_factory=dict)
    operational_options: dict = field(default_factory=dict)
    run_started_at: datetime | None = None
    run_finished_at: datetime | None = None
    run_stopped_at: datetime | None = None
    total_jobs: int = 0
    jobs: list[Job] = field(default_factory=list)
    engine_log: list[str] = field(default_factory=list)
    task: asyncio.Task | None = None

    @property
    def full_name(self) -> str:
        return f"{self.name}.{self.run_number}"

    @property
    def type(self) -> str:
        return self.specification["workflow"]["type"]

    @property
    def parameters(self) -> dict:
        return dict((self.specification.get("inputs") or {}).get("parameters") or {})

    def log(self, message: str) -> None:
        self.engine_log.append(f"{utcnow().isoformat(sep=' ', timespec='seconds')} | {message}")


def plan_jobs(workflow: Workflow) -> list[tuple[str, str, str]]:
    """(step name, command, image) of every job a run of ``workflow`` makes."""
    parameters = {key: str(value) for key, value in workflow.parameters.items()}
    parameters.update({key: str(value) for key, value in workflow.input_parameters.items()})
    spec = (workflow.specification.get("workflow") or {}).get("specification") or {}
    if workflow.type != "serial" or not isinstance(spec, dict):
        return [(workflow.type, f"run the {workflow.type} workflow", "docker.io/reanahub/reana")]
    steps = list(enumerate(spec.get("steps") or []))
    names = [str(step.get("name") or index) for index, step in steps]
    options = workflow.operational_options
    if options.get("FROM") in names:  # the serial engine's FROM and TARGET options
        steps = steps[names.index(options["FROM"]) :]
    if options.get("TARGET") in names:
        steps = [(i, step) for i, step in steps if i <= names.index(options["TARGET"])]
    jobs = []
    for index, step in steps:
        name = str(step.get("name") or index)
        image = str(step.get("environment") or "")
        for command in step.get("commands") or []:
            jobs.append((name, Template(str(command)).safe_substitute(parameters), image))
    return jobs


class Engine:
    def __init__(self, root: Path, owner_id: str, step_seconds: float, queue_seconds: float):
        self.root = root
        self.owner_id = owner_id
        self.step_seconds = step_seconds
        self.queue_seconds = queue_seconds
        self.lock = threading.RLock()
        self.workflows: dict[str, Workflow] = {}

    # -- lookups -------------------------------------------------------------------------

    def find(self, id_or_name: str) -> Workflow:
        """REANA's lookup: a UUID, ``name.run_number``, or ``name`` (its latest run)."""
        with self.lock:
            if is_uuid(id_or_name):
                found = self.workflows.get(id_or_name.lower())
            else:
                name, _dot, run = id_or_name.partition(".")
                runs = [w for w in self.workflows.values() if w.name == name]
                if run:
                    found = next((w for w in runs if str(w.run_number) == run), None)
                    if found is None and not run.isdigit():
                        runs = [w for w in self.workflows.values() if w.name == id_or_name]
                        found = max(runs, key=lambda w: w.run_number, default=None)
                else:
                    found = max(runs, key=lambda w: w.run_number, default=None)
            if found is None:
                raise WorkflowNotFound(
                    f"REANA_WORKON is set to {id_or_name}, but that workflow does not exist. "
                    "Please set your REANA_WORKON environment variable appropriately."
                )
            return found

    def all(self) -> list[Workflow]:
        with self.lock:
            return list(self.workflows.values())

    # -- life cycle ----------------------------------------------------------------------

    def create(self, name: str, specification: dict) -> Workflow:
        with self.lock:
            run_number = 1 + max(
                (w.run_number for w in self.workflows.values() if w.name == name), default=0
            )
            workflow_id = str(uuid.uuid4())
            workspace = self.root / "workspaces" / self.owner_id / workflow_id
            workspace.mkdir(parents=True)
            workflow = Workflow(
                id=workflow_id,
                name=name,
                run_number=run_number,
                specification=specification,
                workspace=workspace,
                created=utcnow(),
            )
            self.workflows[workflow_id] = workflow
            return workflow

    def start(self, workflow: Workflow, input_parameters: dict, options: dict) -> None:
        """Queue a run (call on the double's event loop)."""
        with self.lock:
            workflow.input_parameters = dict(input_parameters or {})
            workflow.operational_options = dict(options or {})
            workflow.status = "queued"
            workflow.log(f"Workflow {workflow.id} queued.")
            workflow.task = asyncio.get_running_loop().create_task(self._run(workflow))

    def stop(self, workflow: Workflow) -> None:
        with self.lock:
            if workflow.status not in ACTIVE:
                raise WorkflowConflict(f"Workflow {workflow.id} is not running.")
            if workflow.task is not None:
                workflow.task.cancel()
                workflow.task = None
            moment = utcnow()
            for job in workflow.jobs:
                if job.status == "running":
                    job.status, job.finished_at = "stopped", moment
                    job.logs += "Job stopped by the user.\n"
            workflow.status = "stopped"
            workflow.run_stopped_at = moment
            workflow.log(f"Workflow {workflow.id} stopped.")

    def delete(self, workflow: Workflow, all_runs: bool) -> None:
        with self.lock:
            if workflow.status == "running":
                raise WorkflowConflict(
                    f"Workflow {workflow.full_name} cannot be deleted as it is currently running."
                )
            doomed = [workflow]
            if all_runs:
                doomed += [
                    w
                    for w in self.workflows.values()
                    if w.name == workflow.name and w.status != "running" and w is not workflow
                ]
            for victim in doomed:
                if victim.task is not None:
                    victim.task.cancel()
                    victim.task = None
                shutil.rmtree(victim.workspace, ignore_errors=True)
                victim.status = "deleted"

    def cancel_all(self) -> None:
        with self.lock:
            for workflow in self.workflows.values():
                if workflow.task is not None:
                    workflow.task.cancel()
                    workflow.task = None

    # -- views ---------------------------------------------------------------------------

    def progress(self, workflow: Workflow, include_progress: bool) -> dict:
        with self.lock:
            progress = {
                "run_started_at": timestamp(workflow.run_started_at),
                "run_finished_at": timestamp(workflow.run_finished_at),
                "run_stopped_at": timestamp(workflow.run_stopped_at),
            }
            if include_progress:
                for status in ("running", "finished", "failed"):
                    ids = [job.id for job in workflow.jobs if job.status == status]
                    progress[status] = {"total": len(ids), "job_ids": ids}
                progress["total"] = {"total": workflow.total_jobs, "job_ids": []}
                latest = workflow.jobs[-1] if workflow.jobs else None
                progress["current_command"] = latest.cmd if latest else None
                progress["current_step_name"] = latest.name if latest else None
            return progress

    def job_logs(self, workflow: Workflow, steps=None, page=None, size=None) -> dict:
        with self.lock:
            jobs = [job for job in workflow.jobs if not steps or job.name in steps]
            if size:
                start = ((page or 1) - 1) * size
                jobs = jobs[start : start + size]
            return {job.id: job.as_log(workflow.id) for job in jobs}

    def workflow_logs(self, workflow: Workflow) -> str:
        with self.lock:
            return "\n".join(workflow.engine_log) + ("\n" if workflow.engine_log else "")

    # -- the simulated run ---------------------------------------------------------------

    async def _run(self, workflow: Workflow) -> None:
        await asyncio.sleep(self.queue_seconds / 2)
        with self.lock:
            workflow.status = "pending"
        await asyncio.sleep(self.queue_seconds / 2)
        planned = plan_jobs(workflow)
        with self.lock:
            workflow.status = "running"
            workflow.run_started_at = utcnow()
            workflow.total_jobs = len(planned)
            workflow.log(f"Workflow {workflow.id} started: {len(planned)} jobs.")
        for number, (step, command, image) in enumerate(planned):
            with self.lock:
                job = Job(
                    id=str(uuid.uuid4()),
                    name=step,
                    cmd=command,
                    docker_img=image,
                    started_at=utcnow(),
                )
                workflow.jobs.append(job)
                workflow.log(
                    f"Publishing step:{number}, cmd: {command}, total steps {len(planned)}"
                )
            await asyncio.sleep(self.step_seconds)
            with self.lock:
                job.finished_at = utcnow()
                job.logs = f"$ {command}\n"
                if _fails(command):
                    job.status = "failed"
                    job.logs += "Error: the command exited with status 1.\n"
                    workflow.status = "failed"
                    workflow.run_finished_at = job.finished_at
                    workflow.log(f"Workflow {workflow.id} failed at step {step}.")
                    workflow.task = None
                    return
                job.status = "finished"
                job.logs += f"(simulated by the REANA test double: step {step} done)\n"
        with self.lock:
            self._write_outputs(workflow)
            workflow.status = "finished"
            workflow.run_finished_at = utcnow()
            workflow.log(f"Workflow {workflow.id} finished. Files available at {workflow.id}.")
            workflow.task = None

    @staticmethod
    def _write_outputs(workflow: Workflow) -> None:
        outputs = workflow.specification.get("outputs") or {}
        for directory in outputs.get("directories") or []:
            target = (workflow.workspace / str(directory)).resolve()
            if target.is_relative_to(workflow.workspace.resolve()):
                target.mkdir(parents=True, exist_ok=True)
        for name in outputs.get("files") or []:
            target = (workflow.workspace / str(name)).resolve()
            if not target.is_relative_to(workflow.workspace.resolve()) or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(output_bytes(str(name), workflow.full_name))


def _fails(command: str) -> bool:
    return re.search(FAILING_COMMAND, command) is not None
