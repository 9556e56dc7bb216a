"""The local engine: reana.yaml workflows of every type run on this machine (the server `local`).

`LocalEngine` is imported when first asked for: the `vre-lab` command line reads
`local.engines` for its `engines` commands, and must not pay for the engine (which imports the
publishing slice's validation) on every `vre-lab sandbox ...`.
"""

__all__ = ["INTERRUPTED", "LocalEngine"]


def __getattr__(name: str):
    if name in __all__:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
