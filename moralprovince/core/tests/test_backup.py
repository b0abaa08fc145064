"""A backup restored into an emptied database gives back every row and every stored file."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import connection
from django.test import SimpleTestCase, TransactionTestCase

from moralprovince.accounts.models import Role, RoleKind, User
from moralprovince.audit.services import log_action
from moralprovince.core.backup import BackupError, read_manifest, restore_backup, write_backup


def table_rows() -> dict[str, list[str]]:
    """Every row of every table, as text, in a stable order."""
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.django_table_names(only_existing=True)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows[table] = sorted(repr(row) for row in cursor.fetchall())
    return rows


def file_hashes(storage: FileSystemStorage) -> dict[str, str]:
    root = Path(storage.location)
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


class BackupRestoreTests(TransactionTestCase):
    """Runs outside a test transaction, because the database's own dump tool reads only
    committed rows. It puts the database back as it found it (geography and reference data
    included) with a backup of its own, instead of Django's flush."""

    def setUp(self) -> None:
        work = tempfile.TemporaryDirectory(prefix="moralprovince-backup-test-")
        self.addCleanup(work.cleanup)
        self.work = Path(work.name)
        self.media = FileSystemStorage(location=self.work / "media")
        baseline = self.work / "baseline.tar"
        write_backup(baseline, storage=self.media)
        self.addCleanup(restore_backup, baseline, storage=self.media)

    def _fixture_teardown(self) -> None:
        """The cleanup above restores the state from before the test."""

    def make_rows_and_files(self) -> None:
        user = User.objects.create_user("backup-admin", password="x", display_name="ผู้ดูแล")
        Role.objects.create(user=user, kind=RoleKind.PROVINCE_ADMIN, province_id="84")
        log_action(
            actor=user,
            action="accounts.role.created",
            obj=user,
            province_id="84",
            after={"ชื่อ": "ทดสอบ"},
        )
        self.media.save("reports/ab/รายงาน.pdf", ContentFile(b"%PDF-1.4 \xe0\xb8\x81 report"))
        self.media.save(
            "photos/cd/photo.png", ContentFile(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
        )

    def test_it_gives_back_every_row_and_file_after_the_database_and_files_are_lost(self) -> None:
        self.make_rows_and_files()
        rows, files = table_rows(), file_hashes(self.media)
        archive = self.work / "backup.tar"
        summary = write_backup(archive, storage=self.media)
        self.assertEqual(summary.files, 2)

        call_command("flush", interactive=False, verbosity=0)
        for name in files:
            self.media.delete(name)
        self.assertFalse(User.objects.exists())
        self.assertEqual(file_hashes(self.media), {})

        restored = restore_backup(archive, storage=self.media)
        self.assertEqual(restored.rows, summary.rows)
        self.assertEqual(table_rows(), rows)
        self.assertEqual(file_hashes(self.media), files)
        call_command("verify_audit", verbosity=0)


class DamagedArchiveTests(SimpleTestCase):
    def archive(self, manifest: Any, members: dict[str, bytes]) -> Path:
        work = tempfile.TemporaryDirectory(prefix="moralprovince-backup-test-")
        self.addCleanup(work.cleanup)
        path = Path(work.name) / "backup.tar"
        with tarfile.open(path, "w") as archive:
            for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        return path

    def test_it_refuses_a_member_that_does_not_match_its_checksum(self) -> None:
        good = hashlib.sha256(b"original").hexdigest()
        manifest = {
            "format": 1,
            "engine": "sqlite",
            "tables": {},
            "files": {"files/a.pdf": {"sha256": good, "size": 8}},
        }
        path = self.archive(manifest, {"files/a.pdf": b"tampered"})
        with self.assertRaisesMessage(BackupError, "files/a.pdf"):
            read_manifest(path)

    def test_it_refuses_a_file_that_is_not_a_backup(self) -> None:
        path = self.archive({"format": 99}, {})
        with self.assertRaisesMessage(BackupError, "manifest.json"):
            read_manifest(path)
        path.write_bytes(b"not a tar file at all")
        with self.assertRaises(BackupError):
            read_manifest(path)
