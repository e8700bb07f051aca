"""Testing layer: synthetic data for policies (``synth``), for demos, benchmarks and users'
own test suites.

Imports every layer above it; nothing imports it but the command line.
"""
