"""The offline report: one self-contained page whose charts and map draw in a headless
browser with no console message and no request."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest

from pipeline.cli import main
from pipeline.report import report_data

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _event(etype, country, fatalities, lat=None, lon=None, precision=None, actor="Rebels (Freedonia)"):
    return {"event_date": dt.date(2024, 5, 3), "event_type": etype, "country": country, "fatalities": fatalities,
            "actor1": actor, "actor2": None, "latitude": lat, "longitude": lon, "geo_precision": precision,
            "location": "Town"}


def test_aggregates_by_month_type_country_and_actor():
    data = report_data([_event("Battles", "Freedonia", 3, 1.0, 2.0, 1), _event("Battles", "Freedonia", 2),
                        _event("Protests", "Sylvania", 0, 3.0, 4.0, 3, actor="Protesters (Sylvania)")])
    assert data["months"] == [{"month": "2024-05", "total": 3, "by_type": {"Battles": 2, "Protests": 1}}]
    later = _event("Riots", "Sylvania", 0)
    later["event_date"] = dt.date(2024, 8, 1)
    assert [m["month"] for m in report_data([later, _event("Battles", "Freedonia", 1)])["months"]] == [
        "2024-05", "2024-06", "2024-07", "2024-08"]
    assert data["fatalities_by_country"] == [["Freedonia", 5]]
    assert data["top_actors"] == [["Rebels (Freedonia)", 2], ["Protesters (Sylvania)", 1]]
    assert [p["precision"] for p in data["points"]] == [1, 3]


@pytest.fixture(scope="module")
def report(multi_outlet_out):
    assert main(["report", str(multi_outlet_out)]) == 0
    return multi_outlet_out / "report.html"


def test_the_page_loads_nothing_from_outside(report):
    page = report.read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    assert "<script src" not in page and "<link" not in page


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (.ci/run installs Debian's package)")
def test_charts_and_map_draw_in_headless_chromium_without_errors(report, tmp_path):
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--enable-logging=stderr", "--v=0",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=5000", "--dump-dom", report.as_uri()],
        capture_output=True, text=True, timeout=120, check=True)
    dom = run.stdout
    # Chromium logs every console message as CONSOLE; the page logs none unless something failed.
    assert "CONSOLE" not in run.stderr, [line for line in run.stderr.splitlines() if "CONSOLE" in line]
    body = re.search(r"<body[^>]*>", dom).group(0)
    assert "data-errors" not in body and 'data-drawn="4"' in body, body
    assert dom.count('class="bar"') >= 3 and dom.count('class="point"') >= 1
