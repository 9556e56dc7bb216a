"""Jupyter server configuration for the Galata UI tests.

Never use this configuration in production: it turns off authentication and
exposes the JupyterLab application object in the browser.
"""

from pathlib import Path
from tempfile import mkdtemp

from jupyterlab.galata import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (`c` is injected by Jupyter)

# The test machines run as root and must only listen on the loopback.
c.ServerApp.allow_root = True  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821

# Keep vre-lab's job store away from the user's own.
c.VRELab.job_store_path = str(  # noqa: F821
    Path(mkdtemp(prefix="vre-lab-ui-tests-")) / "jobs.sqlite3"
)
