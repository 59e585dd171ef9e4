from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, url):
    """`url` if it stays on this site (so it can follow a login or a reset), else ""."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""
