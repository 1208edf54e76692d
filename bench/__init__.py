"""Benchmarks: each module has ``run(emit)`` and emits ``NAME: VALUE UNIT`` figures."""
