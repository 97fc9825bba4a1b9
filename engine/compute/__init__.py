"""Benchmark computations: indicators, comparison groups, deviations and potentials (pandas/numpy)."""
