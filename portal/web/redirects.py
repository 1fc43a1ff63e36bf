"""Where a `next` parameter may send the user: a path on this site, nothing else."""

from urllib.parse import unquote, urlsplit


def safe_path(target: str | None) -> str | None:
    """The target when it is a plain path on this site; None for anything that could leave it
    (a scheme, //host, a backslash, a control character, or any of these percent-encoded)."""
    if not target or len(target) > 2000:
        return None
    decoded, previous = target, None
    while decoded != previous:  # %252F%252F… is //… after two rounds
        previous, decoded = decoded, unquote(decoded)
    for text in (target, decoded):
        if any(ord(character) < 32 or ord(character) == 127 for character in text) or "\\" in text:
            return None
        if not text.startswith("/") or text.startswith("//"):
            return None
        parts = urlsplit(text)
        if parts.scheme or parts.netloc:
            return None
    return target
