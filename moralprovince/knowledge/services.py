"""Writes to news, cases, assemblies and research; each keeps the search index and the log."""

from __future__ import annotations

from typing import Any

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from moralprovince.accounts.scope import scope_for
from moralprovince.audit.services import log_action
from moralprovince.knowledge import search
from moralprovince.knowledge.access import can
from moralprovince.knowledge.documents import extract_text
from moralprovince.knowledge.models import (
    Adoption,
    Assembly,
    Document,
    LessonCase,
    NewsPhoto,
    NewsPost,
    PostView,
    Publication,
    ResearchProject,
)
from moralprovince.monitoring.uploads import prepare_evidence

# What a post's body may contain: text formatting, lists, links and quotations.
ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h2",
    "h3",
    "h4",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def clean_html(html: str) -> str:
    """Keep only safe formatting: no script, no event handlers, no javascript: links."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )


def can_write(user: Any, province_id: str) -> bool:
    """Admins, coordinators and evaluators of the province write knowledge; admins publish."""
    return user is None or can(user, "knowledge.write", province_id)


def can_publish(user: Any, province_id: str) -> bool:
    return user is None or scope_for(user).can_admin_province(province_id)


INDEX: dict[type, tuple[str, Any, Any]] = {}


def _index(item: Any) -> None:
    kind, texts, date = INDEX[type(item)]
    search.index_item(
        kind,
        item.pk,
        title=item.title,
        texts=texts(item),
        province_id=item.province_id,
        published=item.is_published,
        date=date(item),
        url=reverse(f"knowledge:{kind}", args=[item.pk]),
    )


INDEX[NewsPost] = (
    "news",
    lambda p: [p.body, p.author, p.photographer, p.tags],
    lambda p: p.event_date,
)
INDEX[LessonCase] = (
    "case",
    lambda c: (
        [
            c.context,
            c.what_was_done,
            c.results,
            c.success_factors,
            c.difficulties,
            c.lessons,
            c.organisation.name_th,
        ]
        + [d.text for d in c.documents.all()]
    ),
    lambda c: c.created_at.date() if c.created_at else None,
)
INDEX[Assembly] = ("assembly", lambda a: [a.theme, a.declaration, a.proposals], lambda a: a.held_on)
INDEX[ResearchProject] = (
    "research",
    lambda r: (
        [r.summary, r.outputs, r.area, r.funding, r.lead.name_th]
        + [d.text for d in r.documents.all()]
    ),
    lambda r: r.start,
)


@transaction.atomic
def save_item(
    *, actor: Any, item: Any, data: dict[str, Any], relations: dict[str, Any] | None = None
) -> Any:
    """Create or change a news post, case, assembly or research project (as a draft or as it is)."""
    if not can_write(actor, item.province_id):
        raise PermissionDenied
    created = item.pk is None
    for name, value in data.items():
        setattr(item, name, clean_html(value) if name == "body" else value)
    item.created_by = item.created_by or actor
    item.full_clean(exclude=["created_by"])
    item.save()
    for name, rows in (relations or {}).items():
        getattr(item, name).set(rows)
    _index(item)
    verb = "created" if created else "updated"
    log_action(
        actor=actor,
        action=f"knowledge.{item._meta.model_name}.{verb}",
        obj=item,
        province_id=item.province_id,
        after={"title": item.title},
    )
    return item


@transaction.atomic
def set_published(*, actor: Any, item: Any, published: bool) -> Any:
    """Publish an item (it becomes public) or take it back to draft."""
    if not can_publish(actor, item.province_id):
        raise PermissionDenied
    item.status = Publication.PUBLISHED if published else Publication.DRAFT
    item.published_at = timezone.now() if published else None
    item.save(update_fields=["status", "published_at", "updated_at"])
    _index(item)
    verb = "published" if published else "unpublished"
    log_action(
        actor=actor,
        action=f"knowledge.{item._meta.model_name}.{verb}",
        obj=item,
        province_id=item.province_id,
    )
    return item


@transaction.atomic
def delete_item(*, actor: Any, item: Any) -> None:
    if not can_publish(actor, item.province_id):
        raise PermissionDenied
    kind = INDEX[type(item)][0]
    log_action(
        actor=actor,
        action=f"knowledge.{item._meta.model_name}.deleted",
        obj=item,
        province_id=item.province_id,
        before={"title": item.title},
    )
    search.remove_item(kind, item.pk)
    item.delete()


@transaction.atomic
def add_photo(*, actor: Any, post: NewsPost, upload: Any, caption: str = "") -> NewsPhoto:
    """Add a photo to a post's gallery, shrunk and checked to be an image."""
    if not can_write(actor, post.province_id):
        raise PermissionDenied
    image = prepare_evidence(upload, images_only=True)
    order = post.photos.count()
    return NewsPhoto.objects.create(post=post, image=image, caption=caption, order=order)


@transaction.atomic
def add_document(
    *, actor: Any, item: LessonCase | ResearchProject, upload: Any, title: str = ""
) -> Document:
    """Attach a PDF or DOCX; its text is extracted and made searchable."""
    if not can_write(actor, item.province_id):
        raise PermissionDenied
    text = extract_text(upload)
    owner = {"case": item} if isinstance(item, LessonCase) else {"project": item}
    document = Document.objects.create(file=upload, title=title or upload.name, text=text, **owner)
    _index(item)
    return document


def count_view(post: NewsPost, visitor: str) -> None:
    """Count a visitor once per post."""
    try:
        with transaction.atomic():
            PostView.objects.create(post=post, visitor=visitor[:64])
    except IntegrityError:
        return
    NewsPost.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def adopt_resolution(
    *, actor: Any, resolution: Any, organisation: Any, data: dict[str, Any]
) -> Adoption:
    """Record that an organisation took up a resolution and what it committed to."""
    if not can_write(actor, organisation.province_id):
        raise PermissionDenied
    assembly = resolution.assembly
    if assembly.province_id and assembly.province_id != organisation.province_id:
        raise ValidationError({"organisation": _("This belongs to another province.")})
    adoption, _created = Adoption.objects.update_or_create(
        resolution=resolution, organisation=organisation, defaults=data
    )
    log_action(
        actor=actor,
        action="knowledge.adoption.saved",
        obj=adoption,
        province_id=organisation.province_id,
    )
    return adoption


@transaction.atomic
def news_from_case(*, actor: Any, case: LessonCase) -> NewsPost:
    """Start a draft news post from a lessons-learned case."""
    body = "".join(
        f"<h3>{label}</h3><p>{text}</p>"
        for label, text in [
            (_("Context"), case.context),
            (_("What it did"), case.what_was_done),
            (_("Results"), case.results),
            (_("Lessons"), case.lessons),
        ]
        if text
    )
    post = NewsPost(province_id=case.province_id)
    save_item(actor=actor, item=post, data={"title": case.title, "body": body, "tags": "ถอดบทเรียน"})
    return post
