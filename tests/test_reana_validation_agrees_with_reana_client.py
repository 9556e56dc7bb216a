"""The validator agrees with the real `reana-client validate` on the corpus (tests/reana_corpus/,
`valid_*` or `invalid_*`, a folder when a case needs workflow or input files): the same files pass
and fail, our warnings cover reana-client's (but those NOT_WARNED_ON_PURPOSE), and
`load_specification` gives what `reana-client create` would send. reana-client is installed in
its own venv (`$VRE_LAB_REANA_CLIENT_VENV`, else `<repo>/.venv-reana-client`, built on first use).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.reana_double.client_venv import ensure_client_venv
from tests.reana_validation_support import (
    CORPUS,
    RECORDED,
    case_name,
    corpus_files,
    issues_of,
)
from vre_lab.reana.reana_specification import load_specification
from vre_lab.reana.validation import Validation, validate_file

REPO = Path(__file__).resolve().parent.parent


DRIVERS = 2  # reana-client processes at once


def test_corpus_names_say_whether_each_file_is_valid():
    files = corpus_files()
    assert len(files) >= 25
    wrong = [
        case_name(path)
        for path in files
        if validate_file(path).reana_valid != case_name(path).startswith("valid_")
    ]
    assert wrong == []


def ensure_reana_client_venv() -> Path:
    """The venv with reana-client (and cwltool, snakemake, yadage), built once under a lock."""
    return ensure_client_venv().parent.parent


def reana_client_env(venv: Path) -> dict:
    """Offline: no REANA server or token; the venv's cwltool and snakemake on PATH."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REANA_")}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONWARNINGS"] = "ignore"
    return env


# Runs `reana-client validate -f FILE` through reana-client's own command (the function its
# console script calls) for many files in one process, each from the file's folder as a user
# would: a process per file costs a second of imports and made the test minutes long on two CPUs.
# `test_in_process_runs_answer_as_the_reana_client_command` checks that both give the same.
# For valid files it also records what `reana-client create` would POST (load_validate_reana_spec).
DRIVER = r"""
import contextlib, io, json, os, sys
from reana_client.cli import cli
from reana_client.utils import load_validate_reana_spec

out_path, *files = sys.argv[1:]
results = {}
for path in files:
    os.chdir(os.path.dirname(path))
    name = os.path.basename(path)
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
        try:
            cli.main(["validate", "-f", name], prog_name="reana-client")
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        except Exception as error:
            print(repr(error))
            code = 1
    result = {"exit_code": code, "output": buffer.getvalue()}
    if code == 0:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            try:
                spec = load_validate_reana_spec(name, skip_validate_environments=True)
                result["specification"] = json.loads(json.dumps(spec, sort_keys=True))
            except Exception as error:
                result["specification_error"] = repr(error)
    results[path] = result
with open(out_path, "w") as handle:
    json.dump(results, handle)
"""


@pytest.fixture(scope="module")
def reana_client_results(tmp_path_factory):
    """{case name: {exit_code, output, specification?}} from reana-client for every corpus file."""
    venv = ensure_reana_client_venv()
    work = tmp_path_factory.mktemp("reana-client")
    copy = work / "corpus"
    shutil.copytree(CORPUS, copy)  # reana-client and snakemake leave files behind
    driver = work / "driver.py"
    driver.write_text(DRIVER)
    files = [copy / path.relative_to(CORPUS) for path in corpus_files()]
    # cwl files are the slow ones (cwltool runs twice): deal them out first
    files.sort(key=lambda path: "cwl" not in path.parent.name)
    chunks = [files[index::DRIVERS] for index in range(DRIVERS)]

    def run(index: int) -> dict:
        out = work / f"results-{index}.json"
        done = subprocess.run(
            [str(venv / "bin" / "python"), str(driver), str(out), *map(str, chunks[index])],
            env=reana_client_env(venv),
            capture_output=True,
            text=True,
            timeout=900,
        )
        assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
        return json.loads(out.read_text())

    with ThreadPoolExecutor(DRIVERS) as pool:
        merged = {k: v for part in pool.map(run, range(DRIVERS)) for k, v in part.items()}
    results = {}
    for path, result in merged.items():
        result["output"] = result["output"].replace(f"{Path(path).parent}/", "")
        results[case_name(Path(path))] = result
    results["_copy"] = copy
    results["_venv"] = venv
    return results


