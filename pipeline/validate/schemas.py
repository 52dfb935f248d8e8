"""pandera schemas for the three tables, built from the vocabularies.

A mention carries every event field, an event row adds the resolved provenance. Allowed values come from rules/vocab so the schemas,
the linter and the extractor cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd

from pipeline.validate.pandera_import import import_pandera
from pipeline.vocab import Vocabulary

pa = import_pandera()

MAX_FATALITIES = 100_000  # more than any single event ACLED has recorded
EARLIEST = dt.date(1900, 1, 1)


def _is_date_or_null(s: pd.Series) -> pd.Series:
    return s.map(lambda v: v is None or (isinstance(v, dt.date) and v >= EARLIEST) or v is pd.NaT)


def _is_list_or_null(s: pd.Series) -> pd.Series:
    return s.map(lambda v: v is None or isinstance(v, (list, tuple)) or hasattr(v, "tolist"))


def _col(dtype, *checks: pa.Check, nullable: bool = False, unique: bool = False) -> pa.Column:
    return pa.Column(dtype, checks=list(checks), nullable=nullable, unique=unique)


def _nullable(dtype, *checks: pa.Check) -> pa.Column:
    return _col(dtype, *checks, nullable=True)


def _between(lo: float, hi: float) -> tuple[pa.Check, pa.Check]:
    return pa.Check.ge(lo), pa.Check.le(hi)


IS_DATE = pa.Check(_is_date_or_null, name="is_date")


def _not_in_future(s: pd.Series) -> pd.Series:
    # The clock only ever refuses a date here; it never supplies one.
    latest = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    return s.map(lambda v: not isinstance(v, dt.date) or v <= latest)


def _rejected_has_reason(df: pd.DataFrame) -> pd.Series:
    return (df["status"] != "rejected") | df["reason"].notna()


def _interval_holds_figure(df: pd.DataFrame) -> pd.Series:
    lo, hi, f = df["fatalities_low"], df["fatalities_high"], df["fatalities"]
    return (lo.isna() | (lo <= f)).fillna(True) & (hi.isna() | (hi >= f)).fillna(True)


def _coordinates_paired(df: pd.DataFrame) -> pd.Series:
    return df["latitude"].isna() == df["longitude"].isna()


def _span_ordered(df: pd.DataFrame) -> pd.Series:
    return df["char_start"] < df["char_end"]


def _not_after_publication(df: pd.DataFrame) -> pd.Series:
    ok = [e is None or p is None or e <= p for e, p in zip(df["event_date"], df["publication_date"], strict=False)]
    return pd.Series(ok, index=df.index)


# Built with pandera's object API rather than DataFrameModel classes: turning a model's
# annotations into a schema imports every dataframe library pandera supports (dask's
# dataframe alone takes about a second), on every compile.
ARTICLE_COLUMNS = {
    "article_id": _col(str, pa.Check.str_length(min_value=1), unique=True),
    "source_file": _col(str),
    "title": _nullable(str),
    "publication_date": _nullable(object, IS_DATE),
    "n_chars": _col(pd.Int64Dtype(), pa.Check.ge(0)),
    "status": _col(str, pa.Check.isin(["events", "no_events", "rejected"])),
    "reason": _nullable(str),
}
ARTICLE_CHECKS = [pa.Check(_rejected_has_reason, name="rejected_has_reason")]

EVENT_FIELD_COLUMNS = {
    "event_date": _nullable(object, IS_DATE, pa.Check(_not_in_future, name="not_in_future")),
    "year": _nullable(pd.Int64Dtype(), *_between(1900, 2100)),
    "time_precision": _nullable(pd.Int64Dtype(), pa.Check.isin([1, 2, 3, 4])),
    "event_type": _col(str),
    "sub_event_type": _col(str),
    "disorder_type": _col(str),
    "inter1": _nullable(str),
    "inter2": _nullable(str),
    "interaction": _nullable(str),
    "inter1_code": _nullable(pd.Int64Dtype(), *_between(1, 8)),
    "inter2_code": _nullable(pd.Int64Dtype(), *_between(1, 8)),
    "interaction_code": _nullable(pd.Int64Dtype(), *_between(10, 88)),
    "iso": _nullable(pd.Int64Dtype(), *_between(0, 999)),
    "iso3": _nullable(str, pa.Check.str_length(min_value=3, max_value=3)),
    "latitude": _nullable(float, *_between(-90, 90)),
    "longitude": _nullable(float, *_between(-180, 180)),
    "geo_precision": _nullable(pd.Int64Dtype(), pa.Check.isin([1, 2, 3])),
    "fatalities": _col(pd.Int64Dtype(), *_between(0, MAX_FATALITIES)),
    "fatalities_low": _nullable(pd.Int64Dtype(), pa.Check.ge(0)),
    "fatalities_high": _nullable(pd.Int64Dtype(), pa.Check.ge(0)),
}
EVENT_FIELD_CHECKS = [pa.Check(_interval_holds_figure, name="fatality_interval_holds_figure"),
                      pa.Check(_coordinates_paired, name="coordinates_paired")]

MENTION_COLUMNS = {
    **EVENT_FIELD_COLUMNS,
    "mention_id": _col(str, unique=True),
    "article_id": _col(str),
    "evidence": _col(str, pa.Check.str_length(min_value=1)),
    "char_start": _col(pd.Int64Dtype(), pa.Check.ge(0)),
    "char_end": _col(pd.Int64Dtype(), pa.Check.ge(0)),
    "rule_ids": _col(object, pa.Check(_is_list_or_null, name="is_list")),
}
MENTION_CHECKS = [pa.Check(_span_ordered, name="span_ordered"),
                  pa.Check(_not_after_publication, name="not_after_publication"), *EVENT_FIELD_CHECKS]

EVENT_COLUMNS = {
    **EVENT_FIELD_COLUMNS,
    "event_id_cnty": _col(str, unique=True),
    "article_ids": _col(object),
    "mention_ids": _col(object),
    "n_sources": _col(pd.Int64Dtype(), pa.Check.ge(1)),
    "rule_ids": _col(object),
}
EVENT_CHECKS = list(EVENT_FIELD_CHECKS)

TABLES = {
    "articles": ("ArticleModel", ARTICLE_COLUMNS, ARTICLE_CHECKS),
    "mentions": ("MentionModel", MENTION_COLUMNS, MENTION_CHECKS),
    "events": ("EventModel", EVENT_COLUMNS, EVENT_CHECKS),
}


@lru_cache(maxsize=8)
def _vocab_checks(event_types: tuple[str, ...], sub_types: tuple[tuple[str, str], ...]):
    pairs = set(sub_types)

    def check(df: pd.DataFrame) -> pd.Series:
        return pd.Series([(e, s) in pairs for e, s in zip(df["event_type"], df["sub_event_type"], strict=False)], index=df.index)

    return pa.Check(check, name="event_type_in_vocabulary")


def _inter_labels_check(vocab: Vocabulary) -> pa.Check:
    """inter1, inter2 and interaction are the labels of their numeric codes, never another's."""
    def check(df: pd.DataFrame) -> pd.Series:
        codes = [(None if pd.isna(a) else int(a), None if pd.isna(b) else int(b))
                 for a, b in zip(df["inter1_code"], df["inter2_code"], strict=True)]
        ok = [(_none(l1), _none(l2), _none(li)) == (vocab.inter_label(a), vocab.inter_label(b), vocab.interaction_label(a, b))
              for (a, b), l1, l2, li in zip(codes, df["inter1"], df["inter2"], df["interaction"], strict=True)]
        return pd.Series(ok, index=df.index)

    return pa.Check(check, name="inter_labels_match_codes")


def _none(v):
    return None if v is None or (isinstance(v, float) and pd.isna(v)) else v


_BUILT: dict[tuple[str, int], tuple[Vocabulary, pa.DataFrameSchema]] = {}


def schema_for(table: str, vocab: Vocabulary) -> pa.DataFrameSchema:
    """The table's schema with the vocabulary's checks, built once per table and vocabulary
    (pandera takes a quarter of a second to build one; export and the codebook ask again)."""
    key = (table, id(vocab))
    if key not in _BUILT:  # the vocabulary is kept with its schema, so its id is never reused
        _BUILT[key] = (vocab, _build_schema(table, vocab))
    return _BUILT[key][1]


def _build_schema(table: str, vocab: Vocabulary) -> pa.DataFrameSchema:
    name, columns, checks = TABLES[table]
    if table in ("mentions", "events"):
        pairs = tuple(sorted((v["event_type"], k) for k, v in vocab.sub_event_types.items()))
        checks = [*checks, _vocab_checks(tuple(sorted(vocab.event_types)), pairs), _inter_labels_check(vocab)]
    return pa.DataFrameSchema(columns, checks=checks, name=name, strict=False, coerce=False)
