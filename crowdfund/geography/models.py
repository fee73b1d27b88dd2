"""Administrative units, each named in Arabic, French, English and Spanish."""

from enum import StrEnum

import sqlalchemy as sa
from flask_babel import get_locale
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crowdfund.extensions import db
from crowdfund.models import enum_column

NAME_LANGUAGES = ("ar", "fr", "en", "es")


class NamedUnitMixin:
    """Four names per unit; `name` picks the one for the current locale."""

    code: Mapped[str] = mapped_column(sa.String(16), unique=True)
    name_ar: Mapped[str] = mapped_column(sa.String(120))
    name_fr: Mapped[str] = mapped_column(sa.String(120))
    name_en: Mapped[str] = mapped_column(sa.String(120))
    name_es: Mapped[str] = mapped_column(sa.String(120))

    def name_in(self, language):
        return getattr(self, f"name_{language}", None) or self.name_fr

    @property
    def name(self):
        locale = get_locale()
        return self.name_in(locale.language if locale else "fr")

    def __str__(self):
        return self.name


class ProvinceKind(StrEnum):
    PROVINCE = "province"
    PREFECTURE = "prefecture"


class CommuneKind(StrEnum):
    RURAL = "rural"
    URBAN = "urban"


class Region(NamedUnitMixin, db.Model):
    __tablename__ = "regions"

    id: Mapped[int] = mapped_column(primary_key=True)
    provinces = relationship("Province", back_populates="region", order_by="Province.name_fr")


class Province(NamedUnitMixin, db.Model):
    __tablename__ = "provinces"

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(sa.ForeignKey("regions.id"), index=True)
    kind: Mapped[ProvinceKind] = mapped_column(enum_column(ProvinceKind))

    region = relationship("Region", back_populates="provinces")
    communes = relationship("Commune", back_populates="province", order_by="Commune.name_fr")


class Commune(NamedUnitMixin, db.Model):
    __tablename__ = "communes"

    id: Mapped[int] = mapped_column(primary_key=True)
    province_id: Mapped[int] = mapped_column(sa.ForeignKey("provinces.id"), index=True)
    kind: Mapped[CommuneKind] = mapped_column(enum_column(CommuneKind))

    province = relationship("Province", back_populates="communes")

    @property
    def path(self):
        """Commune, province and region, for display."""
        return (self, self.province, self.province.region)
