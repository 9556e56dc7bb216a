"""The local Rucio sandbox: a real Rucio server (own venv, SQLite, loopback) with demo data.

from vre_lab.sandbox import Sandbox
info = Sandbox().start()        # idempotent; seconds once the venv exists
Client(**Sandbox().client_kwargs())
"""

from .errors import SandboxError
from .info import SandboxInfo
from .paths import default_home, default_venv
from .sandbox import Sandbox

__all__ = ["Sandbox", "SandboxError", "SandboxInfo", "default_home", "default_venv"]
