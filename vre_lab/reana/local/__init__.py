"""The local engine: serial reana.yaml workflows run on this machine (the server `local`)."""

from .engine import INTERRUPTED, LocalEngine

__all__ = ["INTERRUPTED", "LocalEngine"]
