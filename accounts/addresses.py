"""Where a request comes from, once for everything that counts by address: login lockouts
(django-axes), password-reset limits, comment flood control and view counts.

Behind reverse proxies (the load balancer of docs/scaling.md, a CDN) every request's peer is
the nearest proxy, so every reader would share one address. Set TRUSTED_PROXIES to how many
proxies stand in front of the app: the address is then the one the outermost of them saw, as
it appended it to X-Forwarded-For. What a client writes there itself is never believed.
"""

import ipaddress

from django.conf import settings


def client_ip(request):
    """The client's IP address, or None if there is no usable one."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "NEWSROOM_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:  # else it did not come through them all: the peer it is
            address = hops[-proxies]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
