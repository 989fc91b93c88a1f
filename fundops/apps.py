from django.apps import AppConfig


class FundopsConfig(AppConfig):
    name = "fundops"
    verbose_name = "FundOps core"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        import fundops.db  # noqa: F401 - registers the SQLite function the triggers ask
        from fundops.roles import roles_sync

        # Groups need the permissions that migrations create, so they are synced after
        # every migrate (idempotent): a fresh database always has its six roles.
        # weak=False: a signal holds receivers weakly, and nothing else refers to this lambda,
        # so it could be collected before migrate sends the signal (it was, with debug off).
        post_migrate.connect(
            lambda **kwargs: roles_sync(), dispatch_uid="fundops_roles_sync", weak=False
        )
