from django.db import migrations

from fundops.db import append_only


class Migration(migrations.Migration):
    """The ledger refuses UPDATE and DELETE in the database too: a correction is a reversal."""

    dependencies = [("portfolio", "0001_initial")]

    operations = [append_only("portfolio_ledgerentry")]
