"""datapackage.json describes the output folder and validates with frictionless."""

from __future__ import annotations

import csv
import json

import pytest

from pipeline.datapackage import build_descriptor
from pipeline.vocab import DEFAULT_RULES_DIR, load_vocabulary

frictionless = pytest.importorskip("frictionless")


@pytest.fixture(scope="module")
def out(multi_outlet_out):
    return multi_outlet_out


def test_the_descriptor_is_a_valid_data_package(out):
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert descriptor["version"] == manifest["dataset_version"]
    report = frictionless.Package.validate_descriptor(descriptor)
    assert report.valid, report.flatten(["type", "note"])


def test_events_csv_validates_against_its_schema(out):
    package = frictionless.Package(str(out / "datapackage.json"))
    report = frictionless.validate(package.get_resource("events-csv"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] >= 3


def test_a_csv_that_breaks_the_schema_fails_validation(out, tmp_path):
    with (out / "events.csv").open(encoding="utf-8-sig", newline="") as f:
        header, first, *_ = csv.reader(f)
    first[header.index("time_precision")] = "7"  # not a precision code
    with (tmp_path / "events.csv").open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([header, first])
    descriptor = build_descriptor(load_vocabulary(DEFAULT_RULES_DIR), {"dataset_version": "test"})
    (tmp_path / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    package = frictionless.Package(str(tmp_path / "datapackage.json"))
    assert not frictionless.validate(package.get_resource("events-csv")).valid
