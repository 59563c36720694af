"""Where a page may send the browser next (after login, after the language switch): only back
to one of our own pages.

A `next` value comes from the URL, so anyone can write it. Browsers forgive a lot on the way
to a Location header: they drop tabs and line breaks, read a backslash as a slash, and take
`//host` as another site; Werkzeug strips some of it too. So the value is judged as the browser
will read it, and anything that is not plainly a path on this site is refused."""
from urllib.parse import urlsplit


def _clean(character: str) -> bool:
    return character.isprintable() and not character.isspace()


def safe_next(target) -> str | None:
    """`target` when it is a same-site path such as /aanbieder/aanvragen/3?x=1, else None."""
    if not isinstance(target, str) or not target or len(target) > 2048:
        return None
    # Control characters and whitespace are refused, not stripped: a browser would strip them
    # and read what is left (/\t/evil.example is //evil.example), and a line break would break
    # the Location header itself.
    if not all(_clean(c) for c in target) or "\\" in target:
        return None
    if not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return target
