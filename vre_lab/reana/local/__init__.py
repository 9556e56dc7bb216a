"""The local engine: reana.yaml workflows of every type run on this machine (the server `local`)."""

from .engine import INTERRUPTED, LocalEngine

__all__ = ["INTERRUPTED", "LocalEngine"]
