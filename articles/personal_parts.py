"""A shared page's personal parts: the few places where one reader's page differs from another's.

Templates put everything that depends on the reader inside `{% personal_part "template" %}`:
the header's account links, flash messages, the login box, CSRF fields, the comment thread (a
reader sees their own held comments), who is commenting (a signed-in reader's name, or a
guest's saved one) and when they were shown the form. The rest of the page is, by
construction, the same for everybody.

When the page cache renders the copy it shares with anonymous readers, it also keeps where in
that copy each part is. A reader it cannot share with (signed in, or carrying a comment
cookie) then gets the copy with only the parts that differ for them rendered again: a page
built for them in a few milliseconds, instead of the whole page rendered from the database.
(Drupal's render cache does the same with its placeholders.)

A part's template sees the request's context processors, the view's `personal_context_from()`
(on the article page: `article`, read from the database only if a part uses it) and its own
`extra_context`, nothing else, so it renders alone exactly as inside the page
(tests/articles/test_personal_parts.py compares the two for every kind of reader).
"""

import hashlib
import re
import secrets
import struct
import threading
import zlib
from collections import OrderedDict
from itertools import pairwise

from django.conf import settings
from django.template import RequestContext, engines
from django.utils import translation


def always(request, context):
    return True


def signed_in(request, context=None):
    """Read without touching the session of a reader who has none (see accounts.viewer)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated


# template name → (is_personal(request, context), extra(request, context) or None,
# same_for(request) or None): does this reader get their own rendering of the part, or the one
# anonymous readers share; what the part needs besides the request's context when it is
# rendered alone; and what, if anything, its rendering is a pure function of (see `register`).
# A part nobody registered is always personal.
_registry = {}
_UNREGISTERED = (always, None, None)
_version = ""


def register(template_name, is_personal=always, extra_context=None, same_for=None):
    """A part renders the same wherever it stands in a page: its template uses nothing of the
    page's own context beyond what `extra_context` and the view's personal context give it.

    `same_for(request)`, where given, returns a value the part's rendering depends on alone (with
    the language), or None where it depends on more: each process then keeps the renderings of
    the last readers it saw (a returning guest's filled-in name fields, built once rather than
    on every story they open). Only for parts that hold no token and read nothing that changes."""
    global _version
    _registry[template_name] = (is_personal, extra_context, same_for)
    _version = hashlib.sha256("\n".join(sorted(_registry)).encode()).hexdigest()[:8]
    with _renderings_lock:
        _renderings.clear()


def version():
    """Names the set of parts: a copy cut by a release with other parts is never used."""
    return _version


def is_personal_for(template_name, request, context):
    return _registry.get(template_name, _UNREGISTERED)[0](request, context)


def extra_context_for(template_name, request, context):
    extra = _registry.get(template_name, _UNREGISTERED)[1]
    return extra(request, context) if extra else {}


# (template name, language, same_for value) → the part's rendering, most recent last.
_renderings = OrderedDict()
RENDERINGS_KEPT = 512


def _rendering_key(template_name, request):
    same_for = _registry.get(template_name, _UNREGISTERED)[2]
    found = same_for(request) if same_for else None
    return None if found is None else (template_name, translation.get_language(), found)


_renderings_lock = threading.Lock()  # a worker's threads share them


def _kept_rendering(key):
    with _renderings_lock:
        rendering = _renderings.get(key)
        if rendering is not None:
            _renderings.move_to_end(key)
        return rendering


def _keep_rendering(key, rendering):
    with _renderings_lock:
        _renderings[key] = rendering
        while len(_renderings) > RENDERINGS_KEPT:
            _renderings.popitem(last=False)


# The site's own parts (templates/base.html and its includes).
CSRF_FIELD = "includes/csrf_field.html"
register(CSRF_FIELD)  # the token: empty in the shared copy, filled by site.js
register("includes/messages.html")  # cheap, and reading them is what marks them shown
register("includes/header_account.html", signed_in)
register("includes/login_box.html", signed_in)  # anonymous readers share its form


def start_recording(request):
    """Fence the parts of the page about to be rendered for the shared copy (see `cut`)."""
    request.personal_part_marker = secrets.token_hex(8)


def stop_recording(request):
    return request.__dict__.pop("personal_part_marker", None)


def cut(response, marker, keep):
    """Take the fences out of a rendered shared copy; a complete page also says where its parts
    are and what they need (`keep()`), in `response.personal_parts`, for the page cache."""
    if response.streaming or marker is None:
        return
    shared, parts = split(response.content.decode(response.charset), marker, response.charset)
    response.content = shared
    if response.status_code == 200 and parts:
        response.personal_parts = {"parts": parts, "context": keep(), "version": version()}


def wrap(request, template_name, html):
    """A part's output while a shared copy is rendered, fenced for `cut`; parts may nest.

    The marker is random for each rendering, so nothing a reader or an editor wrote can forge
    a fence."""
    marker = getattr(request, "personal_part_marker", None)
    if marker is None:
        return html
    return f"\x00{marker}<{template_name}\x00{html}\x00{marker}>\x00"


def split(content, marker, charset="utf-8"):
    """The shared page without its fences (encoded), and where its parts are in it: for each,
    (template name, start, end, the parts inside it), in bytes, so that the page cache keeps
    the page once and a personal copy is cut from it."""
    fence = re.compile(f"\x00{marker}(?:<([^\x00]+)|>)\x00")
    chunks, size, position = [], 0, 0
    open_parts, starts = [[]], []
    for found in fence.finditer(content):
        chunk = content[position : found.start()].encode(charset)
        chunks.append(chunk)
        size += len(chunk)
        position = found.end()
        if found.group(1) is not None:
            starts.append((found.group(1), size))
            open_parts.append([])
        else:
            name, start = starts.pop()
            inside = open_parts.pop()
            open_parts[-1].append((name, start, size, inside))
    chunks.append(content[position:].encode(charset))
    return b"".join(chunks), open_parts[0]


def _joined(parts, rendered, start, end):
    """The shared page as pieces: (start, end) of the shared content where nothing differs,
    and the reader's own rendering (bytes) of each part that is personal for them (a part
    that is not holds the shared rendering, with whatever personal parts that holds)."""
    pieces, position = [], start
    for name, part_start, part_end, inside in parts:
        if part_start > position:
            pieces.append((position, part_start))
        if name in rendered:
            pieces.append(rendered[name])
        else:
            pieces.extend(_joined(inside, rendered, part_start, part_end))
        position = part_end
    if end > position:
        pieces.append((position, end))
    return pieces


def _personal_parts_in(parts, request, context, found):
    for name, _start, _end, inside in parts:
        if name in found:
            continue
        if is_personal_for(name, request, context):
            found.append(name)  # rendered anew, whatever it holds
        else:
            _personal_parts_in(inside, request, context, found)
    return found


def assemble(content, parts, request, context, charset="utf-8", deflated=None):
    """The shared page (`content`, cut at `parts`), with each part that is personal for this
    reader rendered for them (one template context for all of them: context processors run
    once). Gzipped when given the shared page's `deflated` pieces."""
    rendered, keys = {}, {}
    for name in _personal_parts_in(parts, request, context, []):
        keys[name] = key = _rendering_key(name, request)
        kept = key and _kept_rendering(key)
        if kept is not None:
            rendered[name] = kept
    personal = [name for name in keys if name not in rendered]
    if personal:
        engine = engines["django"].engine
        templates = {name: engine.get_template(name) for name in personal}
        request_context = RequestContext(request, context)
        with request_context.bind_template(templates[personal[0]]):
            for name in personal:
                with request_context.push(extra_context_for(name, request, context)):
                    rendered[name] = templates[name].render(request_context).encode(charset)
                if keys[name] is not None:
                    _keep_rendering(keys[name], rendered[name])
    pieces = _joined(parts, rendered, 0, len(content))
    return gzipped(content, pieces, deflated) if deflated is not None else plain(content, pieces)


