"""Running a local run in a thread of its own: each job (a serial command, or the
engine of a Snakemake, CWL or yadage run) as a process group in the workspace; stop, and
the end of a run (its provenance completed before the run is seen to end).

At most `max_parallel_runs` runs go at once (processes.Turns); the others stay `queued` until
one ends, as on REANA, and a queued run stopped before its turn never starts."""

from __future__ import annotations

import signal
import subprocess
import threading
import uuid

from ...core.errors import Conflict
from .. import provenance
from . import files, runners, runtimes
from .processes import _Control, _process_start, _signal_group
from .records import ACTIVE, INTERRUPTED, PROGRESS_TAIL, _now


class RunExecution:
    """Part of LocalEngine: see the module."""

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
            record.update(status="queued", owner=self.servers.server_id)
            self._save(record)
            self._append_log(record["id"], "Queued")
            control = _Control()
            self._controls[record["id"]] = control
            before = self._turns.queue(control)
            if before >= self._turns.places:
                self._append_log(
                    record["id"],
                    f"Waiting for a place: {before} local runs are queued or running,"
                    f" {self._turns.places} run at once (c.VRELab.reana_local_max_parallel_runs)",
                )
            control.thread = threading.Thread(
                target=self._run,
                args=(record["id"], control),
                name=f"vre-lab-local-{record['name']}.{record['run_number']}",
                daemon=True,
            )
            control.thread.start()
            return self._workflow(record)

    def _run(self, run_id: str, control: _Control) -> None:
        if not self._turns.take(control):  # stopped before its turn: stop() recorded it
            return
        try:
            self._execute(run_id, control)
        except Exception as e:
            self.log.exception("Local run %s broke", run_id)
            with self._lock:
                record = self.runs.get(run_id)
                if record is not None and record["status"] in ACTIVE:
                    for job in record["jobs"]:
                        if job["status"] == "running":
                            job.update(status="failed", finished=_now())
                    record.update(status="failed", finished=_now())
                    self._save(record)
                    self._append_log(run_id, f"The local engine failed: {e}")
        finally:
            self._turns.give_back()
            with self._lock:
                self._controls.pop(run_id, None)

    def _execute(self, run_id: str, control: _Control) -> None:
        with self._lock:
            record = self.runs.get(run_id)
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
                record["failure"] = {"message": f"The run was {INTERRUPTED}.", "step": None}
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
                message = (
                    f"Step {step['name']!r} failed: command {command_number + 1} of"
                    f" {len(step['commands'])} {reason}{rest}"
                )
                self._append_log(run_id, message)
                said = self._engine_failure(run_id, record)
                if said:
                    self._append_log(run_id, said)
                # why, for the run's overview (the failed job's last lines are read with it)
                record["failure"] = {
                    "message": f"{message}. {said}" if said else message,
                    "step": step["name"],
                    "job": record["jobs"][-1]["id"] if record["jobs"] else None,
                }
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

    def _engine_failure(self, run_id: str, record: dict) -> str | None:
        """Why an engine's job failed, when its log says it in a line the workflow log repeats
        (a CWL workflow cwltool cannot pack)."""
        kind, jobs = record.get("engine", "serial"), record.get("jobs") or []
        if kind == "serial" or not jobs:
            return None
        log = self._tail(self._log_dir(run_id) / f"{jobs[-1]['id']}.log", PROGRESS_TAIL)
        return runners.failure(kind, log)

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
            if self._turns.cancel(control):  # still waiting for its turn: it never starts
                self._controls.pop(record["id"], None)
                self._abandon(record, "stopped", "Stopped by the user before it started")
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
