"""querykit's benchmark suite (issue 6): ratios against ``json.loads`` measured in the same run.

Run it from the repository root with ``python -m benchmarks`` (see ``benchmarks/README.md``).
"""
