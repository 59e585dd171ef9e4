from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.db.models.functions import Lower


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
