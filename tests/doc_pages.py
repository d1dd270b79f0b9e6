"""The README and the docs/ pages, read as the tests of their examples need them.

A page's code blocks that show output are snapshots of what the code prints; the
tests in ``test_cookbook.py`` and ``test_docs.py`` replay them. This module finds
them, and rewrites one in place for ``make snapshots`` (``NEWSKG_UPDATE_SNAPSHOTS=1``).
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
README = ROOT / "README.md"
UPDATE = os.environ.get("NEWSKG_UPDATE_SNAPSHOTS") == "1"

#: Pages that are generated, not written (their test is that they are current).
GENERATED = {DOCS / "measurements.md"}

#: Languages of fenced blocks that show output (```sh shows commands only, ```sparql,
#: ```python and ```trig show code or shapes).
OUTPUT_LANGS = {"console", "text", "", "json"}

#: An HTML comment just before a block saying how its output is checked when it is not
#: replayed by the generic tests: ``<!-- output: checked by tests/x.py::test_y -->`` or
#: ``<!-- output: not replayed, REASON -->``.
MARK = re.compile(r"<!-- output: (checked by (?P<test>\S+)|not replayed, (?P<why>[^>]+?)) -->\s*$")

FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<body>.*?)^```\n", re.DOTALL | re.MULTILINE)


def pages() -> list[Path]:
    """The README and every docs page, generated ones left out."""
    found = sorted(p for p in DOCS.rglob("*.md") if p not in GENERATED)
    return [README, *found]


def name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@dataclass(frozen=True)
class Block:
    """One fenced code block of a page."""

    path: Path
    lang: str
    body: str
    start: int  # offset of the opening fence in the page
    end: int  # offset just after the closing fence
    before: str  # the page's text between the previous block and this one

    @property
    def where(self) -> str:
        line = self.path.read_text(encoding="utf-8")[: self.start].count("\n") + 1
        return f"{name(self.path)}:{line}"

    @property
    def mark(self) -> re.Match[str] | None:
        lines = self.before.rstrip("\n").splitlines()
        return MARK.search(lines[-1]) if lines else None


def blocks(path: Path) -> list[Block]:
    text = path.read_text(encoding="utf-8")
    out: list[Block] = []
    previous_end = 0
    for m in FENCE.finditer(text):
        out.append(
            Block(path, m["lang"], m["body"], m.start(), m.end(), text[previous_end : m.start()])
        )
        previous_end = m.end()
    return out


@dataclass(frozen=True)
class QueryExample:
    """A ```sparql block whose output on the seeds is the ```console table right after it."""

    query: Block
    output: Block

    @property
    def id(self) -> str:
        return f"{self.query.where} {self.query.body.splitlines()[0][:30]}"


def query_examples(path: Path) -> list[QueryExample]:
    found = blocks(path)
    return [
        QueryExample(q, o)
        for q, o in itertools.pairwise(found)
        if q.lang == "sparql" and o.lang == "console" and o.before.strip() == ""
    ]


def all_query_examples() -> list[QueryExample]:
    return [e for p in pages() for e in query_examples(p)]


@dataclass(frozen=True)
class ConsoleCommand:
    """A ```console block: one ``$ newskg ...`` command and the output it prints."""

    block: Block
    command: str  # the command line(s), without the "$ "
    output: str


def console_commands(path: Path) -> list[ConsoleCommand]:
    """The console blocks holding exactly one ``$ newskg`` command, with its output.

    The command runs from its ``$`` line to the first line of output: for ``newskg
    query``, the first table line; otherwise the first line after the command's last
    line (a command continued over several lines ends when its quotes are closed).
    """
    out = []
    for b in blocks(path):
        if b.lang != "console" or not b.body.startswith("$ newskg "):
            continue
        if sum(line.startswith("$ ") for line in b.body.splitlines()) != 1:
            continue
        lines = b.body.splitlines(keepends=True)
        command = lines[0][2:]
        i = 1
        while i < len(lines) and _open_quotes(command):
            command += lines[i]
            i += 1
        out.append(ConsoleCommand(b, command.strip(), "".join(lines[i:])))
    return out


def _open_quotes(text: str) -> bool:
    quote = None
    for ch in text:
        if quote is None and ch in "\"'":
            quote = ch
        elif ch == quote:
            quote = None
    return quote is not None


def rewrite(block: Block, new_body: str) -> None:
    """Replace ``block``'s body in its page (``make snapshots``)."""
    text = block.path.read_text(encoding="utf-8")
    fence = f"```{block.lang}\n"
    old = f"{fence}{block.body}```\n"
    assert text.count(old) == 1, f"{block.where}: the block is not unique in its page"
    block.path.write_text(text.replace(old, f"{fence}{new_body}```\n"), encoding="utf-8")
