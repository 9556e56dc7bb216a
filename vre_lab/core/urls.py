"""The one place where user values become parts of outbound URLs: each value is one escaped path
segment, so `/`, `?`, `#`, `%` or `..` in an id or a file name can never reach another endpoint."""

from urllib.parse import quote, quote_plus

from .errors import BadRequest


def segment(value: object, *, plus: bool = False) -> str:
    """`value` as one percent-escaped path segment; `.`, `..`, empty or NUL values are refused.
    `plus`: spaces as `+`, the form Rucio's server decodes (rucio-clients' own `quote_plus`)."""
    text = str(value)
    if text in ("", ".", "..") or "\x00" in text:
        raise BadRequest(f"{text!r} is not a valid name")
    try:
        return quote_plus(text, safe="") if plus else quote(text, safe="")
    except UnicodeEncodeError as e:  # a lone surrogate cannot be sent in a URL
        raise BadRequest("The name is not valid text") from e


def segments(path: str) -> str:
    """A relative file path (`results/plot.png`) as escaped segments joined by `/`."""
    return "/".join(segment(part) for part in str(path).split("/"))
