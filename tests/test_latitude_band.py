import math
import random

from pipeline.latitude_band import LatitudeBands
from pipeline.resolve import _km


def test_every_point_within_the_distance_is_a_candidate():
    rng = random.Random(5)
    points = [(rng.uniform(-60, 60), rng.uniform(-30, 60)) for _ in range(2000)]
    # Points crowded on a few latitudes, so the band's edges are tried too.
    points += [(round(lat, 1), lon) for lat, lon in points[:500]]
    bands = LatitudeBands()
    for i, (lat, _) in enumerate(points):
        bands.add(lat, i)
    for km in (0.0, 0.5, 25.0, 300.0):
        for lat, lon in points[:300]:
            here = {"latitude": lat, "longitude": lon}
            within = {j for j, (la, lo) in enumerate(points)
                      if _km(here, {"latitude": la, "longitude": lo}) <= km}
            near = bands.near(lat, km)
            assert within <= set(near)
            assert len(near) == len(set(near))


def test_the_band_rules_out_distant_latitudes():
    bands = LatitudeBands()
    for i, lat in enumerate([0.0, 0.1, 0.3, 1.0, 5.0]):
        bands.add(lat, i)
    assert sorted(bands.near(0.0, 25.0)) == [0, 1]  # 0.3 degrees is about 33 km


def test_a_point_without_a_finite_latitude_is_always_a_candidate():
    bands = LatitudeBands()
    bands.add(math.nan, "odd")
    bands.add(10.0, "far")
    assert bands.near(-40.0, 25.0) == ["odd"]
    assert sorted(bands.near(math.nan, 25.0)) == ["far", "odd"]
    assert sorted(bands.near(-40.0, math.inf)) == ["far", "odd"]
