"""The routes the vre_lab extension registers, read from the running tornado application."""

import re

from vre_lab.core.handlers import VRELabHandler

HTTP_METHODS = ("get", "post", "put", "patch", "delete")
SAMPLE_PATH_PARAMETER = "sample-id"


def registered_routes(serverapp) -> dict[str, type]:
    """Map each vre_lab URL pattern (without the base URL, e.g. `/vre-lab/api/jobs/{job_id}`)
    to its handler class."""
    base = serverapp.base_url.rstrip("/")
    routes = {}
    for rule in serverapp.web_app.default_router.rules:
        for inner in getattr(rule.target, "rules", []):
            handler = inner.target
            if isinstance(handler, type) and issubclass(handler, VRELabHandler):
                pattern = inner.matcher.regex.pattern.rstrip("$")
                routes[_openapi_path(pattern[len(base) :])] = handler
    return routes


def handler_methods(handler: type) -> list[str]:
    """The HTTP methods a handler class itself implements (not tornado's defaults)."""
    return [
        m
        for m in HTTP_METHODS
        if any(m in vars(cls) for cls in handler.__mro__ if issubclass(cls, VRELabHandler))
    ]


def concrete_url(path: str) -> str:
    return re.sub(r"\{[^}]+\}", SAMPLE_PATH_PARAMETER, path)


def _openapi_path(regex: str) -> str:
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", regex)
