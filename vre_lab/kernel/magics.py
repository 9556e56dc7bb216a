"""The `%rucio` line magic: Rucio search, listing and data access from any IPython kernel.

It drives the same ``RucioService`` as the Data panel (vre_lab/rucio/service.py), configured as
the server is (config.py), and runs its blocking calls directly: a magic is a blocking call.
"""

from __future__ import annotations

import argparse
import logging
import shlex
import sys

from IPython.core.magic import Magics, line_magic, magics_class

from .display import DIDList, FileList, InstanceList, RucioDID

PAGE_SIZE = 1000  # the largest page RucioService serves
DEFAULT_LIMIT = 100
SUBCOMMANDS = ("search", "ls", "get", "bind", "scopes", "whoami", "instances", "use", "help")
WHOAMI_FIELDS = (
    "instance",
    "account",
    "identity",
    "auth_type",
    "token_expires_at",
    "token_seconds_left",
)
_log = logging.getLogger("vre_lab.kernel")


class RucioMagicError(Exception):
    """A problem to tell the user in one line (bad arguments, nothing configured, ...)."""


class _Parser(argparse.ArgumentParser):
    """argparse that raises instead of printing usage and exiting the kernel."""

    def error(self, message):
        command = self.prog.removeprefix("%rucio").strip()
        prefix = f"{command}: " if command else ""
        raise RucioMagicError(f"{prefix}{message} (see %rucio help)")

    def exit(self, status=0, message=None):
        raise RucioMagicError(message or "invalid arguments (see %rucio help)")


