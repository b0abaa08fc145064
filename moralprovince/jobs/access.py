"""Who sees a background job: the person who started it, and the admins of its province,
while the rule of its kind still lets them read what it makes."""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from moralprovince.accounts.access import Actor, person
from moralprovince.accounts.scope import scope_for
from moralprovince.jobs.models import Job
from moralprovince.lib.lookup import get_or_404

# Who may read a job's page and files, by kind, as the app that registers the kind says
# (`services.register(kind, readers=…)`): the year's report is for those who read the whole
# province. Asked at every visit, so someone who loses the role loses the files it made.
READ_RULES: dict[str, Callable[[Actor, Job], bool]] = {}


def jobs_visible_to(user: Actor) -> QuerySet[Job]:
    """A person sees the jobs they started, and the admins of its province see them all."""
    scope = scope_for(user)
    if scope.national:
        return Job.objects.all()
    mine = Q(created_by=person(user)) if person(user) else Q(pk__in=[])
    return Job.objects.filter(mine | Q(province_id__in=scope.admin_provinces))


def get_job_for_user(user: Actor, pk: Any) -> Job:
    job = get_or_404(jobs_visible_to(user), pk)
    rule = READ_RULES.get(job.kind)
    if rule is not None and not rule(user, job):
        raise Http404
    return job
