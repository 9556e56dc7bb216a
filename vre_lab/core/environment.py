"""Settings from environment variables: every `c.VRELab` setting has one (docs/configuration.md).

Each configurable trait is tagged with its variable, e.g. ``.tag(config=True,
env="VRE_LAB_MAX_JOBS")``. A variable that is set (and not blank) wins over the Jupyter config
files and the command line, as ``VRE_LAB_RUCIO_DEFAULT`` and the entries of the JSON lists always
have: what a hub sets for one user's server beats what the image bakes in. The three lists
(Rucio instances, REANA servers, publishing repositories) are tagged ``env_merged=True``: their
slice reads the variable itself and merges it by name with the configured list.

Values are parsed strictly: a number must be a plain positive number, a list a JSON list of
strings. A value that cannot be used is reported naming the variable, never quoting the value
(a token pasted into the wrong variable must not reach a log), and the configured value is kept.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping

from traitlets import Bool, Float, HasTraits, Int, List, TraitError, Unicode

_WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")
_BOOLEANS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]*)?$|^\.[0-9]+$")


class EnvironmentValueError(ValueError):
    """A variable's value cannot be used; the message names the variable, never the value."""


def environment_variables(cls: type[HasTraits]) -> dict[str, str]:
    """{trait name: variable} for every configurable trait of `cls` tagged with one."""
    return {
        name: trait.metadata["env"]
        for name, trait in cls.class_traits(config=True).items()
        if trait.metadata.get("env")
    }


def parse(trait, variable: str, text: str):
    """The value of `text` for `trait`, or EnvironmentValueError."""
    text = text.strip()
    if isinstance(trait, Int):
        if not _WHOLE_NUMBER.match(text) or int(text) < 1:
            raise EnvironmentValueError(f"{variable} must be a whole number of at least 1")
        return int(text)
    if isinstance(trait, Float):
        if not _NUMBER.match(text) or not math.isfinite(float(text)) or float(text) <= 0:
            raise EnvironmentValueError(f"{variable} must be a number greater than 0")
        return float(text)
    if isinstance(trait, List):
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise EnvironmentValueError(f'{variable} must be a JSON list of strings, e.g. ["a"]')
        return value
    if isinstance(trait, Bool):
        if text.lower() not in _BOOLEANS:
            raise EnvironmentValueError(f"{variable} must be true or false")
        return _BOOLEANS[text.lower()]
    if isinstance(trait, Unicode):
        return text
    raise EnvironmentValueError(f"{variable} cannot be read from the environment")


def apply_environment(
    app: HasTraits, environ: Mapping[str, str] = os.environ
) -> tuple[list[str], list[str]]:
    """Set every trait of `app` whose variable is set in `environ`.

    Returns (the variables used, the problems); a problem leaves the trait as it was."""
    used: list[str] = []
    problems: list[str] = []
    for name, trait in app.traits(config=True).items():
        variable = trait.metadata.get("env")
        if not variable or trait.metadata.get("env_merged"):
            continue
        text = environ.get(variable, "")
        if not text.strip():
            continue
        secret = trait.metadata.get("secret")
        keeping = f"; keeping {name}" + ("" if secret else f" = {getattr(app, name)!r}")
        try:
            setattr(app, name, parse(trait, variable, text))
        except EnvironmentValueError as e:
            problems.append(f"{e}{keeping}")
            continue
        except TraitError:  # its message quotes the value
            problems.append(f"{variable} is not a valid value for {name}{keeping}")
            continue
        used.append(variable)
    return used, problems
