"""Vocabularies from rules/vocab/: the one source of truth for coded values.

Read by the rule linter, the extractor and the pandera schemas alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pipeline.yamlfile import load_yaml

DEFAULT_RULES_DIR = Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    iso2: str
    iso_numeric: int
    region: str
    demonyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()


@dataclass
class Vocabulary:
    sub_event_types: dict[str, dict]  # sub-event type -> {event_type, rank, disorder_type, definition}
    event_types: dict[str, str]  # event type -> definition
    inter_codes: dict[int, str]
    vague_quantities: dict[str, dict]
    countries: dict[str, Country] = field(default_factory=dict)
    office_holders: list[dict] = field(default_factory=list)  # {pattern, from, to}
    source_scales: dict[str, str] = field(default_factory=dict)  # lower-cased source name or alias -> scale
    scale_order: tuple[str, ...] = ()

    def inter_label(self, code: int | None) -> str | None:
        return None if code is None else self.inter_codes[code]

    def interaction_label(self, code1: int | None, code2: int | None) -> str | None:
        """ACLED's text form: the two actor types, lower code first, or one acting alone."""
        if code1 is None:
            return None
        if code2 is None:
            return f"{self.inter_codes[code1]} only"
        lo, hi = sorted((code1, code2))
        return f"{self.inter_codes[lo]}-{self.inter_codes[hi]}"

    def source_scale(self, sources: list[str]) -> str | None:
        """The scales of the known sources, joined in ACLED's order ("National-International")."""
        found = {self.source_scales.get(s.strip().lower()) for s in sources} - {None}
        return "-".join(sc for sc in self.scale_order if sc in found) or None

    def event_type_of(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type]["event_type"]

    def rank(self, sub_event_type: str) -> int:
        return self.sub_event_types[sub_event_type]["rank"]

    def disorder_type(self, sub_event_type: str) -> str:
        return self.sub_event_types[sub_event_type]["disorder_type"]

    def country_by_name(self) -> dict[str, Country]:
        """Lower-cased names, aliases and demonyms to their country."""
        out: dict[str, Country] = {}
        for c in self.countries.values():
            for w in (c.name, *c.aliases, *c.demonyms):
                out.setdefault(w.lower(), c)
        return out


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return load_yaml(f.read()) or {}


def load_vocabulary(rules_dir: Path = DEFAULT_RULES_DIR) -> Vocabulary:
    vdir = Path(rules_dir) / "vocab"
    et = _read(vdir / "event_types.yaml")["event_types"]
    subs: dict[str, dict] = {}
    for etype, spec in et.items():
        for sub, s in spec["sub_event_types"].items():
            subs[sub] = {"event_type": etype, **s}
    inter = {int(k): v for k, v in _read(vdir / "actor_types.yaml")["inter_codes"].items()}
    vague = _read(vdir / "vague_quantities.yaml")["vague_quantities"]
    countries: dict[str, Country] = {}
    cpath = vdir / "countries.yaml"
    if cpath.exists():
        for iso3, c in (_read(cpath).get("countries") or {}).items():
            countries[iso3] = Country(
                iso3=iso3, name=c["name"], iso2=c["iso2"], iso_numeric=int(c["iso_numeric"]),
                region=c.get("region") or "", demonyms=tuple(c.get("demonyms") or ()),
                aliases=tuple(c.get("aliases") or ()),
            )
    holders_path = vdir / "office_holders.yaml"
    holders = (_read(holders_path).get("office_holders") or []) if holders_path.exists() else []
    scales, order = _source_scales(vdir / "sources.yaml")
    return Vocabulary(
        sub_event_types=subs, event_types={k: v.get("definition", "") for k, v in et.items()},
        inter_codes=inter, vague_quantities=vague, countries=countries, office_holders=holders,
        source_scales=scales, scale_order=order,
    )


def _source_scales(path: Path) -> tuple[dict[str, str], tuple[str, ...]]:
    if not path.exists():
        return {}, ()
    data = _read(path)
    scales = {}
    for name, spec in (data.get("sources") or {}).items():
        for alias in (name, *(spec.get("aliases") or ())):
            scales[str(alias).lower()] = spec["scale"]
    return scales, tuple(data.get("scales") or ())
