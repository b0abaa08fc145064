from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.scope import scope_for
from moralprovince.jobs.models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    """A person sees the jobs they started, and the admins of its province see them all."""
    scope = scope_for(user)
    if scope.national:
        return Job.objects.all()
    return Job.objects.filter(Q(created_by=user) | Q(province_id__in=scope.admin_provinces))


def get_job_for_user(user: Any, pk: Any) -> Job:
    try:
        return jobs_visible_to(user).get(pk=int(pk))
    except (ValueError, TypeError, Job.DoesNotExist):
        raise Http404 from None
