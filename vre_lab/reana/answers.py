"""What vre-lab relies on in REANA's answers, as JSON Schemas, and the check that enforces it.

Only the fields vre-lab reads are listed, with the types REANA's API gives them; anything else
REANA sends is ignored. A server that breaks these gets a clear 502 instead of a confused panel.
"""

from __future__ import annotations

from ..core import answers

_obj = answers.obj


_STR = {"type": "string"}
_NSTR = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_COUNT = _obj(total=_INT)
PROGRESS = _obj(
    total=_COUNT,
    finished=_COUNT,
    failed=_COUNT,
    running=_COUNT,
    run_started_at=_NSTR,
    run_finished_at=_NSTR,
    run_stopped_at=_NSTR,
)
WORKFLOW = _obj(
    ["id", "name", "status"],
    id=_STR,
    name=_STR,
    status=_STR,
    created=_STR,
    progress=PROGRESS,
    size=_obj(raw=_INT),
)
WORKFLOW_LIST = _obj(["items"], items={"type": "array", "items": WORKFLOW}, total=_INT)
STATUS = _obj(["id", "name", "status"], id=_STR, name=_STR, status=_STR, progress=PROGRESS)
CREATED = _obj(["workflow_id", "workflow_name"], workflow_id=_STR, workflow_name=_STR)
STATUS_CHANGE = _obj(status=_STR, workflow_id=_STR, workflow_name=_STR, message=_STR)
SPECIFICATION = _obj(["specification"], specification={"type": "object"}, parameters={})
LOGS = _obj(["logs"], logs=_STR)
WORKSPACE = _obj(
    ["items"],
    items={
        "type": "array",
        "items": _obj(["name"], name=_STR, size=_obj(raw=_INT), **{"last-modified": _STR}),
    },
    total=_INT,
)
YOU = _obj(email=_STR, full_name=_STR, username=_STR, reana_server_version=_STR)
SECRETS = {"type": "array", "items": _obj(["name"], name=_STR, type=_STR)}
# the `logs` string of GET .../logs, once parsed
LOG_CONTENT = _obj(
    workflow_logs=_NSTR,
    job_logs={
        "type": "object",
        "additionalProperties": _obj(
            job_name=_NSTR, status=_NSTR, logs=_NSTR, started_at=_NSTR, finished_at=_NSTR
        ),
    },
)


def check(data, schema: dict, what: str):
    return answers.check(data, schema, what, "REANA")