def test_agrees_with_reana_client_validate_on_every_corpus_file(reana_client_results):
    disagreements = []
    for path in corpus_files():
        theirs = reana_client_results[case_name(path)]
        ours = validate_file(path)
        # reana-client's validate does not look at input files: `reana_valid` leaves those out
        if ours.reana_valid != (theirs["exit_code"] == 0):
            errors = [i.message for i in ours.issues if i.severity == "error"]
            disagreements.append(
                f"{case_name(path)}: reana-client exit {theirs['exit_code']}, ours valid="
                f"{ours.valid} {errors}\n{theirs['output'][-600:]}"
            )
    total = len(corpus_files())
    print(f"\nagreement with reana-client validate: {total - len(disagreements)} of {total}")
    assert disagreements == [], f"{len(disagreements)} of {total}:\n" + "\n".join(disagreements)


def test_in_process_runs_answer_as_the_reana_client_command(reana_client_results):
    venv, copy = reana_client_results["_venv"], reana_client_results["_copy"]
    cases = ["valid_warns_unknown_keys", "invalid_yaml_unclosed_bracket", "valid_cwl_tool"]

    def command(case: str) -> tuple[int, str]:
        path = copy / f"{case}.yaml"
        path = path if path.exists() else copy / case / "reana.yaml"
        done = subprocess.run(
            [str(venv / "bin" / "reana-client"), "validate", "-f", path.name],
            cwd=path.parent,
            env=reana_client_env(venv),
            capture_output=True,
            text=True,
            timeout=300,
        )
        return done.returncode, warning_lines(done.stdout + done.stderr)

    with ThreadPoolExecutor(len(cases)) as pool:
        answers = dict(zip(cases, pool.map(command, cases), strict=True))
    for case in cases:
        theirs = reana_client_results[case]
        assert answers[case] == (theirs["exit_code"], warning_lines(theirs["output"])), case


def warning_lines(output: str) -> list[str]:
    return [line.strip() for line in output.splitlines() if "WARNING:" in line]


def reana_client_warning_kinds(output: str) -> set[tuple[str, str]]:
    """What reana-client warned about, as (kind, subject)."""
    kinds = set()
    for line in warning_lines(output):
        text = line.split("WARNING:", 1)[1].strip()
        if text.startswith("Unexpected properties found"):
            for name, at in re.findall(r"'([^']*)'(?: \(at ([^)]*)\))?", text):
                kinds.add(("unknown-key", f"{at}.{name}" if at else name))
        elif found := re.search(r'parameter "([^"]*)".* does not seem to be used', text):
            kinds.add(("unused-parameter", found.group(1)))
        elif found := re.search(r'parameter "([^"]*)".* is not defined', text):
            kinds.add(("undefined-parameter", found.group(1)))
        elif found := re.search(r'Operation "([^"]*)".* might be dangerous', text):
            kinds.add(("dangerous-operation", found.group(1)))
        elif 'Workflow "inputs" are missing' in text:
            kinds.add(("no-inputs", ""))
    return kinds


def our_warning_kinds(validation: Validation) -> set[tuple[str, str]]:
    kinds = set()
    for issue in issues_of(validation, "warning"):
        message = issue.message
        named = re.search(r"`\$?\{?([^`}]*)\}?`", message)
        if message.startswith("Unknown key"):
            kinds.add(("unknown-key", issue.key))
        elif "is not used" in message or "never uses" in message:
            kinds.add(("unused-parameter", named.group(1)))
        elif "not defined" in message or "do not define" in message:
            kinds.add(("undefined-parameter", re.search(r"uses `\$?\{([^}]*)\}`", message)[1]))
        elif "flags as dangerous" in message:
            kinds.add(("dangerous-operation", "sudo" if "`sudo`" in message else "cd /"))
        elif "no `inputs` section" in message:
            kinds.add(("no-inputs", ""))
    return kinds


