from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = _("Comments")

    def ready(self):
        from accounts.backends import read_with_account
        from articles import personal_parts

        from .services import held_comments_key

        read_with_account(held_comments_key)

        from .cookies import saved_author_cookie
        from .templatetags.comment_tags import (
            form_for_the_reader,
            form_token,
            knows_the_reader,
            shows_own_held_comments,
            the_reader,
        )

        personal_parts.register("comments/includes/thread.html", shows_own_held_comments)
        personal_parts.register(
            "comments/includes/identity_note.html", personal_parts.signed_in, the_reader
        )
        personal_parts.register(
            "comments/includes/identity_fields.html",
            knows_the_reader,
            form_for_the_reader,
            same_for=saved_author_cookie,
        )
        personal_parts.register(
            "comments/includes/form_token.html", personal_parts.always, form_token
        )
