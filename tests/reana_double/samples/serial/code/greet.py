"""Greets everyone listed in a file (a sample analysis for the REANA double's tests)."""

import argparse
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--greeting", default="Hello")
parser.add_argument("--names")
parser.add_argument("--out")
parser.add_argument("--plot")
parser.add_argument("--report")
args = parser.parse_args()
if args.names and args.out:
    names = Path(args.names).read_text().split()
    Path(args.out).write_text("".join(f"{args.greeting}, {name}!\n" for name in names))
