"""The Content-Security-Policy middleware, with the desk editor's import map allowed by its hash.

django-prose-editor loads its modules through an inline `<script type="importmap">`, which a
policy without 'unsafe-inline' blocks. Its content is fixed for a deployment (static URLs), so
the policy allows exactly that script by its SHA-256 instead of allowing inline scripts.
"""

import base64
import functools
import hashlib
import re

from csp.middleware import CSPMiddleware

SCRIPT_BODY = re.compile(r"<script[^>]*>(.*)</script>", re.DOTALL)


@functools.cache
def editor_importmap_hash():
    from django_prose_editor.widgets import importmap

    body = SCRIPT_BODY.search(str(importmap)).group(1)
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    return f"'sha256-{digest}'"


class NewsroomCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; admin pages also allow the editor's import map."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and "admin" in request.path_info.split("/")[1:3]:  # /admin/, /en/admin/
            try:
                allowed = editor_importmap_hash()
            except Exception:  # no static manifest yet (collectstatic): nothing to allow
                return parts
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), allowed]
            parts.update = update
        return parts
