from django.apps import AppConfig, apps
from django.conf import settings
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


def sync_roles_after_last_app(app_config, using="default", **kwargs):
    # post_migrate is sent once per app with models; every permission exists after the last.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if app_config is with_models[-1]:
        from .roles import sync_role_groups

        sync_role_groups(using=using)


def account_changed(sender, instance, **kwargs):
    from .backends import forget_cached_account

    forget_cached_account(instance.pk)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        post_migrate.connect(sync_roles_after_last_app, dispatch_uid="accounts.sync_roles")
        post_save.connect(
            account_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.saved"
        )
        post_delete.connect(
            account_changed, sender=settings.AUTH_USER_MODEL, dispatch_uid="accounts.deleted"
        )
