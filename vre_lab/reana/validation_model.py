"""What validating a reana.yaml answers: the issues, each with its place, and the loaded file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass
class Issue:
    severity: str  # "error" | "warning"
    message: str  # one clear sentence a user understands
    line: int | None  # 1-based, where in the file
    column: int | None  # 1-based
    key: str  # dotted path, e.g. "workflow.specification.steps.0.commands" ("" for the whole file)
    # the file `line` and `key` are in, relative to the reana.yaml's folder (a workflow, step or
    # parameter file it names); None: the reana.yaml itself
    file: str | None = None
    # an error only for a run from here (a missing input file): reana-client's validate does not
    # look at the files, so the reana.yaml is valid for it; a run cannot start
    run_only: bool = False


@dataclass
class Validation:
    valid: bool  # no error-severity issue: a run can start
    issues: list[Issue]
    parameters: dict  # inputs.parameters (name -> default value), {} if none
    specification: dict | None  # the loaded reana.yaml as JSON-able dict (None if unparsable)
    workflow_type: str | None  # serial | cwl | yadage | snakemake
    # what reana-client's validate says: no error but the run-only ones (None: as `valid`)
    reana_valid: bool | None = None

    def __post_init__(self) -> None:
        if self.reana_valid is None:
            self.reana_valid = self.valid

    def to_json(self) -> dict:
        return asdict(self)


def dotted(path) -> str:
    """The key path as the API shows it: `workflow.specification.steps.0.commands`."""
    return ".".join(str(part) for part in path)


@dataclass
class IssueList:
    """Issues as the checks find them; `add` places one with the document's positions.

    `in_file` gives the list for issues in another file (its own document, the same issues).
    """

    document: object  # validation_yaml.Document, or None for a file that is not YAML
    issues: list[Issue] = field(default_factory=list)
    file: str | None = None

    def in_file(self, file: str, document) -> IssueList:
        return IssueList(document, self.issues, file)

    def add(
        self,
        severity: str,
        message: str,
        path=(),
        *,
        on_key: bool = False,
        run_only: bool = False,
    ) -> None:
        position = self.document and self.document.position(tuple(path), on_key=on_key)
        line, column = (position.line, position.column) if position else (None, None)
        self.issues.append(
            Issue(severity, message, line, column, dotted(path), self.file, run_only)
        )

    def error(self, message: str, path=(), *, on_key: bool = False) -> None:
        self.add(ERROR, message, path, on_key=on_key)

    def run_error(self, message: str, path=()) -> None:
        """An error that keeps a run from starting here, though reana-client's validate would
        pass the file (it does not look at input files)."""
        self.add(ERROR, message, path, run_only=True)

    def warning(self, message: str, path=(), *, on_key: bool = False) -> None:
        self.add(WARNING, message, path, on_key=on_key)

    def at(self, severity: str, message: str, path, line: int | None, column: int | None):
        """An issue at an exact place (inside a multi-line command, say)."""
        self.issues.append(Issue(severity, message, line, column, dotted(path), self.file))

    def at_text(self, severity: str, message: str, path, text: str, nth: int = 0) -> None:
        """An issue where `text` is written inside the scalar at `path` (else at the scalar)."""
        where = self.document and self.document.find_in_scalar(tuple(path), text, nth)
        if where is None:
            self.add(severity, message, path)
        else:
            self.at(severity, message, path, where.line, where.column)
