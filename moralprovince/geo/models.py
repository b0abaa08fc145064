"""Thailand's administrative units, keyed by their DOPA codes, loaded from `geothai`."""

from django.db import models
from django.utils.translation import get_language, gettext
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


BANGKOK = "10"


class Subdistrict(NamedUnit):
    district = models.ForeignKey(District, models.PROTECT, related_name="subdistricts")
    # Carried here too so that a subdistrict filter by province needs no join.
    province = models.ForeignKey(Province, models.PROTECT, related_name="subdistricts")

    class Meta(NamedUnit.Meta):
        verbose_name = _("subdistrict")
        verbose_name_plural = _("subdistricts")

    def __str__(self) -> str:
        """The name with its district, as in every list to choose from: subdistrict names
        repeat within a province (Surat Thani has two คลองน้อย and two กรูด)."""
        names = {"subdistrict": self.name, "district": self.district.name}
        if self.province_id == BANGKOK:
            # Bangkok's are khwaeng of a khet, whose name already begins with เขต.
            return gettext("Khwaeng %(subdistrict)s (%(district)s)") % names
        return gettext("%(subdistrict)s subdistrict (%(district)s district)") % names
