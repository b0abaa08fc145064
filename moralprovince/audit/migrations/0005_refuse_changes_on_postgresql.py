"""On PostgreSQL, refuse to change or remove audit entries even to SQL from the site's role.

An entry may only lose its link to an account (Django does this when the account is deleted);
a chain head may only advance by one. TRUNCATE, which test runs use to empty tables, fires no
row trigger.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION audit_entry_is_final() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.actor_id IS NULL
            AND to_jsonb(NEW) - 'actor_id' = to_jsonb(OLD) - 'actor_id' THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit entry id % cannot be changed or deleted', OLD.id
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_entry_is_final BEFORE UPDATE OR DELETE ON audit_auditentry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_final();

CREATE FUNCTION audit_chain_head_only_advances() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.chain = OLD.chain AND NEW.seq = OLD.seq + 1 THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit chain head % can only advance by one entry', OLD.chain
        USING ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER audit_chain_head_only_advances BEFORE UPDATE OR DELETE ON audit_auditchainhead
    FOR EACH ROW EXECUTE FUNCTION audit_chain_head_only_advances();
"""

DROP = """
DROP TRIGGER audit_chain_head_only_advances ON audit_auditchainhead;
DROP FUNCTION audit_chain_head_only_advances();
DROP TRIGGER audit_entry_is_final ON audit_auditentry;
DROP FUNCTION audit_entry_is_final();
"""


def on_postgresql(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            # No parameters: the SQL holds "%" placeholders of its own.
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_chain_constraints'),
    ]

    operations = [
        migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP)),
    ]
