"""querykit's benchmark suite: ratios against ``json.loads`` measured in the same run.

Run it from the repository root with ``python -m benchmarks`` (see ``benchmarks/README.md``).
"""
