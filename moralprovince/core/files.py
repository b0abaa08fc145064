"""Stored files, served only to those who may see the record they belong to.

Nothing under MEDIA_ROOT is served as it lies, in development or in production: a year's
report, the evidence of an activity and a school's raw survey answers are as private as
their records. Each app registers, for each kind of file it stores, the rows whose file an
actor may get (its own access rule) and the name the download takes (`register`, called in
`AppConfig.ready`, as `core.actions` does for links). One view answers
`/files/<kind>/<id>/<name>`: the file if the actor may see its record, otherwise a 404 that
says nothing, for unknown kinds too. Pages build the address with `url_for(record)` (the
`file_url` template tag), never with a stored file's `.url`.
"""

from __future__ import annotations

import mimetypes
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from moralprovince.lib.lookup import get_or_404
from moralprovince.lib.storage import extension

# Shown in the page (a photo in a gallery); any other file is downloaded, never rendered by
# the browser as the site's own page. SVG is no photo: it may carry script.
INLINE_TYPES = {"image/jpeg", "image/png", "image/gif", "image/webp"}
# What a download's name may not hold: path separators, quotes, control characters and the
# characters Windows refuses in file names.
UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]+')
NAME_LENGTH = 80


@dataclass(frozen=True)
class FileKind:
    """One kind of stored file: the field it is kept in, and the rule of who gets it."""

    kind: str  # in the address: "news-photo"
    model: type[Model]
    field: str  # the name of the model's FileField
    # The rows whose file the actor may get: the app's own `*_visible_to` rule.
    records: Callable[[Any], QuerySet[Any]]
    # The download's name, without its extension (the record's title).
    title: Callable[[Any], str]
    # Photos may be shown in the page; documents of the same kind are still downloaded.
    inline: bool = False


KINDS: dict[str, FileKind] = {}
BY_MODEL: dict[type[Model], FileKind] = {}


def register(kind: FileKind) -> None:
    KINDS[kind.kind] = kind
    BY_MODEL[kind.model] = kind


def kind_of(record: Model) -> FileKind:
    try:
        return BY_MODEL[type(record)]
    except KeyError:
        raise LookupError(f"No kind of file is registered for {type(record).__name__}") from None


def url_for(record: Model, url_name: str = "core:file") -> str:
    """The address of the record's file, or "" when it has none. The API gives the address
    of its own view of the same file (`url_name`), which a token opens."""
    kind = kind_of(record)
    if not getattr(record, kind.field):
        return ""
    return reverse(url_name, args=[kind.kind, record.pk, download_name(kind, record)])


def download_name(kind: FileKind, record: Model) -> str:
    """The record's title, made safe as a file name, with the stored file's extension."""
    text = unicodedata.normalize("NFC", str(kind.title(record) or ""))
    text = " ".join(UNSAFE_IN_NAME.sub(" ", text).split()).strip(". ")[:NAME_LENGTH].strip()
    suffix = extension(getattr(record, kind.field).name)
    # A title taken from the uploaded file's name ("แผนงาน.pdf") already ends with it.
    if suffix and text.lower().endswith(suffix):
        text = text[: -len(suffix)].rstrip(". ")
    return (text or "file") + suffix


@require_safe
def serve(request: HttpRequest, kind: str, pk: int, name: str) -> FileResponse:
    """The file of a record the person may see; a 404 for anyone else and any unknown kind.

    The name in the address is only for the browser: the file is found by its kind and id.
    """
    return file_response(request.user, kind, pk)


def file_response(actor: Any, kind: str, pk: Any) -> FileResponse:
    """The answer with the file of the record of this kind and id, if the actor may see it;
    otherwise a 404."""
    found = KINDS.get(kind)
    if found is None:
        raise Http404
    record = get_or_404(found.records(actor), pk)
    stored = getattr(record, found.field)
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    filename = download_name(found, record)
    inline = found.inline and mimetypes.guess_type(filename)[0] in INLINE_TYPES
    response = FileResponse(handle, as_attachment=not inline, filename=filename)
    # Set here too, so that the file never depends on a setting to be read as what it is.
    response["X-Content-Type-Options"] = "nosniff"
    # Only the person's own browser may keep it: another person may not see it.
    patch_cache_control(response, private=True, max_age=3600 if inline else 0)
    return response


@dataclass(frozen=True)
class StoredFileLink:
    """What a form shows of a stored file: the files view's address and the download name."""

    url: str
    name: str

    def __str__(self) -> str:
        return self.name


class StoredFileInput(forms.ClearableFileInput):
    """Django's file input, whose "currently" link goes through the files view and shows the
    record's name instead of the stored file's path (Django's own links to the storage)."""

    def format_value(self, value: Any) -> Any:
        record = getattr(value, "instance", None)
        if not self.is_initial(value) or record is None or type(record) not in BY_MODEL:
            return super().format_value(value)
        return StoredFileLink(url_for(record), download_name(kind_of(record), record))
