"""The documents: the README stays what a newcomer reads (the two commands first, under 200 lines),
docs/cli.md is what the parsers print (regenerated here), every relative link points to a file (and
heading) inside the repository, and history stays in CHANGELOG.md."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from tests.conftest import ROOT

README = ROOT / "README.md"
DOCS = sorted((ROOT / "docs").rglob("*.md"))
DOCUMENTS = [README, ROOT / "CHANGELOG.md", *DOCS]
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^\s*```")


def _gen_cli():
    spec = importlib.util.spec_from_file_location("gen_cli", ROOT / "docs" / "gen_cli.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _prose(path: Path) -> list[str]:
    """The file's lines outside fenced code blocks (code is quoted, not linked)."""
    lines, inside = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            inside = not inside
            continue
        if not inside:
            lines.append(line)
    return lines


def _anchors(path: Path) -> set[str]:
    """GitHub's anchors of a Markdown file's headings."""
    seen: dict[str, int] = {}
    anchors = set()
    for line in _prose(path):
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).strip().lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def test_cli_reference_is_generated_from_the_parsers():
    gen = _gen_cli()
    current = gen.CLI_MD.read_text(encoding="utf-8")
    assert current == gen.render(), f"docs/cli.md is out of date; regenerate it with: {gen.REGENERATE}"


def test_cli_reference_covers_every_command():
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for command in ("upgrade", "demo", "import", "template", "users add", "users unlock", "batches",
                    "org merge", "org history", "rollback", "purge", "backup", "restore"):
        assert f"## `python -m data_access {command}`" in text, command
    assert "## `python -m metrics report`" in text and "--completeness" in text
    assert "## `python -m bench`" in text and "--kind {progres_harian,antrian}" in text


def test_every_relative_link_points_to_a_file_in_the_repository():
    broken = []
    for doc in DOCUMENTS:
        for line in _prose(doc):
            for target in LINK.findall(line):
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
                    continue
                name, _, anchor = target.partition("#")
                path = (doc.parent / name).resolve() if name else doc
                where = f"{doc.relative_to(ROOT)} -> {target}"
                if not path.is_relative_to(ROOT) or not path.exists():
                    broken.append(f"{where}: no such file in the repository")
                elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
                    broken.append(f"{where}: no heading with that anchor")
    assert not broken, "\n".join(broken)


def test_documents_name_no_file_outside_the_repository():
    """Paths in prose and code are named from the repository's root (`data_access/settings.py`), so
    outside a link's target a `../` always leaves the repository; links are checked above."""
    outside = []
    for doc in DOCUMENTS:
        for line in doc.read_text(encoding="utf-8").splitlines():
            for path in re.findall(r"(?:\.\./)+[\w./-]*", LINK.sub("", line)):
                outside.append(f"{doc.relative_to(ROOT)}: {path}")
    assert not outside, "\n".join(outside)


def test_readme_is_short_and_starts_with_the_two_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < 200, f"README.md has {len(lines)} lines; move detail to docs/"
    first_code = lines[lines.index("```bash") + 1:]
    assert first_code[:2] == [
        "make run    # installs everything, then opens the dashboard on its built-in demo data (SQLite, no set-up)",
        "make test   # installs everything, then runs the whole test suite (pytest, in parallel)",
    ]
    assert lines.index("```bash") < 5  # the title, one sentence, then the commands
    for doc in DOCS:
        assert f"(docs/{doc.relative_to(ROOT / 'docs').as_posix()})" in README.read_text(encoding="utf-8"), doc


def test_history_is_worded_as_history_only_in_the_changelog():
    for doc in [README, *DOCS]:
        text = doc.read_text(encoding="utf-8")
        assert not re.search(r"(?i)\bsessions? \d", text), doc
    assert not re.search(r"(?i)\bsessions? \d", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
