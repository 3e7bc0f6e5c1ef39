"""Benchmarks: a synthetic city (bench.city) and the timed paths against hand-written SQL (bench.run)."""
