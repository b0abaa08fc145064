"""Abstract pieces shared by every app's models."""

from typing import Any

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from moralprovince.lib.thaitext import sort_key as thai_sort_key


class BilingualName(models.Model):
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_th


class ThaiSorted(models.Model):
    """A row listed by its Thai name in Thai dictionary order: the key (`lib.thaitext.sort_key`)
    is stored, so the database sorts and pages, the same on SQLite and PostgreSQL."""

    sort_key = models.CharField(max_length=1200, editable=False, default="")

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_sort_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name_th" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    def refresh_sort_key(self) -> None:
        self.sort_key = thai_sort_key(self.name_th)  # type: ignore[attr-defined]


def fill_sort_keys(app_label: str, model_name: str) -> Any:
    """A migration step that writes the sort key of the rows already there."""

    def fill(apps: Any, schema_editor: Any) -> None:
        model = apps.get_model(app_label, model_name)
        rows = list(model.objects.only("pk", "name_th"))
        for row in rows:
            row.sort_key = thai_sort_key(row.name_th)
        model.objects.bulk_update(rows, ["sort_key"], batch_size=500)

    return fill
