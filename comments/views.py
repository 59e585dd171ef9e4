import re

from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import get_object_or_404, redirect
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView

from accounts.addresses import client_ip
from articles.models import Article

from . import services
from .cookies import (
    forget_author,
    pending_ids,
    remember_author,
    remember_pending,
    remembered_author,
)
from .forms import CommentForm
from .models import Comment, CommentSettings


def as_id(value):
    """A comment id from the request, or None: ASCII digits that fit a bigint ("²" passes
    str.isdigit() and fails int())."""
    value = str(value or "")
    return int(value) if re.fullmatch(r"[0-9]{1,18}", value) else None


def csrf_rejection(request):
    """None when the POST carries a valid CSRF token, else the response Django would send."""
    return CsrfViewMiddleware(lambda request: None).process_view(request, None, (), {})


@method_decorator(never_cache, name="dispatch")
# The token is checked in post(): a post without one is shown back for confirmation, not stored.
@method_decorator(csrf_exempt, name="dispatch")
class CommentView(FormView):
    """Posts a comment. GET (or a refused POST) shows the comment page: the story's title, the
    form with the reader's input and its errors. It is never cached, and it is also where the
    Reply link leads without JavaScript."""

    form_class = CommentForm
    template_name = "comments/comment_page.html"

    def dispatch(self, request, *args, **kwargs):
        self.article = get_object_or_404(
            Article.objects.published().select_related("unit"), pk=kwargs["article_id"]
        )
        self.settings = CommentSettings.current()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        initial = remembered_author(self.request)
        # ?balas= names the comment a reader without JavaScript replies to: only one that is
        # published on this story, or the form could never be sent.
        reply_to = self._approved_comment(self.request.GET.get("balas"))
        if reply_to is not None:
            initial["parent"] = reply_to.pk
        return initial

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "article": self.article,
            "user": self.request.user,
            "settings": self.settings,
            "ip_address": client_ip(self.request),
            "is_moderator": services.can_moderate(self.request.user),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = context["form"]
        parent_id = form.initial.get("parent") if not form.is_bound else form.data.get("parent")
        context.update(
            article=self.article,
            is_open=self.settings.accepts_comments_on(self.article),
            reply_to=form.parent_comment or self._approved_comment(parent_id),
        )
        return context

    def _approved_comment(self, pk):
        pk = as_id(pk)
        if pk is None:
            return None
        return Comment.objects.approved().filter(pk=pk, article=self.article).first()

    def post(self, request, *args, **kwargs):
        if csrf_rejection(request) is not None:
            return self.ask_to_confirm(request)
        return super().post(request, *args, **kwargs)

    def ask_to_confirm(self, request):
        """A reader without JavaScript posted from a cached article page, whose form carries no
        token: nothing is stored; their words come back on this page, with a token, to send."""
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        posted = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
        # An unticked box is not posted: the saved name's "remember" must not tick it again.
        posted["remember"] = "remember" in request.POST
        kwargs["initial"] = {**kwargs.get("initial", {}), **posted}
        form = self.get_form_class()(**kwargs)
        context = self.get_context_data(form=form, confirm_needed=True)
        return self.render_to_response(context, status=403)

    def form_invalid(self, form):
        status = {"flood": 429, "closed": 403}.get(form.refusal_code(), 400)
        return self.render_to_response(self.get_context_data(form=form), status=status)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            comment = services.post_comment(
                self.article,
                text=data["comment"],
                user=self.request.user,
                name=data.get("name", ""),
                email=data.get("email", ""),
                website=data.get("website", ""),
                parent=form.parent_comment,
                honeypot=data.get("homepage_url", ""),
                seconds_on_form=form.seconds_on_form(),
                ip_address=client_ip(self.request),
                user_agent=self.request.META.get("HTTP_USER_AGENT", ""),
                site_url=self.request.build_absolute_uri("/"),
            )
        except services.DuplicateComment:
            form.add_error(
                None,
                _("Duplicate comment detected: it looks as though you have already said that."),
            )
            return self.form_invalid(form)
        if comment.status == Comment.Status.SPAM:
            response = redirect(self.article.get_absolute_url() + "#komentar")
        else:  # the page of comments that holds it, as this reader sees them
            response = redirect(
                comment.url_for_reader(pending_ids(self.request), user=self.request.user)
            )
        if comment.status == Comment.Status.PENDING:
            remember_pending(self.request, response, comment.pk)
        if not self.request.user.is_authenticated:
            if data.get("remember"):
                remember_author(self.request, response, data)
            else:
                forget_author(self.request, response)
        return response


comment_view = CommentView.as_view()
