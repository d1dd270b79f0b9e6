"""Mutation testing of the modules where a silent failure hurts most (`make mutate`).

Each module is mutated in place by cosmic-ray, one mutant at a time, and a fast
subset of the tests that guard it is run against every mutant (no spaCy model is
loaded: the subsets build their stores from hand-written records). A mutant that
no test notices "survives"; every survivor must either be killed by a new test or
be listed, with the reason it is harmless, in tests/mutation-survivors.md.

Usage (from the repository root; the tree must be committed or at least the
mutated files unmodified, since cosmic-ray writes into them and restores them):

    .venv/bin/python tests/mutation/run.py [MODULE ...] [--out DIR]

It prints one line per module (mutants run, killed, survived, kill rate) and
writes DIR/MODULE-survivors.txt with the diff of every survivor.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

#: module name -> (path mutated, the tests run against each mutant). Subsets are
#: chosen to guard the module without loading the spaCy model.
MODULES: dict[str, tuple[str, list[str]]] = {
    "mapping": ("kg/mapping.py", ["tests/test_mapping.py", "tests/test_shapes.py"]),
    "iri": ("kg/iri.py", ["tests/test_iri.py", "tests/test_mapping.py"]),
    "export": ("kg/export.py", ["tests/test_export.py"]),
    "store": (
        "kg/store.py",
        [
            "tests/test_store_results.py",
            "tests/test_mapping.py",
            "tests/test_server.py",
            "tests/test_protocol_w3c.py",
        ],
    ),
    "server": ("server", ["tests/test_server.py", "tests/test_protocol_w3c.py"]),
}

#: cosmic-ray replaces each binary operator by every other one and each comparison
#: by every other one. Most of those are redundant (x | y -> x >> y tells nothing that
#: x | y -> x & y does not) or cannot even run (a str ** str). We keep one meaningful
#: alternative per operator, as mutmut does, so the run fits in minutes.
KEPT_BINARY = {
    "Add_Sub",
    "Sub_Add",
    "Mul_Div",
    "Div_Mul",
    "FloorDiv_Div",
    "Mod_FloorDiv",
    "BitOr_BitAnd",
    "BitAnd_BitOr",
}
KEPT_COMPARISON = {
    "Eq_NotEq",
    "NotEq_Eq",
    "Lt_LtE",
    "LtE_Lt",
    "Gt_GtE",
    "GtE_Gt",
    "Is_IsNot",
    "IsNot_Is",
    "In_NotIn",
    "NotIn_In",
}


def kept_operator(name: str) -> bool:
    """Whether a cosmic-ray operator (``core/...``) is one we run."""
    op = name.rsplit("/", 1)[-1]
    for family, kept in (
        ("ReplaceBinaryOperator_", KEPT_BINARY),
        ("ReplaceComparisonOperator_", KEPT_COMPARISON),
    ):
        if op.startswith(family):
            return op[len(family) :] in kept
    # the unary replacements other than deleting a "not" or a minus make code that
    # cannot run (~"text"); the rest (numbers, booleans, and/or, break/continue,
    # exceptions, decorators, empty loops, "not" added) are all kept
    if op.startswith("ReplaceUnaryOperator_"):
        return op in ("ReplaceUnaryOperator_Delete_Not", "ReplaceUnaryOperator_Delete_USub")
    return True


def annotation_spans(path: Path) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """The (start, end) positions of every type annotation in a module.

    With ``from __future__ import annotations`` annotations are never evaluated,
    so mutating ``str | None`` into ``str & None`` is an equivalent mutant.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg | ast.AnnAssign) and node.annotation is not None:
            nodes.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns:
            nodes.append(node.returns)
    return [
        ((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or 0)) for n in nodes
    ]


