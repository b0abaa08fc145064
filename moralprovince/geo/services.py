"""Load the country's geography from the installed `geothai` package."""

from dataclasses import dataclass
from typing import Any

import geothai
from django.db import models, transaction

from moralprovince.geo.models import District, Province, Subdistrict

GEOTHAI_CREDIT = "GeoThai (geothai), CC BY 4.0"


@dataclass(frozen=True)
class GeographyCounts:
    provinces: int
    districts: int
    subdistricts: int


@transaction.atomic
def load_geography() -> GeographyCounts:
    """Insert or update every province, district and subdistrict; idempotent."""
    provinces, districts, subdistricts = [], [], []
    for p in geothai.provinces():
        provinces.append(Province(code=p.code, name_th=p.name_th, name_en=p.name_en))
        for d in geothai.districts(p.code):
            districts.append(
                District(code=d.code, name_th=d.name_th, name_en=d.name_en, province_id=p.code)
            )
            for s in geothai.subdistricts(d.code):
                subdistricts.append(
                    Subdistrict(
                        code=s.code,
                        name_th=s.name_th,
                        name_en=s.name_en,
                        district_id=d.code,
                        province_id=p.code,
                    )
                )
    _upsert(Province, provinces, ["name_th", "name_en"])
    _upsert(District, districts, ["name_th", "name_en", "province"])
    _upsert(Subdistrict, subdistricts, ["name_th", "name_en", "district", "province"])
    return GeographyCounts(len(provinces), len(districts), len(subdistricts))


def _upsert(model: type[models.Model], rows: list[Any], fields: list[str]) -> None:
    model._default_manager.bulk_create(
        rows,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=fields,
    )
