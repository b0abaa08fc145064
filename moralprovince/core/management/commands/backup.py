"""Write the database and the stored files into one archive: `manage.py backup FILE`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moralprovince.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "Back up the database and every stored file into one tar archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive to write (.tar)")

    def handle(self, *args: Any, archive: Path, **options: Any) -> None:
        if archive.exists():
            raise CommandError(f"{archive} exists; choose a new name.")
        try:
            summary = write_backup(archive)
        except BackupError as error:
            archive.unlink(missing_ok=True)
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"{archive}: {summary.tables} tables, {summary.rows:,} rows, "
            f"{summary.files:,} files ({summary.bytes:,} bytes)"
        )
