"""Score NewsKG's date finder and normalizer on TempEval-3 (TimeBank + AQUAINT).

Reads the TempEval-3 ``.tsv`` (one row per TIMEX3: file, start, end, text, type,
value, tid, temporal_function, anchor_time_id, dct) and the article ``.txt``
files beside it, runs NewsKG's own analysis on each article exactly as
``newskg extract`` does before parsing (:func:`kg.read.read` then
:func:`kg.pipeline.prepare`, which infers a missing publication date and finds
and normalizes every date expression, here with TimeML reference values such as
``PRESENT_REF`` included), and aligns the found expressions to the gold rows by
character offsets.

A gold row is *found* when an expression overlaps it; its value is *right* when
the overlapping expression's value equals the gold value (gold week numbers are
read zero-padded, ``2000-W7`` as ``2000-W07``: the same week). Only ``DATE`` rows
are scored for value. A row is *relative* when its gold value depends on an
anchor (TimeML ``temporalFunction="true"``: "Friday", "last year", "now",
"the third quarter"); the others are *absolute* ("March 3, 1998", "1990").
"Relative, resolvable" leaves out the relative rows whose gold value no
normalizer can give as a date: underspecified (``1989-WXX``) or a duration
(``P1W``). (With the TimeML references NewsKG gives ``1989-WXX`` itself for a
week the expression does not fix, "for the week"; those rows count in the
other lines.)

Usage:
    python eval/timex.py [TSV] [--limit N] [--part all|tune|heldout]
                         [--json REPORT] [--errors FILE]

``--part`` picks the fixed held-out quarter of the files (``eval/split.py``)
or the other three quarters; never read the held-out part's errors.

TSV defaults to ``../shared/dev-data/tempeval3_train.tsv``; the articles are
read from the folder of the same name without ``.tsv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSKG_SHARED", ROOT.parent / "shared"))
DEFAULT_TSV = SHARED / "dev-data" / "tempeval3_train.tsv"

sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval"))

import split  # noqa: E402

from kg import pipeline, read  # noqa: E402
from kg.article import Article  # noqa: E402
from kg.errors import KGError  # noqa: E402
from kg.records import TimeExpr  # noqa: E402


@dataclass(frozen=True)
class GoldRow:
    """One TIMEX3 of the gold file."""

    file: str
    start: int
    end: int
    text: str
    type: str
    value: str
    relative: bool


def load_gold(tsv: Path) -> dict[str, list[GoldRow]]:
    """Return the gold rows of ``tsv`` by file name, in file order."""
    rows: dict[str, list[GoldRow]] = defaultdict(list)
    with tsv.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows[r["file"]].append(
                GoldRow(
                    r["file"],
                    int(r["start"]),
                    int(r["end"]),
                    r["text"],
                    r["type"],
                    canonical(r["value"]),
                    r["temporal_function"] == "true",
                )
            )
    return dict(rows)


def canonical(value: str) -> str:
    """Write a gold value in its one ISO 8601 form: week numbers have two digits.

    A few TimeBank values write the week unpadded (``2000-W7``); ISO 8601 and every
    value NewsKG gives write ``2000-W07``. The two name the same week.

    >>> canonical("2000-W7"), canonical("2000-W7-WE"), canonical("1998-W08")
    ('2000-W07', '2000-W07-WE', '1998-W08')
    """
    return re.sub(r"^(\d{4}-W)(\d)(?!\d)", r"\g<1>0\g<2>", value)


def resolvable(value: str) -> bool:
    """Tell whether a gold value is one a normalizer can give: a full calendar value or a TimeML reference.

    Underspecified values (``1989-WXX``, ``1998-10-XX``, ``199X``) and durations
    (``P1W``) are not: no reading of the text yields them as dates.
    """
    return "X" not in value and not re.match(r"P[\dT]", value)


def analyse(path: Path) -> tuple[Article, list[TimeExpr]]:
    """Read one article and return it with its date expressions, as the pipeline finds them."""
    items = list(read.read([str(path)]))
    if len(items) != 1 or isinstance(items[0], KGError):
        raise SystemExit(f"{path}: could not be read ({items[0] if items else 'no article'})")
    article = items[0]
    assert isinstance(article, Article)
    return article, pipeline.prepare(article, references=True)


def score(gold: dict[str, list[GoldRow]], folder: Path, errors: list[str]) -> dict:
    """Align found expressions with the gold rows and count, by kind of row."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for file, rows in gold.items():
        _, times = analyse(folder / file)
        for row in rows:
            hits = [t for t in times if t.start < row.end and row.start < t.end]
            exact = [t for t in hits if (t.start, t.end) == (row.start, row.end)]
            best = (exact or hits or [None])[0]
            groups = ["all", row.type]
            if row.type == "DATE":
                groups.append("DATE relative" if row.relative else "DATE absolute")
                if row.relative and resolvable(row.value):
                    groups.append("DATE relative, resolvable")
            for g in groups:
                c = counts[g]
                c["rows"] += 1
                c["found"] += best is not None
                c["exact_span"] += bool(exact)
                c["value_right"] += best is not None and best.value == row.value
            if row.type == "DATE" and (best is None or best.value != row.value):
                kind = "relative" if row.relative else "absolute"
                got = f"{best.text!r}={best.value}" if best else "-"
                errors.append(f"{kind}\t{file}\t{row.start}\t{row.text!r}\t{row.value}\t{got}")
    report = {}
    for g, c in sorted(counts.items()):
        n = c["rows"]
        report[g] = {
            **c,
            "coverage": round(c["found"] / n, 3) if n else 0.0,
            "value_accuracy": round(c["value_right"] / n, 3) if n else 0.0,
            # of the rows found, how many got the gold value (TempEval-3 scores values on
            # matched expressions only); value_accuracy above counts every row
            "value_of_found": round(c["value_right"] / c["found"], 3) if c["found"] else 0.0,
        }
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("tsv", nargs="?", type=Path, default=DEFAULT_TSV)
    ap.add_argument("--limit", type=int, help="score only the first N files")
    ap.add_argument("--part", choices=split.PARTS, default="all", help="see eval/split.py")
    ap.add_argument("--json", type=Path, help="write the report as JSON here")
    ap.add_argument("--errors", type=Path, help="write every wrong DATE row here (TSV)")
    args = ap.parse_args(argv)
    if not args.tsv.exists():
        ap.error(f"{args.tsv} not found; give the TempEval-3 .tsv (see ../shared/dev-data)")
    folder = args.tsv.with_suffix("")
    gold = load_gold(args.tsv)
    keep = set(split.part(list(gold), args.part))
    gold = {f: rows for f, rows in gold.items() if f in keep}
    if args.part == "heldout" and args.errors:
        ap.error("--errors with --part heldout: the held-out quarter's errors are not to be read")
    if args.limit:
        gold = dict(list(gold.items())[: args.limit])
    errors: list[str] = []
    report = score(gold, folder, errors)
    print(f"{len(gold)} files from {folder}")
    print(f"{'rows':<28}{'n':>6}{'coverage':>10}{'value acc':>11}{'of found':>10}")
    for g in (
        "all",
        "DATE",
        "DATE relative",
        "DATE relative, resolvable",
        "DATE absolute",
        "TIME",
        "DURATION",
        "SET",
    ):
        if g in report:
            r = report[g]
            print(
                f"{g:<28}{r['rows']:>6}{r['coverage']:>10.3f}{r['value_accuracy']:>11.3f}"
                f"{r['value_of_found']:>10.3f}"
            )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    if args.errors:
        args.errors.write_text(
            "kind\tfile\tstart\ttext\tgold\tfound\n" + "\n".join(errors) + "\n", encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
