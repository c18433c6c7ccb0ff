"""Building blocks of the format models that the roadmap and every rule kind share: ids, region kinds, selectors."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from roadmap_cli.vocabulary import ID_PATTERN

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Tag = Annotated[str, StringConstraints(pattern=ID_PATTERN)]


class RegionKind(str, Enum):
    """Levels of the Indonesian administrative hierarchy."""

    COUNTRY = "country"
    PROVINCE = "province"
    KABUPATEN = "kabupaten"
    KOTA = "kota"
    KECAMATAN = "kecamatan"
    DESA = "desa"
    KELURAHAN = "kelurahan"


class FormatModel(BaseModel):
    """Base of every format model: frozen, and unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False, defer_build=True)


class Selector(FormatModel):
    """Which initiatives a rule applies to; every field given must match, a list means any of."""

    initiatives: tuple[Id, ...] | None = None
    regions: tuple[Id, ...] | None = Field(default=None, description="Initiatives in these regions.")
    within: tuple[Id, ...] | None = Field(default=None, description="Initiatives anywhere below these regions.")
    region_kinds: tuple[RegionKind, ...] | None = None
    categories: tuple[Id, ...] | None = None
    tags: tuple[Tag, ...] | None = None
    milestone: bool | None = None
