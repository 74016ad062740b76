"""Benchmarks: ratios against baselines measured in the same run (`make bench`, report in
docs/benchmarks.md). `tests/test_benchmarks_smoke.py` runs one short iteration of each in `make test`."""
