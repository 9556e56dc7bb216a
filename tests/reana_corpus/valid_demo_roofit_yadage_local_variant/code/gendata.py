"""gendata.C of reana-demo-root6-roofit without ROOT: N values of a Gaussian over a flat background."""

import random
import sys

events, data = int(sys.argv[1]), sys.argv[2]
rng = random.Random(42)
with open(data, "w") as out:
    for _ in range(events):
        value = rng.gauss(0, 1) if rng.random() < 0.5 else rng.uniform(-10, 10)
        out.write(f"{value}\n")