def plain(content, pieces):
    return b"".join(piece if type(piece) is bytes else content[slice(*piece)] for piece in pieces)


# A personal copy, gzipped without compressing the whole page per request: the shared page is
# compressed once, when stored, in pieces that end where a part begins or ends (each its own
# deflate stream, flushed to a byte boundary, so any of them may follow any other); a reader's
# own parts go between them in stored (uncompressed) blocks. Their tokens are thus compressed
# with nothing, so nothing in the page can reveal them by its size (BREACH). A part this large
# or larger (a long thread of their own) is compressed, alone.
COMPRESS_PART_BYTES = 4096
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no date
_LAST_BLOCK = b"\x03\x00"  # an empty final block


def _deflate(data):
    compressor = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _stored(data):
    return struct.pack("<BHH", 0, len(data), len(data) ^ 0xFFFF) + data  # < COMPRESS_PART_BYTES


def _edges(parts):
    for _name, start, end, inside in parts:
        yield start
        yield end
        yield from _edges(inside)


def deflated_pieces(content, parts):
    """The shared page compressed piece by piece between the edges of its parts (at any
    depth): (start, end) → deflate data. Kept with the copy, for gzipped personal copies."""
    edges = sorted({0, len(content), *_edges(parts)})
    return {(start, end): _deflate(content[start:end]) for start, end in pairwise(edges)}


def gzipped(content, pieces, deflated):
    """A gzip member holding the pieces (as _joined gives them), the shared ones compressed
    ahead of time in `deflated`."""
    view = memoryview(content)
    blocks, crc, size = [_GZIP_HEADER], 0, 0
    for piece in pieces:
        if type(piece) is bytes:
            plain = piece
            blocks.append(_deflate(plain) if len(plain) >= COMPRESS_PART_BYTES else _stored(plain))
        else:
            plain = view[piece[0] : piece[1]]
            packed = deflated.get(piece)
            blocks.append(packed if packed is not None else _deflate(plain))
        crc = zlib.crc32(plain, crc)
        size += len(plain)
    blocks += [_LAST_BLOCK, struct.pack("<LL", crc, size & 0xFFFFFFFF)]
    return b"".join(blocks)
