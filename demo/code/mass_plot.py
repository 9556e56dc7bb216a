"""The four-lepton mass spectrum of an events CSV (event_id,pt,eta,phi,mass) as a histogram.

Usage: python code/mass_plot.py --events data/events.csv --bins 40 --output results/mass.png
Also writes results/summary.json next to the figure: how many events, and how many in the
Higgs window (120-130 GeV).
"""

import argparse
import csv
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display in a workflow step
import matplotlib.pyplot as plt

MASS_RANGE = (70.0, 180.0)
HIGGS_WINDOW = (120.0, 130.0)


def read_masses(path: Path) -> list[float]:
    with path.open(newline="") as events:
        return [float(row["mass"]) for row in csv.DictReader(events)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=Path, required=True)
    parser.add_argument("--bins", type=int, default=40)
    parser.add_argument("--output", type=Path, required=True)
    args = parser.parse_args()

    masses = read_masses(args.events)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    figure, axes = plt.subplots(figsize=(6, 4))
    axes.hist(masses, bins=args.bins, range=MASS_RANGE, histtype="stepfilled", alpha=0.7)
    axes.axvspan(*HIGGS_WINDOW, color="tab:red", alpha=0.15, label="120-130 GeV")
    axes.set_xlabel("four-lepton mass $m_{4\\ell}$ [GeV]")
    axes.set_ylabel("events")
    axes.set_title(f"{len(masses)} events")
    axes.legend()
    figure.tight_layout()
    figure.savefig(args.output, dpi=100)

    in_window = sum(HIGGS_WINDOW[0] <= m <= HIGGS_WINDOW[1] for m in masses)
    summary = {"events": len(masses), "higgs_window": list(HIGGS_WINDOW), "in_window": in_window}
    (args.output.parent / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(f"{len(masses)} events, {in_window} in the Higgs window; figure: {args.output}")


if __name__ == "__main__":
    main()
