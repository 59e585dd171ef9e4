from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower

from articles.pagecache import bump, remembered_until_purged


def account_dependency(user_id):
    return f"account:{user_id}"


def forget_cached_account(user_id):
    """A saved or deleted account is read from the database again: now, and once the change
    commits (a request reading the old row meanwhile may have cached it)."""
    bump(account_dependency(user_id))
    transaction.on_commit(partial(bump, account_dependency(user_id)))


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the email address (any case) in one field.

    An exact username wins over an email that happens to look the same. When no
    account matches, the password is still hashed once, so the response takes as
    long as for a real account and timing cannot tell whether it exists.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        User = get_user_model()
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if not username or password is None:
            return None
        identifier = username.strip()
        candidates = sorted(
            User._default_manager.alias(email_lower=Lower("email")).filter(
                Q(username=identifier) | Q(email_lower=identifier.lower())
            ),
            key=lambda user: user.username != identifier,
        )
        if not candidates:
            User().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None

    def get_user(self, user_id):
        """The signed-in account of every request, from a copy in the shared cache kept until
        the account is saved (and at most NEWSROOM_ACCOUNT_CACHE_SECONDS): the query it saves
        was, with the connection's health check, most of a signed-in reader's database time.
        The copy is pickled as read from the database, before any permission was looked up.
        Django still checks the session against the copy's password hash and active flag."""
        if not settings.NEWSROOM_ACCOUNT_CACHE_SECONDS:
            return super().get_user(user_id)
        return remembered_until_purged(
            [account_dependency(user_id)],
            f"account:1:{user_id}",
            partial(super().get_user, user_id),
            seconds=settings.NEWSROOM_ACCOUNT_CACHE_SECONDS,
        )
