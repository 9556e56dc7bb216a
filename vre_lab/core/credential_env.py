"""Credential variables stay in the server: no kernel, terminal or workflow step inherits them.

A child process gets a copy of its parent's environment, so a token in the server's `os.environ`
would be in every kernel's too, one `print(os.environ)` away from a shared notebook. Once its
services are configured, the server takes the variables that hold credentials out of `os.environ`
and keeps them in memory; whatever reads a variable reads `variables()`: `os.environ` first (a
value set later wins), then what was taken.

A kernel's `%rucio` magics need the Rucio ones (the instances list, OIDC token variables): the
server writes those into a file only its user can read, and kernels inherit the file's path
(`KERNEL_FILE_VARIABLE`), not the values. The setting `share_reana_credentials` gives terminals
and kernels the selected REANA server's variables, for users who run reana-client there.
"""

from __future__ import annotations

import os
from collections import ChainMap
from collections.abc import Iterable, Mapping
from pathlib import Path

from .private_file import PrivateJSONFile

ALWAYS_TAKEN = (
    "REANA_ACCESS_TOKEN",
    "ZENODO_ACCESS_TOKEN",
    "ZENODO_SANDBOX_ACCESS_TOKEN",
    "RUCIO_ACCESS_TOKEN",
    "VRE_LAB_RUCIO_INSTANCES",
    "VRE_LAB_REANA_SERVERS",
    "VRE_LAB_PUBLISH_REPOSITORIES",
)
KERNEL_FILE_VARIABLE = "VRE_LAB_KERNEL_CREDENTIALS_FILE"

_taken: dict[str, str] = {}


def variables() -> Mapping[str, str]:
    """The environment as the server was started with it."""
    return ChainMap(os.environ, _taken)


def take(names: Iterable[str], *, for_kernels: Iterable[str], kernel_file: Path) -> list[str]:
    """Move the variables `names` that are set out of `os.environ`; those of them named in
    `for_kernels` go into `kernel_file` (0600) for the `%rucio` magics. Returns what was taken."""
    taken = {name: os.environ.pop(name) for name in sorted(set(names)) if name in os.environ}
    _taken.clear()
    _taken.update(taken)
    for_kernel = {name: taken[name] for name in set(for_kernels) if name in taken}
    os.environ.pop(KERNEL_FILE_VARIABLE, None)
    if for_kernel:
        PrivateJSONFile(kernel_file).replace(for_kernel)
        os.environ[KERNEL_FILE_VARIABLE] = str(kernel_file)
    return sorted(taken)


def forget(kernel_file: Path) -> None:
    """When the server stops: its variables and the kernels' file go with it."""
    _taken.clear()
    kernel_file.unlink(missing_ok=True)


def load_kernel_file() -> None:
    """In a kernel: the credential variables the server left for the magics."""
    path = os.environ.get(KERNEL_FILE_VARIABLE)
    if path:
        found = PrivateJSONFile(path).read()
        _taken.clear()
        _taken.update({k: v for k, v in found.items() if isinstance(v, str)})
