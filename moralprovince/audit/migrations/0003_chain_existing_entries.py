"""Chain the entries written before the log had chains, in the order they were written."""

from django.db import migrations

from moralprovince.audit.chain import CHAINED_FIELDS, chain_key, entry_hash

BATCH = 2000


def chain_entries(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    heads = {}
    batch = []
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=BATCH):
        key = chain_key(entry.province_id)
        seq, prev_hash = heads.get(key, (0, ""))
        entry.seq, entry.prev_hash = seq + 1, prev_hash
        entry.hash = entry_hash({name: getattr(entry, name) for name in CHAINED_FIELDS})
        heads[key] = (entry.seq, entry.hash)
        batch.append(entry)
        if len(batch) == BATCH:
            AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
            batch = []
    AuditEntry.objects.bulk_update(batch, ["seq", "prev_hash", "hash"])
    AuditChainHead.objects.bulk_create(
        AuditChainHead(chain=key, seq=seq, hash=hash_) for key, (seq, hash_) in heads.items()
    )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_chain_fields'),
    ]

    operations = [
        migrations.RunPython(chain_entries, migrations.RunPython.noop),
    ]
