"""The benchmark: import throughput, page rerun times, report time and memory, on demo data."""
