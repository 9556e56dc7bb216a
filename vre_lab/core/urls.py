"""The one place where user values become parts of outbound URLs: each value is one escaped path
segment, so `/`, `?`, `#`, `%` or `..` in an id or a file name can never reach another endpoint."""

from urllib.parse import quote

from .errors import BadRequest


def segment(value: object) -> str:
    """`value` as one percent-escaped path segment; `.`, `..`, empty or NUL values are refused."""
    text = str(value)
    if text in ("", ".", "..") or "\x00" in text:
        raise BadRequest(f"{text!r} is not a valid name")
    try:
        return quote(text, safe="")
    except UnicodeEncodeError as e:  # a lone surrogate cannot be sent in a URL
        raise BadRequest("The name is not valid text") from e


def segments(path: str) -> str:
    """A relative file path (`results/plot.png`) as escaped segments joined by `/`."""
    return "/".join(segment(part) for part in str(path).split("/"))
