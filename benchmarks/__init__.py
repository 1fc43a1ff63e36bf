"""The portal's benchmark: `make bench` (python -m benchmarks.run --help)."""
