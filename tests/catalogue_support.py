"""Small templates and catalogues made as real git repositories in a test: copier and cookiecutter
templates with tagged releases, published as bare repositories, and catalogue repositories."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import yaml

from tests.conftest import git

COPIER_YML = {"name": {"type": "str", "default": "demo"}, "owner": {"type": "str", "default": "team"},
              "_answers_file": ".copier-answers.yml"}
ANSWERS_TEMPLATE = "{{ _copier_answers|to_nice_yaml }}"
# Five lines: tests edit the first (kept across updates) or the last (where releases change it).
NOTES = "notes for {name}\nowner: {owner}\nmiddle\nmore\nlast line\n"


def publish(work: Path) -> Path:
    """A bare clone of `work` beside it (`name.git`), what an org's git server holds."""
    bare = work.parent / f"{work.name}.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(work), str(bare)], check=True, capture_output=True)
    return bare


def push(work: Path) -> None:
    git(work, "push", "-q", "--tags", str(work.parent / f"{work.name}.git"), "main")


def release(work: Path, tag: str) -> None:
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", f"release {tag}")
    git(work, "tag", tag)
    if (work.parent / f"{work.name}.git").exists():
        push(work)


def copier_template(work: Path) -> Path:
    """A copier template (questions `name`, `owner`; files notes.txt, the answers file) at tag v1."""
    work.mkdir(parents=True)
    (work / "copier.yml").write_text(yaml.safe_dump(COPIER_YML))
    (work / "{{_copier_conf.answers_file}}.jinja").write_text(ANSWERS_TEMPLATE)
    (work / "notes.txt.jinja").write_text(NOTES.format(name="{{ name }}", owner="{{ owner }}"))
    git(work, "init", "-q", "--initial-branch=main")
    release(work, "v1")
    return publish(work)


def cookiecutter_template(work: Path) -> Path:
    """A cookiecutter template (`slug`, `owner`; the project holds notes.txt) at tag v1."""
    project = work / "{{cookiecutter.slug}}"
    project.mkdir(parents=True)
    (work / "cookiecutter.json").write_text(json.dumps({"slug": "demo", "owner": "team"}))
    (project / "notes.txt").write_text(NOTES.format(name="{{ cookiecutter.slug }}", owner="{{ cookiecutter.owner }}"))
    git(work, "init", "-q", "--initial-branch=main")
    release(work, "v1")
    return publish(work)


def change_last_line(work: Path, text: str) -> None:
    """A template release that rewrites the last line of its notes file."""
    for path in work.rglob("notes.txt*"):
        path.write_text(path.read_text().replace("last line\n", f"{text}\n"))


def catalogue_repo(work: Path, templates: list[dict], file: str = "catalogue.yml") -> Path:
    """A git repository holding a catalogue file, published bare; returns the bare path."""
    work.mkdir(parents=True)
    (work / file).write_text(yaml.safe_dump({"version": 1, "templates": templates}, sort_keys=False))
    git(work, "init", "-q", "--initial-branch=main")
    git(work, "add", "-A")
    git(work, "commit", "-q", "-m", "catalogue")
    return publish(work)
