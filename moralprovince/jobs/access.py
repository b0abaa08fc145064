from typing import Any

from django.db.models import Q, QuerySet

from moralprovince.accounts.scope import scope_for
from moralprovince.jobs.models import Job
from moralprovince.lib.lookup import get_or_404


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """A person sees the jobs they started, and the admins of its province see them all."""
    scope = scope_for(user)
    if scope.national:
        return Job.objects.all()
    return Job.objects.filter(Q(created_by=user) | Q(province_id__in=scope.admin_provinces))


def get_job_for_user(user: Any, pk: Any) -> Job:
    return get_or_404(jobs_visible_to(user), pk)
