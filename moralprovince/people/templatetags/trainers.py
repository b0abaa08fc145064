"""`{% public_trainers code as trainers %}`: the trainers a province lists on its public page.

Only those who chose to be listed, and only their name, topics and organisation are meant to
be shown.
"""

from typing import Any

from django import template

from moralprovince.people.models import Trainer

register = template.Library()


@register.simple_tag
def public_trainers(code: str) -> list[dict[str, Any]]:
    rows = Trainer.objects.filter(
        province_id=code, is_public=True, person__erased_at__isnull=True
    ).select_related("person__organisation")
    return [
        {
            "name": t.person.name_th,
            "topics": t.topic_list,
            "organisation": t.person.organisation_label,
        }
        for t in rows.order_by("person__name_th")[:100]
    ]
