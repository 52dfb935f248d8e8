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
from pipeline.spill import new_table, taken
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
    for rows in country_partitions(mentions):
        light = light_rows(mentions, rows)

        def full_rows(leads: list[dict]) -> list[dict]:
            full = table_rows(mentions.take(pa.array([m[ROW] for m in leads], type=pa.int64())))
            return [{**f, **m} for f, m in zip(full, leads, strict=True)]  # a split day's fields stay

        for events, merges, order in resolve_in_chunks(light, params, rank, full_rows):
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
    part = mentions.select(list(RESOLVE_COLUMNS)).take(rows).combine_chunks()
    columns = [_shared_values(part.column(name).chunk(0)) if part.num_rows else [] for name in RESOLVE_COLUMNS]
    names = (*RESOLVE_COLUMNS, ROW)
    return [dict(zip(names, values, strict=True)) for values in zip(*columns, rows.to_pylist(), strict=True)]


def _shared_values(column: pa.Array) -> list:
    if pa.types.is_list(column.type) or pa.types.is_floating(column.type) or pa.types.is_boolean(column.type):
        return column.to_pylist()  # each mention's own list; floats rarely repeat
    encoded = column.dictionary_encode()
    values = encoded.dictionary.to_pylist()
    return [None if i is None else values[i] for i in encoded.indices.to_pylist()]


def _with_order(merges: pa.Table, order: list[tuple]) -> pa.Table:
    firsts, own = zip(*order, strict=True) if order else ((), ())
    for name, values in zip(ORDER_KEYS, (firsts, own), strict=True):
        merges = merges.append_column(name, pa.array(values, type=pa.string()))
    return merges


def _events_in_order(events: pa.Table) -> pa.Table:
    """Events by date, undated first (None sorts as date.min in `resolve_events`), then id."""
    order = pc.sort_indices(events, sort_keys=[("event_date", "ascending", "at_start"),
                                               ("event_id_cnty", "ascending", "at_start")])
    return taken(events, order)


def _merges_in_order(merges: pa.Table) -> pa.Table:
    order = pc.sort_indices(merges, sort_keys=[(k, "ascending") for k in ORDER_KEYS])
    return taken(merges.drop_columns(list(ORDER_KEYS)), order)
