"""Stored files: their names, and transactions.

A stored file is named at random (`RandomName`), so that its name says nothing of what it
holds or who sent it; people get it through the files view (`core.files`), under a name
made from its record. A file written by a write that does not commit is removed, and a file
dropped by a change is deleted only once that change is committed.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.utils.deconstruct import deconstructible

# What is kept of an uploaded file's name: its extension, when it looks like one.
EXTENSION = re.compile(r"\.[a-z0-9]{1,8}")


@deconstructible
class RandomName:
    """An `upload_to` that files an upload in `folder` (strftime codes allowed, as Django's
    own) under a random name with the upload's extension: `news/2565/3f2a…9c.jpg`.

    The upload's own name often says who sent it or what it holds ("รายงานผลการตรวจ นายสมชาย.pdf")
    and a name made from a sequence can be guessed; a random one does neither.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        folder = dt.datetime.now().strftime(self.folder)
        return posixpath.join(folder, uuid.uuid4().hex + extension(filename))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def extension(filename: str) -> str:
    """The name's extension in lower case (".pdf"), or "" when it has none worth keeping."""
    suffix = posixpath.splitext(posixpath.basename(filename or ""))[1].lower()
    return suffix if EXTENSION.fullmatch(suffix) else ""


class StoredFiles:
    """The files one write has put in storage, so they can be taken out again."""

    def __init__(self) -> None:
        self.files: list[tuple[Storage, str]] = []

    def store(self, field: FieldFile, upload: File[Any], name: str = "") -> None:
        """Write the upload to the field's storage now, under the name the field gives it."""
        field.save(name or upload.name or "", upload, save=False)
        self.files.append((field.storage, field.name or ""))

    def remove(self) -> None:
        for storage, name in self.files:
            storage.delete(name)


@contextmanager
def files_removed_on_rollback() -> Iterator[StoredFiles]:
    """A transaction whose stored files are deleted again if it does not commit.

    The database forgets the rows of a rolled-back transaction, but storage would keep their
    files for ever. Inside a longer transaction only a failure within this block is seen;
    pages, the API, jobs and commands call the services that store files outside any.
    """
    stored = StoredFiles()
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        stored.remove()
        raise


def remove_after_commit(field: FieldFile) -> None:
    """Delete a stored file once the change that drops it is committed, never before."""
    if field.name:
        transaction.on_commit(partial(field.storage.delete, field.name))
