"""Writes to news, cases, assemblies and research; each keeps the search index and the log."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields
from typing import Any, TypeVar

import nh3
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from moralprovince.accounts.access import Actor, person
from moralprovince.audit.services import log_action, snapshot
from moralprovince.core.files import url_for
from moralprovince.knowledge import search
from moralprovince.knowledge.access import require
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
    Resolution,
)
from moralprovince.lib.storage import files_removed_on_rollback, remove_after_commit
from moralprovince.lib.thaitext import BLOCK_TAGS, html_text
from moralprovince.monitoring.uploads import prepare_evidence
from moralprovince.organisations.models import Network, Organisation
from moralprovince.organisations.services import check_in_province
from moralprovince.plans.models import Activity, TargetVirtue

# What a post's body may contain: paragraphs, headings, text formatting, lists, links,
# quotations and the post's own photos.
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
    "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}}
# A body with none of these is plain text typed without the editor.
_MARKUP = re.compile(r"<\s*/?\s*(?:p|h[1-6]|ul|ol|li|blockquote|div|br|table|pre)\b", re.IGNORECASE)
# The end of any block, kept or not: a line end after it keeps the words on either side apart
# when the block itself is removed (a pasted <div> or table cell leaves only its text).
_BLOCK_END = re.compile(
    r"(</\s*(?:" + "|".join(sorted(BLOCK_TAGS)) + r")\s*>|<\s*(?:br|hr)\b[^>]*>)(?!\s)",
    re.IGNORECASE,
)
# nh3 writes each kept element in this form; an image left without a source is dropped.
_IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc=")[^>]*>')

AnyItem = NewsPost | LessonCase | Assembly | ResearchProject
# An item given and returned as the same kind.
Item = TypeVar("Item", NewsPost, LessonCase, Assembly, ResearchProject)
KINDS: dict[type[AnyItem], str] = {
    NewsPost: "news",
    LessonCase: "case",
    Assembly: "assembly",
    ResearchProject: "research",
}


# --- what each kind of item is written from ----------------------------------------------


@dataclass(frozen=True, kw_only=True)
class NewsInput:
    title: str
    body: str
    event_date: dt.date | None = None
    author: str = ""
    photographer: str = ""
    tags: str = ""
    source_url: str = ""
    networks: Sequence[Network] = ()
    activities: Sequence[Activity] = ()


@dataclass(frozen=True, kw_only=True)
class CaseInput:
    organisation: Organisation
    title: str
    context: str
    what_was_done: str
    lesson_date: dt.date | None = None
    results: str = ""
    success_factors: str = ""
    difficulties: str = ""
    lessons: str = ""
    target_virtues: Sequence[TargetVirtue] = ()
    activities: Sequence[Activity] = ()
    resolution: Resolution | None = None


@dataclass(frozen=True, kw_only=True)
class AssemblyInput:
    title: str
    held_on: dt.date
    level: str = Assembly.Level.PROVINCIAL
    theme: str = ""
    declaration: str = ""
    proposals: str = ""
    organisations: Sequence[Organisation] = ()


@dataclass(frozen=True, kw_only=True)
class ResearchInput:
    title: str
    lead: Organisation
    partners: Sequence[Organisation] = ()
    start: dt.date | None = None
    end: dt.date | None = None
    funding: str = ""
    area: str = ""
    summary: str = ""
    outputs: str = ""


@dataclass(frozen=True, kw_only=True)
class ResolutionInput:
    number: int
    text: str


@dataclass(frozen=True, kw_only=True)
class AdoptionInput:
    commitment: str
    actions: str = ""
    adopted_on: dt.date | None = None


ItemInput = NewsInput | CaseInput | AssemblyInput | ResearchInput
INPUTS: dict[type[AnyItem], type[ItemInput]] = {
    NewsPost: NewsInput,
    LessonCase: CaseInput,
    Assembly: AssemblyInput,
    ResearchProject: ResearchInput,
}


def clean_html(html: str, images: Collection[str] = ()) -> str:
    """Keep only safe formatting: no script, no event handlers, no javascript: links, and
    no image but those whose address is in `images` (the post's own photos).

    Plain text (typed without the editor) becomes paragraphs at its blank lines.
    """
    if not _MARKUP.search(html):
        html = text_to_html(html)
    allowed_images = set(images)

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element == "img" and attribute == "src":
            return value if value in allowed_images else None
        if element == "img" and attribute == "alt":
            return " ".join(value.replace("<", " ").replace(">", " ").split())
        return value

    cleaned = nh3.clean(
        _BLOCK_END.sub(r"\1\n", html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep,
        url_schemes={"http", "https", "mailto"},
    )
    return _IMAGE_WITHOUT_SOURCE.sub("", cleaned).strip()


def text_to_html(text: str) -> str:
    """Paragraphs at blank lines, line breaks at single line ends; markup in it stays markup
    (the cleaning decides what of it is kept)."""
    paragraphs = re.split(r"\n[ \t\f\v]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        "<p>" + "<br>\n".join(line.strip() for line in p.strip().split("\n")) + "</p>\n"
        for p in paragraphs
        if p.strip()
    )


# --- items ---------------------------------------------------------------------------------


@transaction.atomic
def create_item(*, actor: Actor, item: Item, data: ItemInput) -> Item:
    """Create a news post, case, assembly or research project, as a draft."""
    require(actor, "knowledge.write", item)
    # Only publish_item publishes, under its own rule.
    item.status, item.published_at = Publication.DRAFT, None
    item.created_by = person(actor)
    _write(item, data)
    _log(actor, item, "created", after=snapshot(item, _names(data)))
    return item


@transaction.atomic
def update_item(*, actor: Actor, item: Item, data: ItemInput) -> Item:
    """Change a news post, case, assembly or research project; its province and status stay.

    The stored row is changed, not the given one, so that neither the rule nor the log can be
    misled by values set on the given row before the call.
    """
    stored = type(item)._default_manager.select_for_update(of=("self",)).get(pk=item.pk)
    require(actor, "knowledge.write", stored)
    names = _names(data)
    before = snapshot(stored, names)
    _write(stored, data)
    _log(actor, stored, "updated", before=before, after=snapshot(stored, names))
    return stored


@transaction.atomic
def publish_item(*, actor: Actor, item: Item) -> Item:
    """Publish an item: anyone then sees it, if its province's programme is public."""
    return _set_status(actor, item, Publication.PUBLISHED, "published")


@transaction.atomic
def unpublish_item(*, actor: Actor, item: Item) -> Item:
    """Take an item back to draft: only the province's people see it again."""
    return _set_status(actor, item, Publication.DRAFT, "unpublished")


@transaction.atomic
def delete_item(*, actor: Actor, item: AnyItem) -> None:
    """Delete an item with its photos and documents; their files go once this is committed."""
    require(actor, "knowledge.delete", item)
    _log(actor, item, "deleted", before={"title": item.title, "status": item.status})
    for stored in _stored_files(item):
        # Storage has no transaction: the file is removed only once the rows are gone for good.
        remove_after_commit(stored)
    search.remove_item(KINDS[type(item)], item.pk)
    item.delete()


@transaction.atomic
def create_news_from_case(*, actor: Actor, case: LessonCase) -> NewsPost:
    """Start a draft news post from a lessons-learned case."""
    body = "".join(
        f"<h3>{escape(label)}</h3>{linebreaks(text, autoescape=True)}"
        for label, text in [
            (_("Context"), case.context),
            (_("What it did"), case.what_was_done),
            (_("Results"), case.results),
            (_("Lessons"), case.lessons),
        ]
        if text
    )
    data = NewsInput(title=case.title, body=body, tags="ถอดบทเรียน")
    return create_item(actor=actor, item=NewsPost(province_id=case.province_id), data=data)


def _names(data: ItemInput) -> list[str]:
    return [f.name for f in fields(data)]


def _write(item: AnyItem, data: ItemInput) -> None:
    """Set the item's fields from the input, check them, save, and refresh its search entry."""
    if not isinstance(data, INPUTS[type(item)]):
        raise TypeError(f"{type(data).__name__} does not describe a {type(item).__name__}")
    _check_province(item, data)
    relations = {}
    for name in _names(data):
        value = getattr(data, name)
        if item._meta.get_field(name).many_to_many:
            relations[name] = value
        else:
            setattr(item, name, _clean_body(item, value) if name == "body" else value)
    item.full_clean(exclude=["created_by"])
    item.save()
    for name, rows in relations.items():
        getattr(item, name).set(rows)
    _index(item)


def _clean_body(item: AnyItem, body: str) -> str:
    """The cleaned body of a post, whose images may only be the post's own photos."""
    photos = NewsPhoto.objects.filter(post_id=item.pk) if item.pk else NewsPhoto.objects.none()
    cleaned = clean_html(body, images=[url_for(photo) for photo in photos])
    # An editor left empty sends an empty paragraph: that is no body.
    return cleaned if html_text(cleaned) or "<img" in cleaned else ""


def _check_province(item: AnyItem, data: ItemInput) -> None:
    """Refuse organisations, networks, activities, virtues and resolutions of another province."""
    related = {
        name: getattr(data, name)
        for name in _names(data)
        if item._meta.get_field(name).is_relation and name != "resolution"
    }
    check_in_province(item.province_id, **related)
    resolution = getattr(data, "resolution", None)
    if resolution is not None and resolution.assembly.province_id != item.province_id:
        raise ValidationError({"resolution": _("This belongs to another province.")})


def _set_status(actor: Actor, item: Item, status: str, verb: str) -> Item:
    require(actor, "knowledge.publish", item)
    before = {"status": item.status}
    item.status = status
    item.published_at = timezone.now() if status == Publication.PUBLISHED else None
    item.save(update_fields=["status", "published_at", "updated_at"])
    _index(item)
    _log(actor, item, verb, before=before, after={"status": item.status})
    return item


def _log(
    actor: Actor,
    item: AnyItem,
    verb: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    log_action(
        actor=actor,
        action=f"knowledge.{item._meta.model_name}.{verb}",
        obj=item,
        province_id=item.province_id,
        before=before,
        after=after,
    )


def _index(item: AnyItem) -> None:
    kind = KINDS[type(item)]
    search.index_item(
        kind,
        item.pk,
        title=item.title,
        texts=_texts(item),
        province_id=item.province_id,
        published=item.is_published,
        date=_date(item),
        url=reverse(f"knowledge:{kind}", args=[item.pk]),
    )


def reindex_items() -> int:
    """Refresh every item's search entry from the item; return how many there were.

    Only the index changes, which is derived data: nothing to record in the audit log.
    """
    querysets: list[Any] = [
        NewsPost.objects.all(),
        LessonCase.objects.select_related("organisation"),
        Assembly.objects.all(),
        ResearchProject.objects.select_related("lead"),
    ]
    count = 0
    for rows in querysets:
        for item in rows.order_by("pk").iterator(chunk_size=500):
            with transaction.atomic():
                _index(item)
            count += 1
    return count


def _texts(item: AnyItem) -> list[str]:
    """The text of an item that the search finds, besides its title."""
    if isinstance(item, NewsPost):
        return [html_text(item.body), item.author, item.photographer, item.tags]
    if isinstance(item, Assembly):
        return [item.theme, item.declaration, item.proposals]
    documents = _document_texts(item)
    if isinstance(item, LessonCase):
        return [
            item.context,
            item.what_was_done,
            item.results,
            item.success_factors,
            item.difficulties,
            item.lessons,
            item.organisation.name_th,
            *documents,
        ]
    return [item.summary, item.outputs, item.area, item.funding, item.lead.name_th, *documents]


def _document_texts(item: LessonCase | ResearchProject) -> list[str]:
    owner = {"case": item} if isinstance(item, LessonCase) else {"project": item}
    return list(Document.objects.filter(**owner).values_list("text", flat=True))


def _date(item: AnyItem) -> dt.date | None:
    """The item's own date, never the day it was typed in or loaded."""
    if isinstance(item, NewsPost):
        return item.date
    if isinstance(item, Assembly):
        return item.held_on
    if isinstance(item, LessonCase):
        return item.lesson_date
    return item.start


# --- photos and documents ----------------------------------------------------------------


def create_photo(
    *, actor: Actor, post: NewsPost, upload: UploadedFile, caption: str = ""
) -> NewsPhoto:
    """Add a photo to a post's gallery, shrunk and checked to be an image."""
    require(actor, "knowledge.write", post)
    image = prepare_evidence(upload, images_only=True)
    with files_removed_on_rollback() as stored:
        photo = NewsPhoto(post=post, caption=caption, order=post.photos.count())
        stored.store(photo.image, image)
        photo.full_clean()
        photo.save()
        log_action(
            actor=actor,
            action="knowledge.newsphoto.created",
            obj=photo,
            province_id=post.province_id,
            after=snapshot(photo, ["post", "image", "caption"]),
        )
    return photo


def create_document(
    *, actor: Actor, item: LessonCase | ResearchProject, upload: UploadedFile, title: str = ""
) -> Document:
    """Attach a PDF or DOCX; its text is extracted and made searchable."""
    require(actor, "knowledge.write", item)
    text = extract_text(upload)
    with files_removed_on_rollback() as stored:
        document = Document(title=(title or upload.name or "")[:200], text=text)
        if isinstance(item, LessonCase):
            document.case = item
        else:
            document.project = item
        stored.store(document.file, upload, upload.name or "document")
        document.full_clean()
        document.save()
        _index(item)
        log_action(
            actor=actor,
            action="knowledge.document.created",
            obj=document,
            province_id=item.province_id,
            after=snapshot(document, ["case", "project", "file", "title"]),
        )
    return document


@transaction.atomic
def delete_photo(*, actor: Actor, photo: NewsPhoto) -> None:
    """Take a photo out of a post's gallery and out of its text; the file goes once committed."""
    post = NewsPost.objects.select_for_update(of=("self",)).get(pk=photo.post_id)
    require(actor, "knowledge.write", post)
    log_action(
        actor=actor,
        action="knowledge.newsphoto.deleted",
        obj=photo,
        province_id=post.province_id,
        before=snapshot(photo, ["post", "image", "caption"]),
    )
    remove_after_commit(photo.image)
    photo.delete()
    # The body may show the photo; cleaned again without it, it loses that image only.
    body = _clean_body(post, post.body)
    if body != post.body:
        before = {"body": post.body}
        post.body = body
        post.save(update_fields=["body", "updated_at"])
        _index(post)
        _log(actor, post, "updated", before=before, after={"body": body})


@transaction.atomic
def delete_document(*, actor: Actor, document: Document) -> None:
    """Remove a document from its case or project, and its text from the search."""
    item: LessonCase | ResearchProject | None = document.case or document.project
    if item is None:
        raise ValueError("A document belongs to a case or a research project.")
    require(actor, "knowledge.write", item)
    log_action(
        actor=actor,
        action="knowledge.document.deleted",
        obj=document,
        province_id=item.province_id,
        before=snapshot(document, ["case", "project", "file", "title"]),
    )
    remove_after_commit(document.file)
    document.delete()
    _index(item)


def _stored_files(item: AnyItem) -> list[FieldFile]:
    if isinstance(item, NewsPost):
        return [p.image for p in NewsPhoto.objects.filter(post=item)]
    if isinstance(item, LessonCase):
        return [d.file for d in Document.objects.filter(case=item)]
    if isinstance(item, ResearchProject):
        return [d.file for d in Document.objects.filter(project=item)]
    return []


# --- resolutions and adoptions -----------------------------------------------------------


@transaction.atomic
def record_resolution(*, actor: Actor, assembly: Assembly, data: ResolutionInput) -> Resolution:
    """Record an assembly's resolution under its number; a number already used gets the new text."""
    require(actor, "knowledge.write", assembly)
    resolution = (
        Resolution.objects.select_for_update(of=("self",))
        .filter(assembly=assembly, number=data.number)
        .first()
    )
    verb = "updated" if resolution else "created"
    resolution = resolution or Resolution(assembly=assembly, number=data.number)
    before = snapshot(resolution, ["number", "text"]) if resolution.pk else None
    resolution.text = data.text
    resolution.full_clean()
    resolution.save()
    log_action(
        actor=actor,
        action=f"knowledge.resolution.{verb}",
        obj=resolution,
        province_id=assembly.province_id,
        before=before,
        after=snapshot(resolution, ["number", "text"]),
    )
    return resolution


@transaction.atomic
def adopt_resolution(
    *, actor: Actor, resolution: Resolution, organisation: Organisation, data: AdoptionInput
) -> Adoption:
    """Record that an organisation took up a resolution and what it committed to."""
    require(actor, "knowledge.resolution.adopt", organisation)
    check_in_province(resolution.assembly.province_id, organisation=organisation)
    names = ["commitment", "actions", "adopted_on"]
    adoption = (
        Adoption.objects.select_for_update(of=("self",))
        .filter(resolution=resolution, organisation=organisation)
        .first()
    )
    before = snapshot(adoption, names) if adoption else None
    adoption = adoption or Adoption(resolution=resolution, organisation=organisation)
    for name in names:
        setattr(adoption, name, getattr(data, name))
    adoption.full_clean()
    adoption.save()
    log_action(
        actor=actor,
        action=f"knowledge.adoption.{'updated' if before else 'created'}",
        obj=adoption,
        province_id=organisation.province_id,
        before=before,
        after=snapshot(adoption, names),
    )
    return adoption


# --- visits --------------------------------------------------------------------------------


def count_view(post: NewsPost, visitor: str) -> None:
    """Count a visitor once per post and day.

    A reader's visit is not a change anyone made to the post, so it is not in the audit log.
    """
    try:
        with transaction.atomic():
            PostView.objects.create(post=post, visitor=visitor[:64], day=timezone.localdate())
    except IntegrityError:
        return
    NewsPost.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
