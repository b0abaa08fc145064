"""Who sees a background job: the person who started it, and the admins of its province."""

from typing import Any

from django.db.models import Q, QuerySet

from moralprovince.accounts.access import Actor, person
from moralprovince.accounts.scope import scope_for
from moralprovince.jobs.models import Job
from moralprovince.lib.lookup import get_or_404


def jobs_visible_to(user: Actor) -> QuerySet[Job]:
    """A person sees the jobs they started, and the admins of its province see them all."""
    scope = scope_for(user)
    if scope.national:
        return Job.objects.all()
    mine = Q(created_by=person(user)) if person(user) else Q(pk__in=[])
    return Job.objects.filter(mine | Q(province_id__in=scope.admin_provinces))


def get_job_for_user(user: Actor, pk: Any) -> Job:
    return get_or_404(jobs_visible_to(user), pk)
