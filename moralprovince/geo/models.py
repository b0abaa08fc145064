"""Thailand's administrative units, keyed by their DOPA codes, loaded from `geothai`."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class NamedUnit(models.Model):
    code = models.CharField(_("DOPA code"), max_length=6, primary_key=True)
    name_th = models.CharField(_("Thai name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if get_language() == "en" else self.name_th


class Province(NamedUnit):
    class Meta(NamedUnit.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")


class District(NamedUnit):
    province = models.ForeignKey(Province, models.PROTECT, related_name="districts")

    class Meta(NamedUnit.Meta):
        verbose_name = _("district")
        verbose_name_plural = _("districts")


class Subdistrict(NamedUnit):
    district = models.ForeignKey(District, models.PROTECT, related_name="subdistricts")
    # Carried here too so that a subdistrict filter by province needs no join.
    province = models.ForeignKey(Province, models.PROTECT, related_name="subdistricts")

    class Meta(NamedUnit.Meta):
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")
