"""The official REANA server API spec (Swagger 2.0), taken from the reana-commons distribution.

Nothing of the spec is copied into this repository. :func:`load_official_spec` finds
``reana_commons/openapi_specifications/reana_server.json`` of the pinned reana-commons, in order:

1. ``$VRE_LAB_REANA_SPEC`` (a path to that json file), when set;
2. the site-packages of the reana-client venv (``$VRE_LAB_REANA_CLIENT_VENV`` or
   ``<repo>/.venv-reana-client``) when it holds exactly the pinned reana-commons;
3. the cache ``<repo>/.cache/reana-spec/`` (it ignores itself in git);
4. ``pip download reana-commons==<pin> --no-deps`` from PyPI into that cache, then the json is read
   out of the downloaded wheel or sdist.

Whatever the source, the file's SHA-256 must be the pinned one, so every machine validates against
the same document.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

# reana-client 0.9.6 requires reana-commons>=0.9.9,<0.10; 0.9.11 is what pip resolves it to.
REANA_CLIENT_VERSION = "0.9.6"
REANA_COMMONS_VERSION = "0.9.11"
SPEC_MEMBER = "reana_commons/openapi_specifications/reana_server.json"
SPEC_SHA256 = "0b0523b1c4e5147426824ae2cd8e7b5a3528329d2d159eee78afa1daf71d7d82"

SPEC_ENV = "VRE_LAB_REANA_SPEC"
CLIENT_VENV_ENV = "VRE_LAB_REANA_CLIENT_VENV"
CACHE_DIR = REPOSITORY / ".cache" / "reana-spec"


class SpecUnavailable(RuntimeError):
    pass


def client_venv() -> Path:
    return Path(os.environ.get(CLIENT_VENV_ENV) or REPOSITORY / ".venv-reana-client")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _from_venv(venv: Path, member: str = SPEC_MEMBER) -> bytes | None:
    for site in sorted(venv.glob("lib/python3*/site-packages")):
        dist = site / f"reana_commons-{REANA_COMMONS_VERSION}.dist-info"
        path = site / member
        if dist.is_dir() and path.is_file():
            return path.read_bytes()
    return None


def _from_distribution(archive: Path, member: str = SPEC_MEMBER) -> bytes:
    if archive.suffix == ".whl":
        with zipfile.ZipFile(archive) as wheel:
            return wheel.read(member)
    with tarfile.open(archive) as sdist:
        for entry in sdist.getmembers():
            if entry.isfile() and entry.name.split("/", 1)[-1] == member:
                handle = sdist.extractfile(entry)
                if handle is not None:
                    return handle.read()
    raise SpecUnavailable(f"{archive.name} has no {member}")


def commons_file(member: str, cache: Path = CACHE_DIR) -> tuple[bytes, str]:
    """A file of the pinned reana-commons (`member`, a path inside it) and where it was read:
    the reana-client venv, else the downloaded distribution in the cache (from PyPI once).
    Raises SpecUnavailable when none is reachable."""
    data = _from_venv(client_venv(), member)
    if data is not None:
        return data, f"{client_venv()} (reana-commons {REANA_COMMONS_VERSION} installed)"
    return _download(cache, member), f"PyPI reana-commons=={REANA_COMMONS_VERSION}"


def _download(cache: Path, member: str = SPEC_MEMBER) -> bytes:
    downloads = cache / "dist"
    downloads.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(cache)
    with (cache / ".download.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel sessions download once
        try:
            return _download_locked(downloads, member)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _download_locked(downloads: Path, member: str) -> bytes:
    archives = sorted(downloads.glob(f"reana_commons-{REANA_COMMONS_VERSION}*"))
    if not archives:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                f"reana-commons=={REANA_COMMONS_VERSION}",
                "--no-deps",
                "--disable-pip-version-check",
                "--no-input",
                "-d",
                str(downloads),
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        archives = sorted(downloads.glob(f"reana_commons-{REANA_COMMONS_VERSION}*"))
        if result.returncode != 0 or not archives:
            raise SpecUnavailable(
                f"pip download reana-commons=={REANA_COMMONS_VERSION} failed:\n"
                f"{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
            )
    return _from_distribution(archives[0], member)


def _ignore_in_git(cache: Path) -> None:
    ignore = cache / ".gitignore"  # ignores the cache, itself included
    if not ignore.exists():
        ignore.write_text("# written by tests/reana_double/spec.py\n*\n", encoding="utf-8")


def _write_cache(cache: Path, data: bytes) -> None:
    cache.mkdir(parents=True, exist_ok=True)
    _ignore_in_git(cache)
    fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, cache / f"reana_server-{REANA_COMMONS_VERSION}.json")


def spec_bytes(cache: Path = CACHE_DIR) -> tuple[bytes, str]:
    """The pinned spec file's bytes and where they came from."""
    override = os.environ.get(SPEC_ENV)
    if override:
        data, source = Path(override).read_bytes(), override
    else:
        cached = cache / f"reana_server-{REANA_COMMONS_VERSION}.json"
        data = _from_venv(client_venv())
        source = f"{client_venv()} (reana-commons {REANA_COMMONS_VERSION})"
        if data is None and cached.is_file():
            data, source = cached.read_bytes(), str(cached)
        if data is None:
            data = _download(cache)
            source = f"PyPI reana-commons=={REANA_COMMONS_VERSION}"
            if _sha256(data) == SPEC_SHA256:
                _write_cache(cache, data)
    if _sha256(data) != SPEC_SHA256:
        raise SpecUnavailable(
            f"{source}: reana_server.json has SHA-256 {_sha256(data)}, "
            f"expected {SPEC_SHA256} (reana-commons {REANA_COMMONS_VERSION})"
        )
    return data, source


@functools.cache
def load_official_spec() -> dict:
    """The official REANA server Swagger 2.0 document (parsed once per process)."""
    data, _source = spec_bytes()
    spec = json.loads(data)
    if spec.get("swagger") != "2.0":
        raise SpecUnavailable("reana_server.json is not a Swagger 2.0 document")
    return spec
