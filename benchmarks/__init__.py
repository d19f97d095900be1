"""Load and query-count benchmarks for the portal at council scale: `python -m benchmarks`.

Every figure is also given as a ratio to the bare `/healthz` view measured in the same run,
because absolute times vary between machines.
"""
