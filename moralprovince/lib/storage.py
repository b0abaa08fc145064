"""Stored files and transactions: a file written by a write that does not commit is removed,
and a file dropped by a change is deleted only once that change is committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import Any

from django.core.files import File
from django.core.files.storage import Storage
from django.db import transaction
from django.db.models.fields.files import FieldFile


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
