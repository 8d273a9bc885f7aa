"""Profiles encoded as numpy arrays, so every pair is scored by matrix operations.

Sets become multi-hot rows over a vocabulary shared by both sides (so intersections are
matrix products), time zones become indexes into a small overlap matrix computed once
per distinct zone pair, and missing values become zeros plus a presence mask.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from jisr.engine.matching.profiles import Profile
from jisr.engine.matching.text import TextVectors
from jisr.engine.matching.timezones import WorkingDay, overlap_matrix

Floats = NDArray[np.float32]
Ints = NDArray[np.int64]
Mask = NDArray[np.bool_]

SET_FIELDS = ("service_lines", "technologies", "languages", "certifications")


@dataclass(frozen=True)
class SideArrays:
    """Row-aligned arrays for one side; row i is ``profiles[i]``.

    ``capacity`` is a provider's headcount or a buyer's team size (0 where unknown);
    ``band_low``/``band_high`` are 0 where the band is unknown; masks say which are known.
    """

    sets: dict[str, Floats]
    zone: Ints
    organization: Ints
    capacity: Floats
    has_capacity: Mask
    band_low: Floats
    band_high: Floats
    has_band: Mask
    text: Floats
    has_text: Mask

    def __len__(self) -> int:
        return int(self.zone.shape[0])

    def take(self, rows: slice | Ints) -> SideArrays:
        """The same arrays restricted to some rows (a block, or the rows of some pairs)."""
        return SideArrays(
            sets={name: matrix[rows] for name, matrix in self.sets.items()},
            zone=self.zone[rows],
            organization=self.organization[rows],
            capacity=self.capacity[rows],
            has_capacity=self.has_capacity[rows],
            band_low=self.band_low[rows],
            band_high=self.band_high[rows],
            has_band=self.has_band[rows],
            text=self.text[rows],
            has_text=self.has_text[rows],
        )


@dataclass(frozen=True)
class Encoded:
    """Both sides plus the shared lookup tables."""

    buyers: SideArrays
    providers: SideArrays
    vocabularies: dict[str, tuple[str, ...]]
    buyer_zones: tuple[str, ...]
    provider_zones: tuple[str, ...]
    overlap_hours: Floats
    day: WorkingDay


def _multi_hot(values: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> Floats:
    # float32, not bool: BLAS turns the intersection counts into one fast matmul.
    out = np.zeros((len(values), max(len(vocabulary), 1)), dtype=np.float32)
    for row, items in enumerate(values):
        out[row, [vocabulary[item] for item in items]] = 1.0
    return out


def _encode_side(
    profiles: Sequence[Profile],
    vocabularies: dict[str, dict[str, int]],
    organizations: dict[str, int],
    vectors: TextVectors | None,
) -> tuple[SideArrays, tuple[str, ...]]:
    zones = tuple(sorted({profile.timezone for profile in profiles}))
    zone_index = {zone: i for i, zone in enumerate(zones)}
    capacities = [
        profile.headcount if profile.side == "provider" else profile.team_size
        for profile in profiles
    ]
    # A buyer's team of 0 says nothing about capacity, so it counts as unknown.
    has_capacity = np.array([c is not None and c > 0 for c in capacities], dtype=np.bool_)
    if vectors is not None:
        text, has_text = vectors.rows_for(profiles)
    else:
        text = np.zeros((len(profiles), 1), dtype=np.float32)
        has_text = np.zeros(len(profiles), dtype=np.bool_)
    arrays = SideArrays(
        sets={
            name: _multi_hot([getattr(p, name) for p in profiles], vocabularies[name])
            for name in SET_FIELDS
        },
        zone=np.array([zone_index[p.timezone] for p in profiles], dtype=np.int64),
        organization=np.array([organizations[p.organization_id] for p in profiles], dtype=np.int64),
        capacity=np.array([c or 0 for c in capacities], dtype=np.float32),
        has_capacity=has_capacity,
        band_low=np.array([p.band.low if p.band else 0.0 for p in profiles], dtype=np.float32),
        band_high=np.array([p.band.high if p.band else 0.0 for p in profiles], dtype=np.float32),
        has_band=np.array([p.band is not None for p in profiles], dtype=np.bool_),
        text=text,
        has_text=has_text,
    )
    return arrays, zones


def encode(
    buyers: Sequence[Profile],
    providers: Sequence[Profile],
    *,
    vectors: TextVectors | None = None,
    day: WorkingDay | None = None,
) -> Encoded:
    """Encode both sides; raises ValueError for an unknown time zone."""
    day = day or WorkingDay()
    everyone = [*buyers, *providers]
    vocabularies = {
        name: {
            item: i
            for i, item in enumerate(sorted(set().union(*(getattr(p, name) for p in everyone))))
        }
        for name in SET_FIELDS
    }
    organizations = {org: i for i, org in enumerate(sorted({p.organization_id for p in everyone}))}
    buyer_arrays, buyer_zones = _encode_side(buyers, vocabularies, organizations, vectors)
    provider_arrays, provider_zones = _encode_side(providers, vocabularies, organizations, vectors)
    return Encoded(
        buyers=buyer_arrays,
        providers=provider_arrays,
        vocabularies={name: tuple(vocab) for name, vocab in vocabularies.items()},
        buyer_zones=buyer_zones,
        provider_zones=provider_zones,
        overlap_hours=overlap_matrix(buyer_zones, provider_zones, day),
        day=day,
    )
