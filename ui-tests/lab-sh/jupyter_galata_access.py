"""What Galata needs of the lab `scripts/lab.sh` starts, and nothing more.

Galata's test helpers (its lab extension, the application exposed in the page) and no token:
never use this for a lab anyone else can reach (it listens on 127.0.0.1 only). Everything else
(the root, the sandbox, the engines, the root user's --allow-root) is what lab.sh made it.
"""

from pathlib import Path
from tempfile import mkdtemp

import jupyterlab

c.LabServerApp.extra_labextensions_path = [str(Path(jupyterlab.__file__).parent / "galata")]  # noqa: F821
c.LabApp.expose_app_in_browser = True  # noqa: F821
c.LabApp.workspaces_dir = mkdtemp(prefix="galata-workspaces-")  # noqa: F821
c.IdentityProvider.token = ""  # noqa: F821
c.ServerApp.password = ""  # noqa: F821
c.ServerApp.disable_check_xsrf = True  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.open_browser = False  # noqa: F821
c.ServerApp.port_retries = 0  # noqa: F821
