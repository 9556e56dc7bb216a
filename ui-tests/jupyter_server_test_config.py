"""Jupyter server configuration for the Galata UI tests.

Never use this configuration in production: it turns off authentication and
exposes the JupyterLab application object in the browser.

`start-lab.sh` starts a Rucio sandbox and the REANA double and points the server
at them (RUCIO_CONFIG, VRE_LAB_RUCIO_INSTANCES, VRE_LAB_REANA_SERVERS) before
starting JupyterLab with this configuration.
"""

import os
from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (`c` is injected by Jupyter)

# The test machines run as root and must only listen on the loopback.
c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821

# Everything the tests write goes below one temporary folder.
_tmp = Path(os.environ.get("VRE_LAB_UI_TESTS_TMP") or mkdtemp(prefix="vre-lab-ui-tests-"))

# Keep vre-lab's job store and Rucio downloads away from the user's own.
c.VRELab.job_store_path = str(Path(mkdtemp(prefix="jobs-", dir=_tmp)) / "jobs.sqlite3")  # noqa: F821
c.VRELab.rucio_download_dir = mkdtemp(prefix="rucio-downloads-", dir=_tmp)  # noqa: F821
# And the Rucio credentials typed in the panel (data-login.spec.ts), and the login tokens.
c.VRELab.rucio_credentials_path = str(_tmp / "rucio-credentials.json")  # noqa: F821
c.VRELab.rucio_token_dir = str(_tmp / "rucio-tokens")  # noqa: F821

# The REANA tokens typed in the panel (workflows-reana.spec.ts), the server handed to terminals
# (reana-selection.json beside them) and the local engine's run records stay there too; local
# runs' workspaces (reana-runs/) are in the lab's root.
c.VRELab.reana_tokens_path = str(_tmp / "reana-tokens.json")  # noqa: F821
c.VRELab.reana_local_state_dir = mkdtemp(prefix="local-runs-", dir=_tmp)  # noqa: F821
# Local runs run their steps on this machine, whatever container runtime it has.
c.VRELab.reana_container_runtimes = []  # noqa: F821
