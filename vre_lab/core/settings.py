"""Settings: each defined once, as a trait of its slice's `*Config` class.

`VRELab` (app.py) inherits every slice's `*Config` class, so a trait ``x`` defined there is the
setting ``c.VRELab.x`` (docs/configuration.md), with its help, its default and the environment
variable it is tagged with (core/environment.py). A slice's service reads a `*Settings` object:
the same class with what follows from the values (paths expanded, sizes in bytes), made from the
app by `ServiceSettings.of` (the server's extension, or the kernel's, kernel/config.py).
"""

from __future__ import annotations

from pathlib import Path

from traitlets import Float, Instance
from traitlets.config import Configurable


class ServiceConfig(Configurable):
    """The settings every slice's service reads; base of each slice's `*Config`."""

    backend_timeout = Float(
        30.0, help="Seconds to wait for any outbound call to a service before giving up."
    ).tag(config=True, env="VRE_LAB_BACKEND_TIMEOUT")


class ServiceSettings(ServiceConfig):
    """Base of a slice's `*Settings`: what its service reads."""

    root_dir = Instance(
        Path, allow_none=True, help="The server's root folder, resolved (paths are relative to it)."
    )

    @classmethod
    def of(cls, app: Configurable, **values):
        """The app's values of this slice's settings (and `values`, e.g. root_dir)."""
        own = {name: getattr(app, name) for name in cls.class_trait_names(config=True)}
        return cls(**own, **values)

    @property
    def timeout(self) -> float:
        return self.backend_timeout
