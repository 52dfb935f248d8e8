"""Ingest: raw files to one record per article, with every article accounted for."""

from pipeline.ingest.reader import IngestReport, iter_inputs, read_inputs

__all__ = ["IngestReport", "iter_inputs", "read_inputs"]
