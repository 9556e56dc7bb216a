"""Creating a local run: checked, its inputs (and Rucio inputs) copied into a new
workspace `NAME.N`, its provenance started, recorded as `created`."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from ...core import files as core_files
from ...core.errors import BadRequest, Conflict
from .. import provenance
from ..rucio_inputs import copy_into
from . import checks, files, params, runners, unhonoured
from .records import ENGINE_NAME, RECORD_FORMAT, _check_name, _now
from .serial import _check_steps


class RunCreation:
    """Part of LocalEngine: see the module."""

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
        checked: bool = False,
    ) -> dict:
        """A new run `name.N`: its inputs copied into a new workspace, recorded as `created`, with
        its provenance (`provenance.json`) started there. `extra_inputs` (source, path in the
        workspace) are copied too: the files of its Rucio inputs (`run_dids`).

        Everything that keeps it from starting is refused at once, in one 400, unless `checked`:
        the caller (runs.run_request, from the reana.yaml's validation) refused it already."""
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
        if not checked:
            found = checks.missing_inputs(source, inputs.get("files"), inputs.get("directories"))
            if found and kind != "serial":  # else runners.prepare says its own problems
                found += runners.problems(kind, specification, source, self.engines)
            checks.raise_all(found)
        engine_run, steps, notes = None, [], []
        if kind == "serial":
            steps = _check_steps(workflow)
            merged = params.merge(inputs.get("parameters"), parameters)
            expansion = params.expand(steps, merged, strict=self.strict_parameters)
            commands, notes = expansion.commands, expansion.notes
        else:
            engine_run = runners.prepare(
                kind, specification, source, parameters, self.engines, checked=checked
            )
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
                for written, content in engine_run.workspace_files(runtime).items():
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
        copied = engine_run.copied if engine_run else []
        setting_notes = unhonoured.notes(specification, source, copied)
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
            for note in ([] if engine_run else notes) + setting_notes:
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
        while True:  # a folder left by someone else takes its number out of use
            number = self.runs.next_number(name)
            workspace = self.workspace_dir / f"{name}.{number}"
            try:
                workspace.mkdir()
            except FileExistsError:
                continue
            return number, workspace
