"""pandera models for the three tables, built from the vocabularies.

The models grow by inheritance: a mention carries every event field, an event row
adds the resolved provenance. Allowed values come from rules/vocab so the schemas,
the linter and the extractor cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from pipeline.vocab import Vocabulary

MAX_FATALITIES = 100_000  # more than any single event ACLED has recorded
EARLIEST = dt.date(1900, 1, 1)


def _is_date_or_null(s: pd.Series) -> pd.Series:
    return s.map(lambda v: v is None or (isinstance(v, dt.date) and v >= EARLIEST) or v is pd.NaT)


def _is_list_or_null(s: pd.Series) -> pd.Series:
    return s.map(lambda v: v is None or isinstance(v, (list, tuple)) or hasattr(v, "tolist"))


class ArticleModel(pa.DataFrameModel):
    article_id: Series[str] = pa.Field(unique=True, str_length={"min_value": 1})
    source_file: Series[str]
    title: Series[str] = pa.Field(nullable=True)
    publication_date: Series[object] = pa.Field(nullable=True)
    n_chars: Series[pd.Int64Dtype] = pa.Field(ge=0)
    status: Series[str] = pa.Field(isin=["events", "no_events", "rejected"])
    reason: Series[str] = pa.Field(nullable=True)

    @pa.check("publication_date", name="is_date")
    def _pub_is_date(cls, s: pd.Series) -> pd.Series:
        return _is_date_or_null(s)

    @pa.dataframe_check(name="rejected_has_reason")
    def _rejected_has_reason(cls, df: pd.DataFrame) -> pd.Series:
        return (df["status"] != "rejected") | df["reason"].notna()

    class Config:
        strict = False
        coerce = False


class EventFieldsModel(pa.DataFrameModel):
    event_date: Series[object] = pa.Field(nullable=True)
    year: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1900, le=2100)
    time_precision: Series[pd.Int64Dtype] = pa.Field(nullable=True, isin=[1, 2, 3, 4])
    event_type: Series[str]
    sub_event_type: Series[str]
    disorder_type: Series[str]
    inter1: Series[str] = pa.Field(nullable=True)
    inter2: Series[str] = pa.Field(nullable=True)
    interaction: Series[str] = pa.Field(nullable=True)
    inter1_code: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=8)
    inter2_code: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=1, le=8)
    interaction_code: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=10, le=88)
    iso: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0, le=999)
    iso3: Series[str] = pa.Field(nullable=True, str_length={"min_value": 3, "max_value": 3})
    latitude: Series[float] = pa.Field(nullable=True, ge=-90, le=90)
    longitude: Series[float] = pa.Field(nullable=True, ge=-180, le=180)
    geo_precision: Series[pd.Int64Dtype] = pa.Field(nullable=True, isin=[1, 2, 3])
    fatalities: Series[pd.Int64Dtype] = pa.Field(ge=0, le=MAX_FATALITIES)
    fatalities_low: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)
    fatalities_high: Series[pd.Int64Dtype] = pa.Field(nullable=True, ge=0)

    @pa.check("event_date", name="is_date")
    def _date_is_date(cls, s: pd.Series) -> pd.Series:
        return _is_date_or_null(s)

    @pa.dataframe_check(name="fatality_interval_holds_figure")
    def _interval(cls, df: pd.DataFrame) -> pd.Series:
        lo, hi, f = df["fatalities_low"], df["fatalities_high"], df["fatalities"]
        return (lo.isna() | (lo <= f)).fillna(True) & (hi.isna() | (hi >= f)).fillna(True)

    @pa.check("event_date", name="not_in_future")
    def _date_not_future(cls, s: pd.Series) -> pd.Series:
        # The clock only ever refuses a date here; it never supplies one.
        latest = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
        return s.map(lambda v: not isinstance(v, dt.date) or v <= latest)

    @pa.dataframe_check(name="coordinates_paired")
    def _coords(cls, df: pd.DataFrame) -> pd.Series:
        return df["latitude"].isna() == df["longitude"].isna()

    class Config:
        strict = False
        coerce = False


class MentionModel(EventFieldsModel):
    mention_id: Series[str] = pa.Field(unique=True)
    article_id: Series[str]
    evidence: Series[str] = pa.Field(str_length={"min_value": 1})
    char_start: Series[pd.Int64Dtype] = pa.Field(ge=0)
    char_end: Series[pd.Int64Dtype] = pa.Field(ge=0)
    rule_ids: Series[object]

    @pa.check("rule_ids", name="is_list")
    def _rules_list(cls, s: pd.Series) -> pd.Series:
        return _is_list_or_null(s)

    @pa.dataframe_check(name="span_ordered")
    def _span(cls, df: pd.DataFrame) -> pd.Series:
        return df["char_start"] < df["char_end"]

    @pa.dataframe_check(name="not_after_publication")
    def _not_future(cls, df: pd.DataFrame) -> pd.Series:
        ok = [e is None or p is None or e <= p for e, p in zip(df["event_date"], df["publication_date"], strict=False)]
        return pd.Series(ok, index=df.index)


class EventModel(EventFieldsModel):
    event_id_cnty: Series[str] = pa.Field(unique=True)
    article_ids: Series[object]
    mention_ids: Series[object]
    n_sources: Series[pd.Int64Dtype] = pa.Field(ge=1)
    rule_ids: Series[object]


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
    model = {"articles": ArticleModel, "mentions": MentionModel, "events": EventModel}[table]
    schema = model.to_schema()
    if table in ("mentions", "events"):
        pairs = tuple(sorted((v["event_type"], k) for k, v in vocab.sub_event_types.items()))
        schema.checks = [*schema.checks, _vocab_checks(tuple(sorted(vocab.event_types)), pairs),
                         _inter_labels_check(vocab)]
    return schema
