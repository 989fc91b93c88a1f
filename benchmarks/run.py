"""`make bench`: every benchmark in turn. Figures are printed, never asserted."""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

BENCHMARKS = ["bench_xirr.py", "bench_load.py", "bench_reporting.py"]

for name in BENCHMARKS:
    print(f"== {name}")
    runpy.run_path(str(HERE / name), run_name="__main__")
