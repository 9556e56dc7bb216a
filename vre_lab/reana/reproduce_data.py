"""Before a reproduction re-runs anything: the Rucio data the original run read (the DIDs its
`provenance.json` records), each compared with what Rucio says of it now and made available
again. A DID Rucio no longer knows, or whose checksums changed, stops the reproduction before
anything runs: the run could not read what the original read.
"""

from __future__ import annotations

from ..core.job_runner import JobContext

STOPS = ("missing", "differs")


def check(ctx: JobContext, dids, record: dict, instance: str | None = None) -> list[dict]:
    """One verdict per recorded DID (see `DidRecords.compare`); `instance` overrides the one
    the record names. `dids` is None when the server has no Rucio slice."""
    recorded = [entry for entry in record.get("dids") or [] if isinstance(entry, dict)]
    verdicts = []
    for number, entry in enumerate(recorded, 1):
        ctx.progress(0.2 + 0.04 * number / len(recorded), f"Checking {entry['did']} in Rucio")
        if dids is None:
            why = "This server has no Rucio instance"
            verdicts.append({"did": entry["did"], "verdict": "unchecked", "why": why})
            continue
        verdicts.append(dids.compare({**entry, "instance": instance or entry.get("instance")}))
    return verdicts


def make_available(ctx: JobContext, dids, verdicts: list[dict]) -> None:
    """Every DID Rucio still has as recorded, made available here as the Data panel does."""
    usable = [v for v in verdicts if v["verdict"] in ("same", "found")]
    for number, verdict in enumerate(usable, 1):
        base = 0.24 + 0.06 * (number - 1) / len(usable)

        def progress(fraction, message, base=base, did=verdict["did"]):
            share = 0.06 / len(usable) * (fraction or 0)
            ctx.progress(base + share, message or f"Making {did} available")

        found = dids.make_available(verdict["instance"], verdict["did"], progress)
        verdict["available"] = {"mode": found.get("mode"), "files": len(found.get("paths") or [])}


def stopped(verdicts: list[dict]) -> str | None:
    """Why the reproduction cannot go on, or None."""
    bad = [v for v in verdicts if v["verdict"] in STOPS]
    if not bad:
        return None
    said = {"missing": "is missing from Rucio", "differs": "differs from the recorded one"}
    listed = "; ".join(f"{v['did']} {said[v['verdict']]}" for v in bad)
    return f"Input data {listed}: nothing was run."


def markdown(verdicts: list[dict]) -> list[str]:
    if not verdicts:
        return []
    lines = ["", "| Rucio input | verdict | instance |", "| --- | --- | --- |"]
    for verdict in verdicts:
        said = verdict["verdict"]
        if said == "unchecked":
            said += f" ({verdict.get('why')})"
        elif verdict.get("available"):
            said += f", made available ({verdict['available']['files']} file(s))"
        lines.append(f"| `{verdict['did']}` | {said} | {verdict.get('instance') or ''} |")
    return lines
