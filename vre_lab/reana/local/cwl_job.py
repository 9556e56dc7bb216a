"""The job of a local CWL run: the workflow packed and run by one cwltool, in one process of the
workflow engines' python (cwltool is only there), as REANA's CWL engine calls cwltool's main in
its own process. Run in the run's workspace:

    python -I cwl_job.py FOLDER WORKFLOW [--docker-as-hint] -- CWLTOOL_ARGUMENT...

1. WORKFLOW (the workflow file, relative to FOLDER, the reana.yaml's folder) is packed there as
   `cwltool --pack` packs it
   (a fresh LoadingContext, every file it names inlined), as reana-client packs it before
   sending it; with --docker-as-hint (no container runtime here) every DockerRequirement is moved
   to the hints, where `--no-container` lets it run on this host;
2. the result is written to `workflow.json` in the workspace (what REANA's engine writes, and
   what the panel counts the steps of);
3. cwltool's main runs CWLTOOL_ARGUMENT... (`... workflow.json#main inputs.json`) in the same
   process: cwltool is imported and the CWL schema loaded once, not once per process.

Exit status: cwltool's; 1 when the workflow cannot be packed, after a last line
`cwltool cannot pack WORKFLOW: WHY` on stderr (nothing is run). The server imports only
`docker_as_hint` and `PACK_FAILED`.
"""

import json
import logging
import os
import sys

PACK_FAILED = "cwltool cannot pack"
PACKED = "workflow.json"


def docker_as_hint(document):
    """The packed document with each process's DockerRequirement moved from its requirements to
    its hints (in place; returned)."""
    if isinstance(document, list):
        for item in document:
            docker_as_hint(item)
    elif isinstance(document, dict):
        requirements = document.get("requirements")
        if isinstance(requirements, list):
            docker = [r for r in requirements
                      if isinstance(r, dict) and r.get("class") == "DockerRequirement"]  # fmt: skip
            if docker:
                document["requirements"] = [r for r in requirements if r not in docker]
                document["hints"] = [*(document.get("hints") or []), *docker]
        for value in document.values():
            docker_as_hint(value)
    return document


def pack(workflow: str) -> str:
    """What `cwltool --pack --quiet WORKFLOW` prints (without its newline)."""
    from cwltool.context import RuntimeContext
    from cwltool.load_tool import fetch_document, resolve_and_validate_document, resolve_tool_uri
    from cwltool.loghandler import defaultStreamHandler
    from cwltool.main import arg_parser, print_pack, setup_loadingContext, setup_schema

    args = arg_parser().parse_args(["--pack", "--quiet", workflow])
    level = defaultStreamHandler.level
    defaultStreamHandler.setLevel(logging.WARNING)  # --quiet
    try:
        setup_schema(args, None)
        loading = setup_loadingContext(None, RuntimeContext(vars(args)), args)
        uri, _ = resolve_tool_uri(
            args.workflow,
            resolver=loading.resolver,
            fetcher_constructor=loading.fetcher_constructor,
        )
        loading, document, uri = fetch_document(uri, loading)
        loading, uri = resolve_and_validate_document(loading, document, uri, preprocess_only=True)
        return print_pack(loading, uri)
    finally:
        defaultStreamHandler.setLevel(level)


def write_packed(text: str, docker_hint: bool) -> None:
    if docker_hint:
        text = json.dumps(docker_as_hint(json.loads(text)), indent=2)
    partial = f".{PACKED}.partial"
    with open(partial, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    # whoever reads it (the panel's progress) sees all of it; core.atomic is not importable here
    os.replace(partial, PACKED)


def main(argv: list[str]) -> int:
    split = argv.index("--") if "--" in argv else -1
    if split not in (2, 3) or argv[2:split] not in ([], ["--docker-as-hint"]):
        print(__doc__, file=sys.stderr)
        return 2
    folder, workflow, cwltool_arguments = argv[0], argv[1], argv[split + 1 :]
    try:
        text = pack(os.path.join(folder, workflow))
    except Exception as e:  # schema-salad's and cwltool's errors: say them, fail the run
        said = str(e).strip() or type(e).__name__
        print(said, file=sys.stderr)
        lines = [line.strip() for line in said.splitlines() if line.strip()]
        print(f"{PACK_FAILED} {workflow}: {' '.join(lines[-5:])}", file=sys.stderr)
        return 1
    write_packed(text, split == 3)

    import cwltool.main

    sys.argv = ["cwltool", *cwltool_arguments]  # how cwltool names itself in its log
    # the schema setup_schema loaded for the pack is kept (cwltool's main would drop it)
    return cwltool.main.main(cwltool_arguments, custom_schema_callback=lambda: None)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
