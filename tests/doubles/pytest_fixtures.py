"""The body of a ``<double>_factory`` fixture: start doubles, close them, fail on violations."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


def double_factory(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    double_class: type,
    *,
    label: str,
    marker: str,
    defaults: dict | None = None,
) -> Iterator:
    """Yields ``make(**settings)``, which starts a ``double_class`` (its state under
    ``tmp_path``, ``defaults`` for settings not given). At teardown closes them all and fails
    the test if any recorded a violation, unless the test is marked ``marker``."""
    doubles = []
    prefix = double_class.name

    def make(**settings):
        settings.setdefault("state_dir", tmp_path / f"{prefix}-{len(doubles)}")
        for key, value in (defaults or {}).items():
            settings.setdefault(key, value)
        double = double_class(**settings)
        doubles.append(double)
        return double.start()

    yield make
    violations = []
    for double in doubles:
        double.close()
        violations += double.violations
    if violations and not request.node.get_closest_marker(marker):
        pytest.fail(f"The {label} double recorded violations:\n" + "\n".join(violations))
