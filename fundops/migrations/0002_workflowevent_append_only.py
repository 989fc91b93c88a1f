from django.db import migrations

from fundops.db import append_only


class Migration(migrations.Migration):
    dependencies = [("fundops", "0001_initial")]

    operations = [append_only("fundops_workflowevent")]
