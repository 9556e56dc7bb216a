"""Checks of what a workflow runs: commands REANA calls dangerous, and container image tags.

reana-client warns (`validate`, no option needed) when a command holds `sudo ` or `cd /`. It checks
image tags only with `validate --environments`, which also asks Docker Hub; here the tag rules
alone are applied offline, as warnings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# reana-client matches the plain substrings "sudo " and "cd /"; these match the same commands,
# without taking "pseudo x" for sudo
_DANGEROUS = (
    (
        re.compile(r"(?<![\w.-])sudo\s"),
        "uses `sudo`, which reana-client flags as dangerous (REANA runs jobs as an "
        "unprivileged user)",
    ),
    (
        re.compile(r"(?<![\w.-])cd /"),
        "changes to an absolute directory (`cd /...`), which reana-client flags as dangerous; "
        "work with paths relative to the workspace",
    ),
)

UNPINNED_TAGS = ("latest", "master", "main")


@dataclass(frozen=True)
class Finding:
    text: str  # the matched text as written in the command, to locate it
    occurrence: int  # which occurrence of `text` in the command
    message: str  # completes "<where> ...", e.g. "uses `sudo`, ..."


def dangerous_operations(command: str) -> list[Finding]:
    findings = []
    for pattern, message in _DANGEROUS:
        for match in pattern.finditer(command):
            text = match.group(0).rstrip()
            findings.append(Finding(text, command.count(text, 0, match.start()), message))
    return findings


def image_tag_problem(image: str) -> str | None:
    """Why an image reference is not pinned (None if it is): completes "Image `x` ..."."""
    if not image.strip():
        return "is empty"
    if any(character.isspace() for character in image):
        return "contains spaces, so no container runtime can pull it"
    if "@" in image:
        return None  # pinned by digest
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag:  # no colon, or the colon belongs to a registry port
        return "has no tag, so it runs whatever `latest` is when the job starts: pin a version"
    if tag in UNPINNED_TAGS:
        return f"uses the tag `{tag}`, which changes over time: pin a version"
    return None
