"""Put a backup back: `manage.py restore FILE` replaces the database and the stored files."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from moralprovince.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `backup`: the database's content is replaced by the "
        "archive's, and its files are written back to the storage."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive made by `backup`")
        parser.add_argument(
            "--yes", action="store_true", help="do not ask before replacing the database"
        )

    def handle(self, *args: Any, archive: Path, yes: bool, **options: Any) -> None:
        if not archive.is_file():
            raise CommandError(f"{archive} is not a file.")
        if not yes and input("Replace this site's database and files? [y/N] ").lower() != "y":
            raise CommandError("Nothing was restored.")
        try:
            summary = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {summary.tables} tables, {summary.rows:,} rows, "
            f"{summary.files:,} files ({summary.bytes:,} bytes)"
        )
