"""Run the real reana-client CLI against a REANA URL with a token.

``ReanaClientCli(executable)("ls", "-w", "a", url=..., token=..., cwd=...)`` returns a
``subprocess.CompletedProcess``; with ``check=True`` (the default) a non-zero exit, or ``ERROR``,
``Error`` or ``Traceback`` in stderr, raises AssertionError with the output. ``.bind(double)``
presets url and token; ``.many((...), (...))`` runs independent commands at once.

Each command is a process of its own. By default they are forked from a process that imported
``reana_client.cli`` already (cli_forkserver.py; the imports cost more CPU than the commands);
``VRE_LAB_REANA_CLIENT_FORK=0`` runs ``bin/reana-client`` itself for every command instead.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import subprocess
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

CLI_ERROR = re.compile(r"ERROR|Error|Traceback")
FORK_ENV = "VRE_LAB_REANA_CLIENT_FORK"
FORK_SERVER = Path(__file__).with_name("cli_forkserver.py")


def cli_environment(url: str, token: str, extra: dict | None = None) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("REANA_")}
    environment["REANA_SERVER_URL"] = url
    environment["REANA_ACCESS_TOKEN"] = token
    environment.update(extra or {})
    return environment


class ForkServer:
    def __init__(self, python: Path, environment: dict):
        self.lock = threading.Lock()
        self.process = subprocess.Popen(
            [str(python), str(FORK_SERVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment,
            text=True,
        )
        ready = self._read(timeout=300)
        if ready != {"ready": True}:
            raise RuntimeError(f"the reana-client fork server did not start: {ready}")

    def _read(self, timeout: float):
        timer = threading.Timer(timeout, self.process.kill)
        timer.start()
        try:
            line = self.process.stdout.readline()
        finally:
            timer.cancel()
        if not line:
            raise RuntimeError("the reana-client fork server ended (or timed out)")
        return json.loads(line)

    def run(self, commands: list[dict], timeout: float) -> list[dict]:
        with self.lock:
            self.process.stdin.write(json.dumps({"commands": commands, "timeout": timeout}) + "\n")
            self.process.stdin.flush()
            answer = self._read(timeout + 30)
        if "error" in answer:
            raise RuntimeError(f"reana-client fork server: {answer['error']}")
        return answer["results"]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class ReanaClientCli:
    """The real reana-client, run against ``url`` with ``token``."""

    _servers: dict[tuple, ForkServer] = {}
    _servers_lock = threading.Lock()

    def __init__(self, executable: Path, url: str | None = None, token: str | None = None):
        self.executable = Path(executable)
        self.url = url
        self.token = token
        self.fork = os.environ.get(FORK_ENV, "1") != "0"

    def bind(self, double) -> ReanaClientCli:
        return ReanaClientCli(self.executable, double.url, double.token)

    def __call__(self, *args: str, **options) -> subprocess.CompletedProcess:
        return self.many(args, **options)[0]

    def many(
        self,
        *commands,
        url: str | None = None,
        token: str | None = None,
        cwd: str | Path | None = None,
        check: bool = True,
        timeout: float = 120,
        env: dict | None = None,
    ) -> list[subprocess.CompletedProcess]:
        environment = cli_environment(url or self.url or "", token or self.token or "", env)
        cwd = str(cwd or os.getcwd())
        if self.fork:
            server = self._server(environment)
            answers = server.run(
                [{"args": list(c), "cwd": cwd, "env": environment} for c in commands], timeout
            )
            results = [
                subprocess.CompletedProcess(
                    ["reana-client", *c], a["returncode"], a["stdout"], a["stderr"]
                )
                for c, a in zip(commands, answers, strict=True)
            ]
        else:
            with ThreadPoolExecutor(max_workers=max(1, len(commands))) as pool:
                results = list(
                    pool.map(lambda c: self._spawn(c, cwd, environment, timeout), commands)
                )
        if check:
            for result in results:
                if result.returncode != 0 or CLI_ERROR.search(result.stderr):
                    raise AssertionError(
                        f"{' '.join(result.args)} exited {result.returncode}\n"
                        f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
                    )
        return results

    def _spawn(self, command, cwd: str, environment: dict, timeout: float):
        completed = subprocess.run(
            [str(self.executable), *command],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        completed.args = ["reana-client", *command]
        return completed

    def _server(self, environment: dict) -> ForkServer:
        # The CLI reads its environment at import time too: a server runs only commands with
        # the very environment it was started (and imported the CLI) with.
        key = (str(self.executable), tuple(sorted(environment.items())))
        with self._servers_lock:
            server = self._servers.get(key)
            if server is None or server.process.poll() is not None:
                python = self.executable.parent / "python"
                server = ForkServer(python, environment)
                self._servers[key] = server
            return server

    @classmethod
    def close_servers(cls) -> None:
        with cls._servers_lock:
            for server in cls._servers.values():
                server.close()
            cls._servers.clear()


atexit.register(ReanaClientCli.close_servers)
