from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import router, transaction
from django.db.models import Q
from django.db.models.functions import Lower

from accounts.middleware import request_only_reads
from articles.pagecache import bump, remembered_until_purged


def account_dependency(user_id):
    return f"account:{user_id}"


# functions of a user id → (dependencies, key) of a value remembered_until_purged() keeps for
# that reader, which pages read right after the account (comments: their held comments).
_read_with_account = []


def read_with_account(spec):
    """Have `spec(user_id)`'s value fetched with the signed-in account, in its round trip (once,
    however often the registering app starts)."""
    if spec not in _read_with_account:
        _read_with_account.append(spec)


def forget_cached_account(user_id):
    """A saved or deleted account is read from the database again: now, and once the change
    commits (a request reading the old row meanwhile may have cached it)."""
    bump(account_dependency(user_id))
    transaction.on_commit(partial(bump, account_dependency(user_id)))


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the email address, either in any case, in one field
    (people type "Pembaca" for "pembaca" as they type "PEMBACA@EXAMPLE.COM").

    The username as typed wins, then one that differs only in case, then an email. When no
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
        lowered = identifier.lower()
        candidates = sorted(
            User._default_manager.alias(
                username_lower=Lower("username"), email_lower=Lower("email")
            ).filter(Q(username_lower=lowered) | Q(email_lower=lowered)),
            key=lambda user: (user.username != identifier, user.username.lower() != lowered),
        )
        if not candidates:
            User().set_password(password)
            return None
        for user in candidates:
            if user.check_password(password) and self.user_can_authenticate(user):
                return user
        return None

    def get_user(self, user_id):
        """The signed-in account. A request that only reads (GET, HEAD) gets a copy from the
        shared cache, kept until the account is saved (and at most
        NEWSROOM_ACCOUNT_CACHE_SECONDS): the query it saves was, with the connection's health
        check, most of a signed-in reader's database time. The copy holds no password hash and
        cannot be saved (User.read_only_copy); Django still checks the session against it."""
        seconds = settings.NEWSROOM_ACCOUNT_CACHE_SECONDS
        if not seconds or not request_only_reads.get():
            return self.account(user_id)
        return remembered_until_purged(
            [account_dependency(user_id)],
            f"account:2:{user_id}",
            partial(self.read_only_copy, user_id),
            seconds=seconds,
            also=[spec(user_id) for spec in _read_with_account],
        )

    def account(self, user_id):
        """ModelBackend.get_user, from the primary: a replica may not have the change yet."""
        User = get_user_model()
        try:
            user = User._default_manager.db_manager(router.db_for_write(User)).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def read_only_copy(self, user_id):
        user = self.account(user_id)
        return user.read_only_copy() if user is not None else None
