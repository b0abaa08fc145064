"""The batch job: issue the certificates of many objects and print them as one PDF."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from moralprovince.accounts.access import person
from moralprovince.certificates.access import can
from moralprovince.certificates.models import Certificate
from moralprovince.certificates.pdf import render_certificates_pdf
from moralprovince.certificates.services import issue_certificates
from moralprovince.jobs.models import Job
from moralprovince.jobs.services import Progress, job_actor, register

# Issued in steps of this many, each its own transaction, so that the progress moves and a
# failure keeps what was issued before it (issuing again returns those as they are).
STEP = 50


def _reads(actor: Any, job: Job) -> bool:
    """The person who started it, and those who read the province's certificates."""
    starter = person(actor)
    return (starter is not None and starter.pk == job.created_by_id) or can(
        actor, "certificates.read", str(job.province_id)
    )


@register("certificates.batch", readers=_reads)
def batch_job(job: Job, progress: Progress) -> list[tuple[str, str, bytes]]:
    kind = str(job.params["certificate_kind"])
    ids = [int(i) for i in job.params["object_ids"]]
    actor = job_actor(job)
    certificates: list[Certificate] = []
    for start in range(0, len(ids), STEP):
        progress(
            start * 60 // len(ids),
            _("Issuing certificates: %(done)s of %(count)s") % {"done": start, "count": len(ids)},
        )
        # The source's rule is asked again, as the job runs for its starter's rights now.
        certificates += issue_certificates(
            actor=actor, kind=kind, object_ids=ids[start : start + STEP]
        )
    if any(c.province_id != job.province_id for c in certificates):
        raise ValueError(_("Some of these certificates are of another province."))
    progress(60, _("Making the PDF of %(count)s certificates") % {"count": len(certificates)})
    pdf = render_certificates_pdf(certificates)
    return [(_("Certificates (PDF)"), f"certificates-{job.province_id}-{kind}-{job.pk}.pdf", pdf)]
