"""The one review workflow: draft → submitted → approved, or returned with a comment.

Plans, indicator values, assessments and anything else that is reviewed keep a `status`
field with these choices and move it only through `move()`, so every reviewed thing has the
same states, the same steps and the same refusal when a step is not possible.

`move()` also keeps the duties apart: a person who entered or submitted an item may not
approve it. A province with a one-person secretariat may allow it (a setting of its
programme); the approval then says so in its audit entry. The system itself (the demo loader,
commands) is exempt: it has no person to keep apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SUBMITTED = "submitted", gettext_lazy("Submitted")
    APPROVED = "approved", gettext_lazy("Approved")
    RETURNED = "returned", gettext_lazy("Returned")


# A returned item goes back to its authors, who edit it as they edit a draft.
EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class Step(Enum):
    """A step of the review, with the states it starts from and the state it leads to."""

    SUBMIT = (EDITABLE, ReviewStatus.SUBMITTED)
    APPROVE = ((ReviewStatus.SUBMITTED,), ReviewStatus.APPROVED)
    # An approved item may be sent back too, when a mistake is found after approval.
    RETURN = ((ReviewStatus.SUBMITTED, ReviewStatus.APPROVED), ReviewStatus.RETURNED)
    # An approved item is opened again to be revised (plans), or to correct it (values).
    REOPEN = ((ReviewStatus.APPROVED,), ReviewStatus.DRAFT)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(self.value[0])

    @property
    def target(self) -> str:
        return str(self.value[1])


def is_editable(status: str) -> bool:
    return status in EDITABLE


# The fields of a reviewed model that name who made it: a foreign key to one person or a
# many-to-many to several. A model keeps those it has; `move()` reads each one present.
AUTHOR_FIELDS = ("entered_by", "submitted_by")

# What the audit entry of an approval by one of the item's authors carries.
SAME_PERSON_NOTE = {"same_person_approval": "allowed: one-person secretariat"}


@dataclass(frozen=True)
class Moved:
    """What a step changed: the status before, the fields to save, and a note for the log."""

    previous: str
    fields: tuple[str, ...]
    # An author approved their own item, as the programme's one-person setting allows.
    same_person: bool = False

    def note(self) -> dict[str, str]:
        """Extra fields for the audit entry's "after"."""
        return dict(SAME_PERSON_NOTE) if self.same_person else {}


def move(row: Any, step: Step, *, actor: Any, same_person_allowed: bool = False) -> Moved:
    """Move `row` by one step for `actor`; the caller saves `Moved.fields` and logs it.

    `actor` is the person taking the step (a user), or the system (an actor with no account,
    such as `accounts.scope.SYSTEM`). Submitting records the person in `submitted_by` when
    the model has that field. Approving is refused to anyone who entered or submitted the
    item, unless `same_person_allowed` (the programme's one-person-secretariat setting).

    Must run inside a transaction: the row is locked so that two reviewers cannot move the
    same item at once, and the status and authors are read again under the lock.
    """
    if not getattr(actor, "is_authenticated", False):
        # Nobody signed in takes a review step; the access rules refuse them before this.
        raise ValidationError(_("Sign in to take this step."))
    person_id = actor.pk
    current: str = (
        type(row)
        ._default_manager.select_for_update(of=("self",))
        .values_list(  # type: ignore[attr-defined]
            "status", flat=True
        )
        .get(pk=row.pk)
    )
    if current not in step.sources:
        raise ValidationError(
            _("This %(thing)s is %(status)s, so this step is not possible.")
            % {"thing": row._meta.verbose_name, "status": ReviewStatus(current).label}
        )
    same_person = step is Step.APPROVE and person_id is not None and person_id in _author_ids(row)
    if same_person and not same_person_allowed:
        raise ValidationError(
            _(
                "You entered or submitted this %(thing)s, so someone else must approve it. "
                "A province with a one-person secretariat can allow this in its programme "
                "settings."
            )
            % {"thing": row._meta.verbose_name}
        )
    row.status = step.target
    fields: tuple[str, ...] = ("status",)
    if step is Step.SUBMIT and _has_field(row, "submitted_by"):
        row.submitted_by_id = person_id
        fields += ("submitted_by",)
    return Moved(previous=current, fields=fields, same_person=same_person)


def is_author(row: Any, actor: Any) -> bool:
    """Whether the person entered or submitted the item (the system never did), for pages
    that offer "approve" only to someone `move()` lets approve."""
    person_id = getattr(actor, "pk", None)
    return person_id is not None and person_id in _author_ids(row)


def _has_field(row: Any, name: str) -> bool:
    try:
        row._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _author_ids(row: Any) -> set[int]:
    """The people who entered or submitted the item, as stored (read under the lock)."""
    ids: set[int] = set()
    stored = type(row)._default_manager.filter(pk=row.pk)
    for name in AUTHOR_FIELDS:
        if _has_field(row, name):
            ids.update(i for i in stored.values_list(name, flat=True) if i is not None)
    return ids


def status_label(status: Any) -> str:
    return str(ReviewStatus(status).label)
