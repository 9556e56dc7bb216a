"""The sandbox's demo data: a small, deterministic Higgs-to-four-leptons open-data sample.

Pure standard library, so both the seeding script (server venv) and the tests (JupyterLab venv)
import it and agree on every name, metadata value and byte.
"""

from __future__ import annotations

import hashlib
import math
import random
import zlib
from dataclasses import dataclass, field

RSE = "SANDBOX_DISK"
SCRATCH_RSE = "SANDBOX_SCRATCH"
ACCOUNT = "root"
SCOPES = ("demo", "user.root")
CONTAINER = "higgs-open-data"
EVENTS_PER_FILE = 80
CSV_HEADER = "event_id,pt,eta,phi,mass\n"


@dataclass(frozen=True)
class DemoDataset:
    scope: str
    name: str
    files: int
    kind: str  # "data": Z peak, continuum, a few Higgs candidates; "signal": m_H = 125 GeV; "skim"
    metadata: dict = field(default_factory=dict)

    @property
    def did(self) -> str:
        return f"{self.scope}:{self.name}"

    def file_names(self) -> list[str]:
        return [f"{self.name}.events_{index:04d}.csv" for index in range(1, self.files + 1)]


DATASETS = (
    DemoDataset(
        "demo",
        "higgs4l-data-2012B-DoubleMuon",
        files=3,
        kind="data",
        metadata={
            "project": "data12_8TeV",
            "datatype": "events_csv",
            "run_number": 194108,
            "stream_name": "DoubleMuon",
            "version": "v1",
        },
    ),
    DemoDataset(
        "demo",
        "higgs4l-data-2012C-DoubleElectron",
        files=3,
        kind="data",
        metadata={
            "project": "data12_8TeV",
            "datatype": "events_csv",
            "run_number": 199752,
            "stream_name": "DoubleElectron",
            "version": "v1",
        },
    ),
    DemoDataset(
        "demo",
        "higgs4l-mc-ggH125-ZZ4l",
        files=2,
        kind="signal",
        metadata={
            "project": "mc12_8TeV",
            "datatype": "events_csv",
            "run_number": 160155,
            "stream_name": "simulation",
            "version": "v2",
        },
    ),
)
CONTAINER_DATASETS = tuple(dataset for dataset in DATASETS if dataset.scope == "demo")
USER_DATASET = DemoDataset(
    "user.root",
    "higgs4l-skim-m120-130",
    files=1,
    kind="skim",
    metadata={"datatype": "events_csv", "version": "v1"},
)
ALL_DATASETS = (*DATASETS, USER_DATASET)


def _four_lepton_mass(rng: random.Random, kind: str) -> float:
    if kind == "skim":
        return min(130.0, max(120.0, rng.gauss(125.0, 2.0)))
    if kind == "signal" or rng.random() < 0.05:
        return rng.gauss(125.0, 2.0)
    if rng.random() < 0.4:
        return rng.gauss(91.2, 3.0)
    return 70.0 + rng.expovariate(1 / 60.0)


def event_csv(dataset: DemoDataset, file_name: str) -> bytes:
    """The CSV bytes of one file; the same name always gives the same bytes."""
    rng = random.Random(file_name)  # noqa: S311 - reproducible demo data, not secrets
    first_event = rng.randrange(1_000_000, 9_000_000)
    rows = [CSV_HEADER]
    for offset in range(EVENTS_PER_FILE):
        pt = 5.0 + rng.expovariate(1 / 35.0)
        eta = max(-2.5, min(2.5, rng.gauss(0.0, 1.1)))
        phi = rng.uniform(-math.pi, math.pi)
        mass = _four_lepton_mass(rng, dataset.kind)
        rows.append(f"{first_event + offset},{pt:.3f},{eta:.4f},{phi:.4f},{mass:.3f}\n")
    return "".join(rows).encode()


def adler32(data: bytes) -> str:
    return f"{zlib.adler32(data) & 0xFFFFFFFF:08x}"


def md5(data: bytes) -> str:
    return hashlib.md5(data).hexdigest()  # noqa: S324 - Rucio's file checksum, not security
