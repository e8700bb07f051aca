"""Helpers of the loader fuzzers (``tests/test_fuzz_loaders.py``): documents drawn from the
committed JSON Schemas, byte and YAML mutations of valid files, and the property that only
the library's own errors come out, within bounded time and memory."""
