"""Container runtimes that can run a step in its `environment` image, and the host fallback.

REANA runs every command of a step as a job `bash -c "cd WORKSPACE && COMMAND"` in the step's
image with the workspace mounted at the same path. A runtime here builds the same job for this
machine: apptainer (or singularity) and podman (or docker, when its daemon answers) are known.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

APPTAINER_LIKE = ("apptainer", "singularity")
PODMAN_LIKE = ("podman", "docker")
KNOWN = APPTAINER_LIKE + PODMAN_LIKE


def docker_reference(image: str) -> str | None:
    """The fully qualified registry reference for an image name as Docker (and so Kubernetes,
    which REANA uses) reads it: `python:3.12` is `docker.io/library/python:3.12`. Podman refuses
    short names without a terminal, so they are qualified here. None if it is not an image name."""
    if image.startswith("docker://"):
        image = image[len("docker://") :]
    if not image or "://" in image or image.startswith("/") or any(c.isspace() for c in image):
        return None
    first, _, rest = image.partition("/")
    if not rest:
        return f"docker.io/library/{image}"
    if "." in first or ":" in first or first == "localhost":
        return image
    return f"docker.io/{image}"


@dataclass(frozen=True)
class Runtime:
    name: str  # the kind: apptainer, singularity, podman, docker
    path: str  # the executable

    def image_reference(self, image: str) -> str | None:
        """What this runtime is given for a step's image, or None if it cannot run it."""
        if self.name in APPTAINER_LIKE:
            if image.startswith("/") or "://" in image:
                return image  # an unpacked image or a SIF file, or an explicit scheme
            return f"docker://{image}" if image and not any(c.isspace() for c in image) else None
        return docker_reference(image)

    def argv(self, *, image: str, workspace: Path, command: str, job_id: str) -> list[str]:
        reference = self.image_reference(image)
        if reference is None:
            raise ValueError(f"{self.name} cannot run the image {image!r}")
        ws = str(workspace)
        if self.name in APPTAINER_LIKE:
            # --containall: no host home, /tmp or environment in the container
            return [
                self.path,
                "exec",
                "--containall",
                "--bind",
                f"{ws}:{ws}",
                "--pwd",
                ws,
                reference,
                "bash",
                "-c",
                command,
            ]
        argv = [self.path, "run", "--rm", "--name", container_name(job_id)]
        if self.name == "podman":
            argv += ["--security-opt", "label=disable"]
            if os.geteuid() != 0:
                argv.append("--userns=keep-id")  # files in the workspace stay the user's
        elif os.geteuid() != 0:
            argv += ["--user", f"{os.getuid()}:{os.getgid()}"]
        return [*argv, "-v", f"{ws}:{ws}", "-w", ws, reference, "bash", "-c", command]

    def cleanup_argv(self, job_id: str) -> list[str] | None:
        """What removes a job's container left behind when its runtime process was killed."""
        if self.name == "podman":
            return [self.path, "rm", "--force", "--ignore", container_name(job_id)]
        if self.name == "docker":
            return [self.path, "rm", "--force", container_name(job_id)]
        return None


_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
INSPECT_SECONDS = 30


def image_digest(runtime: Runtime, image: str) -> str | None:
    """The content digest (`sha256:…`) of the image a step ran in, as podman or docker report
    it for their local copy; None where the runtime does not say (apptainer converts registry
    images into its own format) or the image is not there."""
    reference = runtime.image_reference(image)
    if reference is None or runtime.name not in PODMAN_LIKE:
        return None
    argv = [runtime.path, "image", "inspect", "--format", "{{.Digest}}", reference]
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            timeout=INSPECT_SECONDS,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    found = _DIGEST.search(done.stdout) if done.returncode == 0 else None
    return found.group(0) if found else None


def container_name(job_id: str) -> str:
    return f"vre-lab-{job_id}"


def host_argv(command: str) -> list[str]:
    return ["bash", "-c", command]


DAEMON_SECONDS = 5
DAEMON_REMEMBERED = 30.0  # seconds an answer of `docker info` is reused
_daemon_answers: dict[str, tuple[float, bool]] = {}


def daemon_answers(path: str) -> bool:
    """Whether `docker info` succeeds within DAEMON_SECONDS: docker runs nothing without its
    daemon, and its client is often installed where no daemon runs."""
    now = time.monotonic()
    remembered = _daemon_answers.get(path)
    if remembered and now - remembered[0] < DAEMON_REMEMBERED:
        return remembered[1]
    try:
        done = subprocess.run(
            [path, "info"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=DAEMON_SECONDS,
            check=False,
        )
        answers = done.returncode == 0
    except (OSError, subprocess.SubprocessError):
        answers = False
    _daemon_answers[path] = (now, answers)
    return answers


def discover(
    names: Sequence[str],
    which: Callable[[str], str | None] = shutil.which,
    answers: Callable[[str], bool] = daemon_answers,
) -> Runtime | None:
    """The first of `names` installed on this machine (found by `which`); docker only when its
    daemon answers (`answers`)."""
    for name in names:
        kind = Path(name).name
        if kind not in KNOWN:
            continue
        path = which(name)
        if path and (kind != "docker" or answers(path)):
            return Runtime(kind, path)
    return None
