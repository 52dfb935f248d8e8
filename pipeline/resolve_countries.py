"""Resolve one country at a time, from the mentions' Arrow table.

Only one country's mentions are Python dicts at any moment; each country's events and
merge rows become Arrow as soon as they are resolved. This gives exactly what one run of
`resolve_events` over every mention gives, because nothing joins mentions of two
countries: `merge_reason` requires the same iso3, pairs are blocked by (iso3, year), an
undated report joins only a dated report of its own iso3 and event type, and event ids,
prefixed by the iso3, can only collide within one country. Mentions without an iso3
merge with nothing and share the prefix XXX: they form one partition. The two orders a
single run gives are restored at the end: events by date (undated first) and id, the
merge log by its order keys (see `resolve_with_order`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyarrow as pa
import pyarrow.compute as pc

from pipeline.resolve import RESOLVE_COLUMNS, ResolveParams, resolve_in_chunks
from pipeline.spill import new_table, reordered, take_scattered
from pipeline.tables import SCHEMAS, table_rows, to_arrow

ORDER_KEYS = ("_event_first_mention", "_mention")  # the merge log's order, dropped once sorted
MERGES_WITH_ORDER = pa.schema([*SCHEMAS["merges"], *(pa.field(k, pa.string()) for k in ORDER_KEYS)])


def country_partitions(mentions: pa.Table) -> Iterator[pa.Array]:
    """The row indices of each country's mentions (those without an iso3 together)."""
    iso3 = pc.fill_null(mentions.column("iso3"), "")
    for country in pc.unique(iso3).to_pylist():
        yield pc.indices_nonzero(pc.equal(iso3, country))


def resolve_by_country(mentions: pa.Table, params: ResolveParams, rank,
                       finish_events: Callable[[list[dict]], None] = lambda events: None) -> tuple[pa.Table, pa.Table]:
    """(events, merges) as one-chunk Arrow tables, equal to what `resolve_events` gives for
    every mention at once. `finish_events` completes each country's event rows in place
    (the caller's source_scale) before they become Arrow."""
    # Each country's rows are appended to a spill (see pipeline.spill), then put in order.
    all_events, all_merges = new_table(SCHEMAS["events"]), new_table(MERGES_WITH_ORDER)
    others = mentions.select([n for n in mentions.schema.names if n not in RESOLVE_COLUMNS])  # a lead's other fields
    for rows in country_partitions(mentions):
        light = light_rows(mentions, rows)

        def full_rows(leads: list[dict]) -> list[dict]:
            full = table_rows(take_scattered(others, pa.array([m[ROW] for m in leads], type=pa.int64())))
            return [{**f, **m} for f, m in zip(full, leads, strict=True)]  # a split day's fields stay

        # Events in the order of their leads' rows: each chunk's leads are read from one
        # stretch of the mentions, not from pages all over them.
        for events, merges, order in resolve_in_chunks(light, params, rank, full_rows,
                                                       lead_order=lambda m: m[ROW]):
            finish_events(events)
            all_events.append(to_arrow(events, "events"))
            all_merges.append(_with_order(to_arrow(merges, "merges"), order))
        del light
    return _events_in_order(all_events.table()), _merges_in_order(all_merges.table())


ROW = "_row"  # a light mention's row in the mentions table


def light_rows(mentions: pa.Table, rows: pa.Array) -> list[dict]:
    """The mentions at `rows` as dicts of what resolve reads (RESOLVE_COLUMNS) and their
    row: 1.2 KB a mention where a full dict took 3.5 KB. Values that repeat (countries,
    types, places, sources, dates) are one Python object each, not one per mention."""
    part = take_scattered(mentions.select(list(RESOLVE_COLUMNS)), rows)
    columns = [_shared_values(part.column(name).combine_chunks()) for name in RESOLVE_COLUMNS]
    names = (*RESOLVE_COLUMNS, ROW)
    return [_light_dict(zip(names, values, strict=True)) for values in zip(*columns, rows.to_pylist(), strict=True)]


class _Light:
    """Its instances' attribute dicts share one table of keys (CPython's key-sharing dicts,
    PEP 412) when filled in one order: 270 B a mention where a dict of its own took 470."""


def _light_dict(items) -> dict:
    holder = _Light()
    holder.__dict__.update(items)
    return holder.__dict__  # a dict as any other, its keys shared still once the holder is gone


def _shared_values(column: pa.Array) -> list:
    """The column's values, one Python object per distinct value (a list per row, but its
    items shared)."""
    if pa.types.is_boolean(column.type):
        return column.to_pylist()  # True, False and None are one object each already
    if pa.types.is_list(column.type):
        items = iter(_shared_values(column.flatten()))
        return [None if n is None else [next(items) for _ in range(n)] for n in pc.list_value_length(column).to_pylist()]
    encoded = column.dictionary_encode()
    values = encoded.dictionary.to_pylist()
    return [None if i is None else values[i] for i in encoded.indices.to_pylist()]


def _with_order(merges: pa.Table, order: list[tuple]) -> pa.Table:
    firsts, own = zip(*order, strict=True) if order else ((), ())
    for name, values in zip(ORDER_KEYS, (firsts, own), strict=True):
        merges = merges.append_column(name, pa.array(values, type=pa.string()))
    return merges


# Events by date, undated first (None sorts as date.min in `resolve_events`), then id.
EVENT_ORDER = [("event_date", "ascending", "at_start"), ("event_id_cnty", "ascending", "at_start")]
MERGE_ORDER = [(k, "ascending", "at_end") for k in ORDER_KEYS]


def _events_in_order(events: pa.Table) -> pa.Table:
    return reordered(events, pc.sort_indices(events.select(["event_date", "event_id_cnty"]), sort_keys=EVENT_ORDER))


def _merges_in_order(merges: pa.Table) -> pa.Table:
    order = pc.sort_indices(merges.select(list(ORDER_KEYS)), sort_keys=MERGE_ORDER)
    return reordered(merges.drop_columns(list(ORDER_KEYS)), order)
