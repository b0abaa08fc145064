"""Back up and restore the database and the stored files together, as one archive.

The database is copied by its own tools, so that everything it holds comes back as it was
(the search index, the audit log's triggers, sequences): SQLite's online backup, PostgreSQL's
`pg_dump` in its custom format and `pg_restore`. Files are read through Django's storage API,
so the same commands work when files live in object storage.

The archive is a tar file:
- `manifest.json`: when, which database engine, the row count of every table, and the
  SHA-256 and size of every file in the archive;
- `database.sqlite3` or `database.pgdump`;
- `files/<name>` for every stored file.

A restore checks every hash before it touches anything, and the row counts after.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.core.files.base import File
from django.core.files.storage import Storage, default_storage
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The archive cannot be restored here, with the reason in words."""


@dataclass(frozen=True)
class Summary:
    tables: int
    rows: int
    files: int
    bytes: int


# --- what is stored --------------------------------------------------------------------------


def row_counts(connection: BaseDatabaseWrapper) -> dict[str, int]:
    """The number of rows of every table Django knows, by table name."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def stored_names(storage: Storage, folder: str = "") -> Iterator[str]:
    """Every file name in the storage, walking its folders."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a site that has stored nothing yet has no folder
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, f"{folder}/{sub}" if folder else sub)


def _sha256(handle: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


# --- backup ----------------------------------------------------------------------------------


def write_backup(
    target: Path, *, using: str = "default", storage: Storage | None = None
) -> Summary:
    """Write the database and every stored file into the archive `target`."""
    storage = storage or default_storage
    connection = connections[using]
    with tempfile.TemporaryDirectory(prefix="moralprovince-backup-") as work:
        dump = Path(work) / _dump_name(connection)
        _dump_database(connection, dump)
        counts = row_counts(connection)
        files: dict[str, dict[str, Any]] = {}
        with tarfile.open(target, "w") as archive:
            files[dump.name] = _add_path(archive, dump, dump.name)
            for name in stored_names(storage):
                with storage.open(name, "rb") as handle:
                    files[f"files/{name}"] = _add_handle(archive, handle, f"files/{name}")
            manifest = {
                "format": FORMAT,
                "created": timezone.now().isoformat(),
                "engine": connection.vendor,
                "tables": counts,
                "files": files,
            }
            _add_bytes(archive, json.dumps(manifest, indent=1).encode(), "manifest.json")
    stored = [f for f in files if f.startswith("files/")]
    return Summary(
        tables=len(counts),
        rows=sum(counts.values()),
        files=len(stored),
        bytes=sum(files[f]["size"] for f in stored),
    )


def _dump_name(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "sqlite":
        return "database.sqlite3"
    if connection.vendor == "postgresql":
        return "database.pgdump"
    raise BackupError(_("Backups support SQLite and PostgreSQL only."))


def _dump_database(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The online backup copies a consistent state while the site keeps running.
        with sqlite3.connect(dump) as copy:
            connection.connection.backup(copy)
        return
    _run(["pg_dump", "--format=custom", "--no-owner", f"--file={dump}"], connection)


def _add_path(archive: tarfile.TarFile, path: Path, name: str) -> dict[str, Any]:
    with path.open("rb") as handle:
        return _add_handle(archive, handle, name)


def _add_handle(archive: tarfile.TarFile, handle: IO[bytes], name: str) -> dict[str, Any]:
    digest = _sha256(handle)
    size = handle.tell()
    handle.seek(0)
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(dt.datetime.now().timestamp())
    archive.addfile(info, handle)
    return {"sha256": digest, "size": size}


def _add_bytes(archive: tarfile.TarFile, data: bytes, name: str) -> None:
    _add_handle(archive, io.BytesIO(data), name)


# --- restore ---------------------------------------------------------------------------------


def read_manifest(source: Path) -> dict[str, Any]:
    """The archive's manifest, after checking every member against its hash."""
    try:
        with tarfile.open(source, "r") as archive:
            manifest = _manifest_of(archive)
            for name, expected in manifest["files"].items():
                member = archive.extractfile(name)
                if member is None or _sha256(member) != expected["sha256"]:
                    raise BackupError(
                        _("The archive is damaged: %(name)s does not match its checksum.")
                        % {"name": name}
                    )
    except (OSError, tarfile.TarError, KeyError) as error:
        raise BackupError(_("%(name)s is not a backup archive.") % {"name": source.name}) from error
    return manifest


def _manifest_of(archive: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = archive.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_("The archive has no readable manifest.json."))
    return manifest


def restore_backup(
    source: Path, *, using: str = "default", storage: Storage | None = None
) -> Summary:
    """Put the archive's database and files back, then check every table's row count."""
    storage = storage or default_storage
    connection = connections[using]
    manifest = read_manifest(source)
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            _("The backup is of a %(archive)s database; this site uses %(site)s.")
            % {"archive": manifest["engine"], "site": connection.vendor}
        )
    with tarfile.open(source, "r") as archive, tempfile.TemporaryDirectory() as work:
        dump = Path(work) / _dump_name(connection)
        _extract(archive, dump.name, dump)
        _load_database(connection, dump)
        for name in manifest["files"]:
            if name.startswith("files/"):
                _restore_file(archive, name, storage)
    _check_counts(connection, manifest["tables"])
    stored = [f for f in manifest["files"] if f.startswith("files/")]
    return Summary(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(stored),
        bytes=sum(manifest["files"][f]["size"] for f in stored),
    )


def _extract(archive: tarfile.TarFile, name: str, path: Path) -> None:
    member = archive.extractfile(name)
    if member is None:
        raise BackupError(_("The archive has no %(name)s.") % {"name": name})
    with path.open("wb") as out:
        for chunk in iter(lambda: member.read(CHUNK), b""):
            out.write(chunk)


def _load_database(connection: BaseDatabaseWrapper, dump: Path) -> None:
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        # The backup API replaces the whole content of the open database, page by page.
        with sqlite3.connect(dump) as copy:
            copy.backup(connection.connection)
        return
    connection.close()
    _run(
        ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(dump)],
        connection,
        database_flag=True,
    )


def _restore_file(archive: tarfile.TarFile, member_name: str, storage: Storage) -> None:
    name = member_name.removeprefix("files/")
    member = archive.extractfile(member_name)
    assert member is not None  # the manifest check opened every member
    if storage.exists(name):
        storage.delete(name)
    saved = storage.save(name, File(member, name=os.path.basename(name)))
    if saved != name:
        raise BackupError(_("The storage renamed %(name)s on restore.") % {"name": name})


def _check_counts(connection: BaseDatabaseWrapper, expected: dict[str, int]) -> None:
    found = row_counts(connection)
    wrong = sorted(t for t, n in expected.items() if found.get(t) != n)
    if wrong:
        raise BackupError(
            _("After the restore these tables hold other row counts than the backup: %(tables)s")
            % {"tables": ", ".join(wrong)}
        )


# --- PostgreSQL tools ------------------------------------------------------------------------


def _run(command: list[str], connection: BaseDatabaseWrapper, database_flag: bool = False) -> None:
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    options = [
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
    ]
    if settings.get("USER"):
        options.append(f"--username={settings['USER']}")
    name = str(settings["NAME"])
    command = [command[0], *options, *command[1:]]
    command = (
        [*command[:-1], f"--dbname={name}", command[-1]] if database_flag else [*command, name]
    )
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(
            _("%(tool)s failed: %(message)s")
            % {"tool": command[0], "message": result.stderr.strip()[-500:]}
        )
