"""A Frictionless data package descriptor for the output folder, built from the same column
specs as the codebook, so a generic tool can check events.csv's types and constraints."""

from __future__ import annotations

from pipeline.codebook import ColumnSpec, column_specs
from pipeline.vocab import Vocabulary

# Frictionless field types: in the CSV a list is text joined with "; ", in Parquet an array.
CSV_TYPES = {"text": "string", "integer": "integer", "number": "number", "date": "date", "boolean": "boolean",
             "list of text": "string"}
PARQUET_TYPES = {**CSV_TYPES, "list of text": "array"}
# Columns whose listed values are every value they may hold.
ENUMS = {"time_precision", "geo_precision", "disorder_type", "event_type", "sub_event_type", "inter1", "inter2",
         "civilian_targeting", "tags", "inter1_code", "inter2_code", "region"}
PARQUET_TABLES = {
    "events": "one row per resolved event: the columns of events.csv with real types",
    "mentions": "one row per event mention in one article, with its evidence and rule ids",
    "articles": "one row per input article, with its status (events, no_events, rejected)",
    "merges": "one row per mention: the event it became and the merge criterion",
    "quarantine": "one row per failed check: the row, the check and the stage",
}


def _field(spec: ColumnSpec, types: dict[str, str]) -> dict:
    field = {"name": spec.name, "type": types[spec.kind]}
    if spec.meaning:
        field["description"] = spec.meaning
    constraints = {}
    if spec.required:
        constraints["required"] = True
    if spec.unique:
        constraints["unique"] = True
    if spec.minimum is not None:
        constraints["minimum"] = spec.minimum
    if spec.maximum is not None:
        constraints["maximum"] = spec.maximum
    if spec.name in ENUMS and spec.allowed:
        constraints["enum"] = list(spec.allowed)
    if constraints:
        field["constraints"] = constraints
    return field


def _schema(vocab: Vocabulary, table: str, types: dict[str, str]) -> dict:
    schema = {"fields": [_field(s, types) for s in column_specs(vocab, table)]}
    if table == "events":
        schema["primaryKey"] = ["event_id_cnty"]
    return schema


def build_descriptor(vocab: Vocabulary, manifest: dict) -> dict:
    resources = [{
        "name": "events-csv", "path": "events.csv", "profile": "tabular-data-resource", "format": "csv",
        "mediatype": "text/csv", "encoding": "utf-8-sig",
        "description": "One row per event, ACLED's columns first; lists joined with '; ', formula-like cells "
                       "prefixed with ' so spreadsheets show them as text.",
        "schema": _schema(vocab, "events", CSV_TYPES),
    }]
    for table, description in PARQUET_TABLES.items():
        resources.append({"name": f"{table}-parquet", "path": f"{table}.parquet", "format": "parquet",
                          "mediatype": "application/vnd.apache.parquet", "description": description,
                          "schema": _schema(vocab, table, PARQUET_TYPES)})
    return {
        "name": "conflict-events", "title": "Conflict events compiled from news articles",
        "version": manifest["dataset_version"],
        "description": "An ACLED-style conflict-event dataset compiled by rules from news articles. "
                       "See the codebook (docs/codebook.md) for each column's meaning and caveats.",
        "resources": resources,
    }
