"""One generated repo's status: per template, the recorded and latest versions and the drift;
and whether the work tree is dirty or holds unresolved conflicts."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from generator import answers, cruft_record, vcs, versions
from generator.conflicts import find_conflicts
from generator.drift import drifted_files
from generator.errors import StackcraftError
from generator.update import record_files

# A repo's state, the most pressing first.
STATES = ("error", "conflicted", "dirty", "drifted", "behind", "current")
FAILING = {"error", "conflicted", "drifted", "behind"}  # exit 1 for a CI gate


@dataclass
class TemplateStatus:
    record: str  # the answers file or .cruft.json, relative to the repo
    kind: str
    template: str
    recorded: str
    latest: str | None
    behind: bool
    drift: list[str]


@dataclass
class RepoStatus:
    path: str
    state: str = "current"
    templates: list[TemplateStatus] = field(default_factory=list)
    dirty: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def template_source(repo: Path, rel: Path) -> tuple[str, str, str]:
    """(kind, template URL, recorded version) of one record file."""
    if rel.name == cruft_record.RECORD_NAME:
        recorded = cruft_record.load(repo / rel)
        return "cookiecutter", str(recorded["template"]), cruft_record.version(recorded)
    recorded = answers.load(repo / rel)
    return "copier", str(recorded.get("_src_path") or ""), str(recorded.get("_commit") or "?")


def status_of(path: str, latest: dict[str, str | None] | None = None) -> RepoStatus:
    """The status of the repo at `path`; `latest` maps template URLs to their latest version."""
    repo = Path(path)
    status = RepoStatus(path)
    try:
        if not vcs.is_repo(repo):
            raise StackcraftError(f"{path} is not a git repository")
        files = record_files(repo)
        if not files:
            raise StackcraftError(f"{path} has no .copier-answers.yml or .cruft.json")
        status.dirty = vcs.dirty_files(repo)
        status.conflicts = find_conflicts(repo)
        for rel in files:
            kind, template, recorded = template_source(repo, rel)
            newest = latest[template] if latest is not None and template in latest else versions.latest(template)
            status.templates.append(TemplateStatus(str(rel), kind, template, recorded, newest,
                                                   versions.is_behind(recorded, newest), drifted_files(repo, rel)))
    except StackcraftError as exc:
        status.error = str(exc)
    status.state = classify(status)
    return status


def classify(status: RepoStatus) -> str:
    if status.error:
        return "error"
    if status.conflicts:
        return "conflicted"
    if status.dirty:
        return "dirty"
    if any(template.drift for template in status.templates):
        return "drifted"
    if any(template.behind for template in status.templates):
        return "behind"
    return "current"


def needs_attention(status: RepoStatus) -> bool:
    """True when a CI gate should fail: behind, drifted, conflicted or unreadable."""
    return status.state in FAILING or any(t.behind or t.drift for t in status.templates)
