"""Candidates for "within d km": the points whose latitude alone does not rule them out.

Two points whose latitudes differ by dphi radians are at least R * dphi apart on the
sphere (the haversine distance is never below its north-south part), so only the points
in the band of latitudes around a query can lie within d km. The band is widened by a
kilometre, far beyond any rounding of the distance formula, so it always holds every
point the exact formula would accept; callers still apply that formula to each candidate.
A point with a latitude that is not a finite number is always a candidate.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right

EARTH_RADIUS_KM = 6371.0
MARGIN_KM = 1.0


class LatitudeBands:
    """`add(lat, item)` every point, then `near(lat, km)`: a superset of the items within km."""

    def __init__(self) -> None:
        self._points: list[tuple[float, int, object]] = []
        self._loose: list[object] = []  # non-finite latitudes: never ruled out
        self._lats: list[float] | None = None

    def add(self, lat: float, item: object) -> None:
        if math.isfinite(lat):
            self._points.append((lat, len(self._points), item))  # the counter keeps sorting off the items
        else:
            self._loose.append(item)
        self._lats = None

    def near(self, lat: float, km: float) -> list[object]:
        """Every item that may lie within `km` of a point at latitude `lat`, in no set order."""
        if self._lats is None:
            self._points.sort()
            self._lats = [p[0] for p in self._points]
        if not (math.isfinite(lat) and math.isfinite(km)):
            return [p[2] for p in self._points] + self._loose
        band = math.degrees((km + MARGIN_KM) / EARTH_RADIUS_KM)
        lo, hi = bisect_left(self._lats, lat - band), bisect_right(self._lats, lat + band)
        return [p[2] for p in self._points[lo:hi]] + self._loose