def skip_unwanted(session: Path) -> int:
    """Mark as skipped the operators we do not run and mutants inside annotations."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans: dict[Path, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    skipped = 0
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item in db.pending_work_items:
            (mutation,) = item.mutations
            path = ROOT / mutation.module_path
            if path not in spans:
                spans[path] = annotation_spans(path)
            start, end = tuple(mutation.start_pos), tuple(mutation.end_pos)
            why = None
            if not kept_operator(mutation.operator_name):
                why = "operator not run (see tests/mutation/run.py)"
            elif any(a <= start and end <= b for a, b in spans[path]):
                why = "inside a type annotation, never evaluated"
            if why:
                db.set_result(
                    item.job_id, WorkResult(output=why, worker_outcome=WorkerOutcome.SKIPPED)
                )
                skipped += 1
    return skipped


def config(module: str, tests: list[str], timeout: float) -> str:
    command = [str(BIN / "python"), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    return (
        "[cosmic-ray]\n"
        f'module-path = "{module}"\n'
        f"timeout = {timeout}\n"
        "excluded-modules = []\n"
        f"test-command = {' '.join(command)!r}\n"
        "[cosmic-ray.distributor]\n"
        'name = "local"\n'
    ).replace("'", '"')


def summarize(session: Path, report: Path) -> tuple[int, int, list[str]]:
    """Return (mutants run, killed, survivor diffs) and write the survivors' diffs."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    run = killed = 0
    survivors: list[str] = []
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            run += 1
            if result.test_outcome == TestOutcome.SURVIVED:
                (m,) = item.mutations
                survivors.append(
                    f"## {m.module_path}:{m.start_pos[0]} {m.operator_name.rsplit('/', 1)[-1]}"
                    f" #{m.occurrence}\n{result.diff or ''}\n"
                )
            else:
                killed += 1
    survivors.sort()
    report.write_text("".join(survivors), encoding="utf-8")
    return run, killed, survivors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("modules", nargs="*", help=f"any of {', '.join(MODULES)} (default: all)")
    parser.add_argument("--out", type=Path, default=Path("build/mutation"))
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)
    out: Path = args.out if args.out.is_absolute() else ROOT / args.out
    out.mkdir(parents=True, exist_ok=True)
    cr = str(BIN / "cosmic-ray")
    rows = []
    unknown = set(args.modules) - set(MODULES)
    if unknown:
        parser.error(
            f"unknown module(s) {', '.join(sorted(unknown))}; choose from {', '.join(MODULES)}"
        )
    for name in args.modules or list(MODULES):
        module, tests = MODULES[name]
        missing = [t for t in tests if not (ROOT / t).is_file()]
        if missing:
            print(f"{name}: {', '.join(missing)} missing, run without", file=sys.stderr)
            tests = [t for t in tests if t not in missing]
        dirty = subprocess.run(["git", "diff", "--quiet", "--", module], cwd=ROOT).returncode
        if dirty:
            print(f"{module} has uncommitted changes: commit them first", file=sys.stderr)
            return 2
        cfg, session = out / f"{name}.toml", out / f"{name}.sqlite"
        cfg.write_text(config(module, tests, args.timeout), encoding="utf-8")
        session.unlink(missing_ok=True)
        subprocess.run([cr, "init", str(cfg), str(session)], cwd=ROOT, check=True)
        skip_unwanted(session)
        # the unmutated code must pass its subset, or every mutant would look killed
        subprocess.run([cr, "baseline", str(cfg)], cwd=ROOT, check=True)
        subprocess.run([cr, "exec", str(cfg), str(session)], cwd=ROOT, check=True)
        if subprocess.run(["git", "diff", "--quiet", "--", module], cwd=ROOT).returncode:
            print(f"{module} was left mutated: restore it with git checkout", file=sys.stderr)
            return 1
        run, killed, survivors = summarize(session, out / f"{name}-survivors.txt")
        rows.append((name, module, run, killed, len(survivors)))
        print(f"{name}: {killed}/{run} killed", flush=True)
    print(f"\n{'module':8} {'path':14} {'run':>5} {'killed':>6} {'survived':>8} {'rate':>6}")
    for name, module, run, killed, survived in rows:
        rate = f"{killed / run:.1%}" if run else "-"
        print(f"{name:8} {module:14} {run:5} {killed:6} {survived:8} {rate:>6}")
    print(f"\nsurvivors' diffs: {out}/<module>-survivors.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
