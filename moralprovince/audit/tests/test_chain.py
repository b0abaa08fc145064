from contextlib import contextmanager
from io import StringIO
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from moralprovince.accounts.access import SYSTEM
from moralprovince.accounts.models import Role, RoleKind
from moralprovince.audit.models import AppendOnlyError, AuditChainHead, AuditEntry
from moralprovince.audit.services import log_action
from moralprovince.testing import MoralTestCase

on_postgresql = skipUnless(connection.vendor == "postgresql", "the trigger is PostgreSQL's")


def verify(*args: str) -> tuple[str, str]:
    """Run verify_audit; return its output and its error ("" when the log is intact)."""
    out = StringIO()
    try:
        call_command("verify_audit", *args, stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), ""


@contextmanager
def triggers_off():
    """Do what a database superuser can: write past the PostgreSQL triggers (no-op on SQLite)."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = ["audit_auditentry", "audit_auditchainhead"]
    with connection.cursor() as cursor:
        # The test's own inserts leave deferred foreign key checks that would block ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    yield
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def sql(statement: str, *params: object) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


class ChainTests(MoralTestCase):
    def setUp(self) -> None:
        self.entries = [
            log_action(
                actor=self.reporter,
                action="organisations.organisation.updated",
                obj=self.school,
                province_id="84",
                before={"phone": f"077-00000{i}"},
                after={"phone": f"077-00000{i + 1}"},
            )
            for i in range(4)
        ]
        self.national_entry = log_action(
            actor=SYSTEM, action="framework.virtue.updated", obj=self.surat, province_id=None
        )

    def test_each_province_has_its_own_chain_of_linked_entries(self):
        self.assertEqual([e.seq for e in self.entries], [1, 2, 3, 4])
        self.assertEqual(self.entries[0].prev_hash, "")
        for before, entry in zip(self.entries, self.entries[1:], strict=False):
            self.assertEqual(entry.prev_hash, before.hash)
        self.assertEqual(self.national_entry.seq, 1)
        head = AuditChainHead.objects.get(chain="84")
        self.assertEqual((head.seq, head.hash), (4, self.entries[-1].hash))
        stored = AuditEntry.objects.get(pk=self.entries[2].pk)
        self.assertEqual(stored.content_hash(), stored.hash)

    def test_an_intact_log_passes_with_a_summary(self):
        out, error = verify()
        self.assertEqual(error, "")
        self.assertIn("Chains checked: 2, entries: 5. No entry is missing or changed.", out)
        self.assertIn("ตรวจ", out)

    def test_a_row_removed_by_sql_is_named_with_its_neighbours(self):
        first, second, third = self.entries[:3]
        with triggers_off():
            sql("DELETE FROM audit_auditentry WHERE id = %s", second.pk)
        out, error = verify()
        self.assertIn(
            f"Province 84: entry 2 is missing, between id {first.pk} and id {third.pk}.", out
        )
        self.assertIn("จังหวัด 84", out)
        self.assertIn("Problems found in the audit log: 1", error)

    def test_the_newest_rows_removed_are_named_through_the_chain_head(self):
        with triggers_off():
            sql("DELETE FROM audit_auditentry WHERE seq >= 3 AND province_id = '84'")
        out, error = verify()
        self.assertIn(
            f"Province 84: entries 3 to 4 are missing, after id {self.entries[1].pk}.", out
        )
        self.assertNotEqual(error, "")

    def test_a_row_edited_by_sql_is_named(self):
        entry = self.entries[1]
        with triggers_off():
            sql("UPDATE audit_auditentry SET object_repr = 'someone else' WHERE id = %s", entry.pk)
        out, error = verify()
        self.assertIn(f"Province 84: entry 2 (id {entry.pk}) does not match its hash", out)
        self.assertNotEqual(error, "")

    def test_an_edit_that_recomputes_the_hash_breaks_the_next_link(self):
        entry = AuditEntry.objects.get(pk=self.entries[1].pk)
        entry.changes = {"phone": {"before": "x", "after": "y"}}
        forged = entry.content_hash()
        with triggers_off():
            sql(
                "UPDATE audit_auditentry SET changes = %s, hash = %s WHERE id = %s",
                '{"phone": {"before": "x", "after": "y"}}',
                forged,
                entry.pk,
            )
        out, _error = verify()
        self.assertIn(
            f"Province 84: entry 3 (id {self.entries[2].pk}) does not link to the entry before "
            f"it (id {entry.pk})",
            out,
        )

    def test_the_newest_entry_rewritten_with_its_hash_no_longer_matches_the_head(self):
        entry = AuditEntry.objects.get(pk=self.entries[-1].pk)
        entry.object_repr = "someone else"
        with triggers_off():
            sql(
                "UPDATE audit_auditentry SET object_repr = %s, hash = %s WHERE id = %s",
                entry.object_repr,
                entry.content_hash(),
                entry.pk,
            )
            sql("DELETE FROM audit_auditchainhead WHERE chain = 'national'")
        out, _error = verify()
        self.assertIn(
            f"Province 84: the last entry 4 (id {entry.pk}) does not match the chain's head", out
        )
        self.assertIn("National chain: the chain's head record is missing.", out)

    def test_one_province_can_be_checked_alone(self):
        with triggers_off():
            sql("DELETE FROM audit_auditentry WHERE id = %s", self.national_entry.pk)
        out, error = verify("--province", "84")
        self.assertEqual(error, "")
        self.assertIn("Chains checked: 1, entries: 4.", out)
        out, error = verify("--province", "national")
        self.assertIn("National chain: all entries, 1 to 1, are missing.", out)
        self.assertIn("chains checked: 1, entries: 0", error)

    def test_an_unknown_province_is_refused_by_name(self):
        self.assertIn("There is no province with code 99.", verify("--province", "99")[1])

    def test_numbers_in_changes_hash_the_same_after_the_database_round_trip(self):
        log_action(
            actor=self.admin,
            action="monitoring.value.saved",
            obj=self.school,
            province_id="84",
            after={"value": 1e16, "ratio": 0.1 + 0.2, "count": 3, "share": 2.5e-7, "zero": -0.0},
        )
        self.assertEqual(verify()[1], "")

    def test_deleting_a_person_keeps_their_entries_and_the_chain(self):
        self.reporter.delete()
        entries = AuditEntry.objects.filter(pk__in=[e.pk for e in self.entries])
        self.assertEqual(entries.count(), 4)
        self.assertEqual({(e.actor_id, e.actor_name) for e in entries}, {(None, "reporter")})
        self.assertEqual(verify()[1], "")

    def test_two_entries_cannot_take_one_position(self):
        entry = self.entries[0]
        with self.assertRaises(IntegrityError), transaction.atomic():
            sql(
                "INSERT INTO audit_auditentry (created_at, actor_name, action, province_id, "
                "object_type, object_id, object_repr, changes, seq, prev_hash, hash) "
                "SELECT created_at, actor_name, action, province_id, object_type, object_id, "
                "object_repr, changes, seq, prev_hash, hash FROM audit_auditentry WHERE id = %s",
                entry.pk,
            )


class AppendOnlyTests(MoralTestCase):
    def setUp(self) -> None:
        self.entry = log_action(
            actor=self.admin,
            action="organisations.network.updated",
            obj=self.education,
            province_id="84",
        )

    def test_the_model_refuses_to_change_or_delete_an_entry(self):
        self.entry.action = "something.else"
        with self.assertRaises(AppendOnlyError):
            self.entry.save()
        with self.assertRaises(AppendOnlyError):
            self.entry.delete()

    def test_the_queryset_refuses_to_change_or_delete_entries(self):
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.filter(pk=self.entry.pk).update(action="x")
        with self.assertRaises(AppendOnlyError):
            AuditEntry.objects.all().delete()
        self.assertTrue(AuditEntry.objects.filter(pk=self.entry.pk, action=self.entry.action))

    @on_postgresql
    def test_postgresql_refuses_sql_that_deletes_or_changes_an_entry(self):
        statements = [
            ("DELETE FROM audit_auditentry WHERE id = %s", [self.entry.pk]),
            ("UPDATE audit_auditentry SET action = 'x' WHERE id = %s", [self.entry.pk]),
            (
                "UPDATE audit_auditentry SET actor_id = NULL, action = 'x' WHERE id = %s",
                [self.entry.pk],
            ),
            ("DELETE FROM audit_auditchainhead WHERE chain = '84'", []),
            ("UPDATE audit_auditchainhead SET seq = 0 WHERE chain = '84'", []),
        ]
        for statement, params in statements:
            with self.subTest(statement), self.assertRaises(IntegrityError), transaction.atomic():
                sql(statement, *params)
        self.assertTrue(AuditEntry.objects.filter(pk=self.entry.pk, action=self.entry.action))

    @on_postgresql
    def test_postgresql_lets_an_entry_forget_its_deleted_account(self):
        sql("UPDATE audit_auditentry SET actor_id = NULL WHERE id = %s", self.entry.pk)
        self.entry.refresh_from_db()
        self.assertIsNone(self.entry.actor_id)
        self.assertEqual(self.entry.actor_name, "admin")


class AuditAdminTests(MoralTestCase):
    def setUp(self) -> None:
        self.entry = log_action(
            actor=self.admin,
            action="organisations.network.updated",
            obj=self.education,
            province_id="84",
        )
        boss = get_user_model().objects.create_superuser("boss", password="x-2563-long")
        Role.objects.create(user=boss, kind=RoleKind.NATIONAL_ADMIN)
        self.client.force_login(boss)

    def test_the_admin_lists_entries_without_any_bulk_action(self):
        response = self.client.get("/admin/audit/auditentry/")
        self.assertContains(response, "organisations.network.updated")
        self.assertNotContains(response, "delete_selected")

    def test_the_admin_adds_changes_and_deletes_nothing(self):
        base = f"/admin/audit/auditentry/{self.entry.pk}"
        for url in ["/admin/audit/auditentry/add/", f"{base}/delete/"]:
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, {"post": "yes"}).status_code, 403)
        self.client.post(f"{base}/change/", {"action": "x"})
        self.client.post(
            "/admin/audit/auditentry/",
            {"action": "delete_selected", "_selected_action": [self.entry.pk], "post": "yes"},
        )
        self.entry.refresh_from_db()
        self.assertEqual(self.entry.action, "organisations.network.updated")
        self.assertEqual(verify()[1], "")
