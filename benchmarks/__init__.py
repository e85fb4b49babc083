"""Benchmarks of PoreKB: synthetic KBs shaped like ours (``generate``) and the scaling run (``scale``)."""