@pytest.mark.parametrize("recorded", sorted(RECORDED.glob("*.txt")), ids=lambda p: p.stem)
def test_our_warnings_cover_those_reana_client_printed(recorded):
    """Recorded `reana-client validate` output (reana_client_output/): each warning has ours."""
    theirs = reana_client_warning_kinds(recorded.read_text())
    assert theirs, "the recording holds warnings"
    ours = our_warning_kinds(validate_file(CORPUS / f"{recorded.stem}.yaml"))
    assert theirs - ours == set()


def test_recorded_outputs_are_what_reana_client_prints_now(reana_client_results):
    for recorded in sorted(RECORDED.glob("*.txt")):
        live = reana_client_results[recorded.stem]["output"]
        assert warning_lines(live) == warning_lines(recorded.read_text()), recorded.stem


# Warnings of reana-client that are wrong for what REANA's engines run, so we do not give them:
# - `$$` is a literal `$` for REANA's serial engine (string.Template) and the local one, so
#   `$${HOSTNAME}` uses no parameter; reana-client's regex still finds `${HOSTNAME}` in it;
# - the keys of a yadage `interpolated-pub` publisher are the names the stage publishes, and
#   `{workdir}` in their values is filled in by packtivity; reana-client takes all of them for
#   parameters the stage uses.
NOT_WARNED_ON_PURPOSE = {
    "valid_serial_escaped_dollar": {("undefined-parameter", "HOSTNAME")},
    "valid_yadage_publishes_a_name_it_does_not_take": {
        ("undefined-parameter", "histogram"),
        ("undefined-parameter", "log"),
        ("undefined-parameter", "workdir"),
    },
    "valid_demo_bsm_search_yadage": {("undefined-parameter", "workspace")},
}


def test_our_warnings_cover_reana_client_warnings_on_every_passing_file(reana_client_results):
    missing = {}
    for path in corpus_files():
        theirs = reana_client_results[case_name(path)]
        if theirs["exit_code"] == 0:
            gap = reana_client_warning_kinds(theirs["output"]) - our_warning_kinds(
                validate_file(path)
            )
            gap -= NOT_WARNED_ON_PURPOSE.get(case_name(path), set())
            if gap:
                missing[case_name(path)] = gap
    assert missing == {}


def test_reana_client_still_gives_the_warnings_we_do_not_give_on_purpose(reana_client_results):
    for case, kinds in NOT_WARNED_ON_PURPOSE.items():
        assert reana_client_results[case]["exit_code"] == 0, case
        assert kinds <= reana_client_warning_kinds(reana_client_results[case]["output"]), case
        path = CORPUS / f"{case}.yaml"
        ours = our_warning_kinds(
            validate_file(path if path.exists() else CORPUS / case / "reana.yaml")
        )
        assert kinds & ours == set(), case


def test_load_specification_is_what_reana_client_create_would_send(reana_client_results, engines):
    """Snakemake's job graph is compared on the REANA double (test_reana_specification_sent.py):
    reana-client 0.9.6 lists its steps in an order that changes from one run to the next."""
    compared = []
    for path in corpus_files():
        theirs = reana_client_results[case_name(path)]
        if theirs["exit_code"] != 0 or validate_file(path).workflow_type == "snakemake":
            continue
        assert "specification" in theirs, theirs.get("specification_error")
        assert load_specification(path, engines) == theirs["specification"], case_name(path)
        compared.append(case_name(path))
    assert {"valid_cwl_tool", "valid_yadage", "valid_serial_minimal"} <= set(compared)