def _limit(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _parser() -> _Parser:
    common = _Parser(add_help=False)
    common.add_argument("--instance", metavar="NAME", default=argparse.SUPPRESS)
    # `--instance` before or after the subcommand; the subcommand's wins
    parser = _Parser(prog="%rucio", parents=[common], add_help=False, allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    def command(name: str):
        return commands.add_parser(
            name, prog=f"%rucio {name}", parents=[common], add_help=False, allow_abbrev=False
        )

    search = command("search")
    search.add_argument("pattern", metavar="PATTERN")
    search.add_argument("--type", default="all", metavar="all|file|dataset|container")
    search.add_argument("--filter", default=None, metavar="EXPR")
    search.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT, metavar="N")
    command("ls").add_argument("did", metavar="SCOPE:NAME")
    get = command("get")
    get.add_argument("did", metavar="SCOPE:NAME")
    get.add_argument("--mode", choices=("replica", "download"), default=None)
    command("bind").add_argument("notebook", metavar="NOTEBOOK", nargs="?")
    command("use").add_argument("name", metavar="INSTANCE")
    for name in ("scopes", "whoami", "instances", "help"):
        command(name)
    return parser


@magics_class
class RucioMagics(Magics):
    def __init__(self, shell=None, service_factory=None):
        super().__init__(shell)
        self._service_factory = service_factory
        self._service = None
        self._instance: str | None = None  # chosen with `%rucio use`
        self._parser = _parser()

    @line_magic
    def rucio(self, line: str = ""):
        """Find Rucio data and load it into the notebook (vre-lab).

        %rucio search PATTERN [--type all|file|dataset|container] [--filter EXPR] [--limit N]
            DIDs matching a wildcard pattern, e.g. `%rucio search demo:higgs4l-*`.
            --filter takes Rucio's metadata filters: key=value, <, >, <=, >=, != ;
            `,` means AND, `;` means OR, e.g. --filter "run_number>194000,stream_name=DoubleMuon".
            Shows at most --limit DIDs (default 100) and says so when more exist.
        %rucio ls SCOPE:NAME
            Every file of a dataset or container (or the file itself), with its replicas and
            whether it is available here.
        x = %rucio get SCOPE:NAME [--mode replica|download]
            Makes the DID available here (a replication rule to the instance's destination RSE,
            or a download into your download folder), showing progress, then returns the local
            path of a file, or the list of local paths of a dataset or container.
        %rucio bind [NOTEBOOK]
            Binds the variables of the DIDs attached to a notebook in the Data panel (the
            notebook's metadata), getting each as `get` does: for headless runs (nbclient,
            papermill, a workflow step), where no lab binds them. Without NOTEBOOK: the notebook
            this kernel runs for, when the Jupyter server said which.
        %rucio scopes            The scopes of the instance (a list of str).
        %rucio whoami            Your account and login (a dict; never a password or token).
        %rucio instances         The Rucio instances configured here; * marks the one in use.
        %rucio use INSTANCE      Use another instance in this kernel from now on.
        %rucio help              This help (also: %rucio?).

        Every subcommand takes --instance NAME to use another instance for one call.
        `search` and `ls` return a list of DIDs: each is a "scope:name" str with .type, .bytes,
        .length (and, from `ls`, .replicas, .available_here, .path); it displays as a table.
        Python values go in with braces: `%rucio get {found[0]}`.

        Configuration is the Jupyter server's (c.VRELab in jupyter_server_config.py, the
        VRE_LAB_RUCIO_INSTANCES variable, or your rucio.cfg), and credentials typed in the
        Data panel are used here too. Errors are printed as one line starting with "rucio:".
        """
        try:
            words = shlex.split(line)
        except ValueError as e:
            return self._fail(f"cannot read the arguments: {e}")
        if not words or words[0] in ("help", "-h", "--help"):
            print(self._help())
            return None
        if words[0] not in SUBCOMMANDS and not words[0].startswith("-"):
            return self._fail(f"unknown subcommand {words[0]!r}; see %rucio help")
        try:
            args = self._parser.parse_args(words)
            if args.command is None:
                raise RucioMagicError("give a subcommand; see %rucio help")
            return getattr(self, f"_cmd_{args.command}")(args)
        except KeyboardInterrupt:
            return self._fail("interrupted")
        except RucioMagicError as e:
            return self._fail(str(e))
        except Exception as e:
            from ..core.errors import VRELabError

            if isinstance(e, VRELabError):
                return self._fail(e.message)
            _log.debug("%%rucio %s failed", words[0], exc_info=True)
            return self._fail(f"{words[0]} failed unexpectedly: {type(e).__name__}: {e}")

    # --- subcommands -----------------------------------------------------------------------

    def _cmd_search(self, args) -> DIDList:
        service, instance = self._target(args)
        items: list[dict] = []
        cursor = None
        while len(items) < args.limit:
            page, cursor = service.search(
                instance,
                args.pattern,
                kind=args.type,
                filter=args.filter,
                page_size=min(PAGE_SIZE, args.limit - len(items)),
                cursor=cursor,
            )
            items.extend(page)
            if cursor is None:
                break
        note = None
        if cursor is not None:
            service.pager.discard(cursor)
            note = f"more exist: raise --limit (now {args.limit}) or narrow the search"
            self._say(f"showing the first {len(items)} DIDs; {note}")
        return DIDList((RucioDID.from_search(item) for item in items), note=note)

    def _cmd_ls(self, args) -> FileList:
        service, instance = self._target(args)
        items: list[dict] = []
        cursor = None
        while True:
            page, cursor = service.files(instance, args.did, PAGE_SIZE, cursor)
            items.extend(page)
            if cursor is None:
                break
        return FileList(RucioDID.from_file(item) for item in items)

    def _cmd_get(self, args):
        service, instance = self._target(args)
        return self._fetch(service, instance, args.did, args.mode)

    def _cmd_bind(self, args) -> None:
        from . import attachments

        notebook = args.notebook or self._notebook()
        try:
            attached = attachments.read_file(notebook)
        except (OSError, ValueError) as e:
            raise RucioMagicError(f"cannot read the notebook {notebook}: {e}") from e
        if not attached:
            self._say(f"{notebook} has no attached DIDs")
        service = self._get_service()
        for entry in attached:
            instance = self._current(service, entry["instance"])
            value = self._fetch(service, instance, entry["did"], entry["mode"])
            self.shell.user_ns[entry["variable"]] = value

    def _fetch(self, service, instance: str, did: str, mode: str | None):
        """Make a DID available here and return its local path (a file) or paths."""
        from ..rucio.transfers import make_available

        progress = _Progress(did)
        result = make_available(service, instance, did, mode, progress)
        paths = result["paths"]
        count = f"{len(paths)} file{'' if len(paths) == 1 else 's'}"
        progress.done(f"{result['did']} is available here ({count}, {result['mode']} mode)")
        if result["type"] == "file":
            return paths[0]
        return list(paths)

    def _notebook(self) -> str:
        """The notebook of this kernel, as the Jupyter server names it (`__session__`)."""
        import os

        name = self.shell.user_ns.get("__session__") or os.environ.get("JPY_SESSION_NAME")
        if not name or not str(name).endswith(".ipynb"):
            raise RucioMagicError("name the notebook: %rucio bind NOTEBOOK.ipynb")
        return str(name)

    def _cmd_scopes(self, args) -> list[str]:
        service, instance = self._target(args)
        return list(service.scopes(instance))

    def _cmd_whoami(self, args) -> dict:
        service, instance = self._target(args)
        who = service.whoami(instance)
        return {key: who.get(key) for key in WHOAMI_FIELDS}

    def _cmd_instances(self, args) -> InstanceList:
        service = self._get_service()
        current = self._current(service, getattr(args, "instance", None), check=False)
        for problem in service.registry.problems:
            self._say(f"an instance is not usable: {problem}")
        described = service.describe()["instances"]
        return InstanceList({**i, "in_use": i["name"] == current} for i in described)

    def _cmd_use(self, args) -> None:
        instance = self._get_service().registry.get(args.name)  # a clear NotFound if unknown
        self._instance = instance.name
        self._say(f"this kernel now uses {instance.title} ({instance.name})")

    def _cmd_help(self, args) -> None:
        print(self._help())

    def _help(self) -> str:
        import inspect

        return inspect.cleandoc(type(self).rucio.__doc__ or "")

    # --- helpers ---------------------------------------------------------------------------

    def _target(self, args):
        """The service and the instance a subcommand works on."""
        service = self._get_service()
        return service, self._current(service, getattr(args, "instance", None))

    def _get_service(self):
        if self._service is None:
            factory = self._service_factory
            if factory is None:
                from .config import load_service as factory
            try:
                service, problems = factory()
            except Exception as e:
                _log.debug("loading the vre-lab configuration failed", exc_info=True)
                raise RucioMagicError(
                    f"cannot read the vre-lab configuration: {type(e).__name__}: {e}"
                ) from e
            for path in problems:
                self._say(f"skipped {path}: it could not be loaded")
            self._service = service
        return self._service

    def _current(self, service, requested: str | None, check: bool = True) -> str | None:
        name = requested or self._instance or service.registry.default
        if name is None:
            if not check:
                return None
            problems = service.registry.problems
            hint = (
                f" ({problems[0]})"
                if problems
                else "; configure one (rucio.cfg via RUCIO_CONFIG, VRE_LAB_RUCIO_INSTANCES or "
                "c.VRELab.rucio_instances)"
            )
            raise RucioMagicError(f"no Rucio instance is configured{hint}")
        if check:
            service.registry.get(name)  # a clear NotFound for an unknown name
        return name

    @staticmethod
    def _say(text: str) -> None:
        from ..core.secrets import redact

        print(f"rucio: {redact(text)}")

    @staticmethod
    def _fail(text: str) -> None:
        from ..core.secrets import redact

        print(f"rucio: {redact(' '.join(text.split()))}", file=sys.stderr)
        return None


class _Progress:
    """Shows how far `get` is, as one line of text updated in place (a new line in a terminal)."""

    def __init__(self, did: str):
        self.did = did
        self.handle = None
        self.last: str | None = None

    def __call__(self, fraction: float | None, message: str | None) -> None:
        if message is None:
            return  # a tick while waiting: nothing new to say
        text = f"{self.did}: {message}"
        if fraction is not None:
            text += f" ({fraction:.0%})"
        self._show(text)

    def done(self, text: str) -> None:
        self._show(text)

    def _show(self, text: str) -> None:
        from IPython.display import display

        from ..core.secrets import redact

        text = f"rucio: {redact(text)}"
        if text == self.last:
            return
        self.last = text
        if self.handle is None:
            self.handle = display({"text/plain": text}, raw=True, display_id=True)
        else:
            self.handle.update({"text/plain": text}, raw=True)
