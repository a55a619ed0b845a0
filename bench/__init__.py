"""Load benchmarks: `make bench` (throughput and latency per kind of page) and `make soak` (errors, memory).

Loopback only, bounded in time, and every process started is stopped on the way out.
"""
