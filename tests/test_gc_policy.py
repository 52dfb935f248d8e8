import gc

from pipeline.gc_policy import YOUNG_GENERATION_THRESHOLD, few_collections


def test_few_collections_raises_the_young_threshold_and_restores_the_callers():
    before = gc.get_threshold()
    with few_collections():
        inside = gc.get_threshold()
    assert inside == (YOUNG_GENERATION_THRESHOLD, *before[1:])
    assert gc.get_threshold() == before


def test_few_collections_restores_the_thresholds_after_an_error():
    before = gc.get_threshold()
    try:
        with few_collections():
            raise RuntimeError("stop")
    except RuntimeError:
        pass
    assert gc.get_threshold() == before
