"""The rename table of hooks/migrations.yml: its format, which releases apply, where a path goes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.errors import StackcraftError
from generator.migrations import follow, parse_table, read_table, release_version, renames_between
from tests.conftest import REPO_ROOT, git

TABLE = """
v1.1.0:
  - {from: renovate.json, to: .github/renovate.json}
v2.0.0:
  - {from: infra/terraform/, to: infra/aws/}
  - {from: functions/*/src/handler.py, to: functions/*/handler.py}
"""


@pytest.mark.parametrize(("path", "old", "new", "expected"), [
    ("renovate.json", "v1.0.0", "v1.1.0", ".github/renovate.json"),
    ("renovate.json", "v1.1.0", "v2.0.0", "renovate.json"),  # already past that release
    ("infra/terraform/main.tf", "v1.0.0", "v2.0.0", "infra/aws/main.tf"),
    ("infra/terraform/modules/x/y.tf", "v1.0.0", "v2.0.0", "infra/aws/modules/x/y.tf"),
    ("infra/terraform-old/main.tf", "v1.0.0", "v2.0.0", "infra/terraform-old/main.tf"),
    ("functions/resize/src/handler.py", "v1.0.0", "v2.0.0", "functions/resize/handler.py"),
    ("functions/resize/src/handler.py", "v1.0.0", "v1.1.0", "functions/resize/src/handler.py"),
    ("functions/resize/src/handler.py/x", "v1.0.0", "v2.0.0", "functions/resize/src/handler.py/x"),
    ("functions/handler.py", "v1.0.0", "v2.0.0", "functions/handler.py"),
    ("renovate.json", "v1.0.0-4-gabc1234", "v2.0.0", ".github/renovate.json"),  # 4 commits after v1.0.0
    ("renovate.json", "v1.1.0-2-g0123abc", "v2.0.0", "renovate.json"),
    ("renovate.json", "0a1b2c3", "v2.0.0", "renovate.json"),  # an untagged version: no release to place
])
def test_a_path_follows_the_renames_of_the_releases_after_its_version(path, old, new, expected):
    assert follow(path, renames_between(parse_table(TABLE), old, new)) == expected


def test_renames_of_successive_releases_chain():
    table = parse_table("v2.0.0:\n  - {from: a/, to: b/}\nv3.0.0:\n  - {from: b/x.txt, to: c.txt}\n")
    assert follow("a/x.txt", renames_between(table, "v1.0.0", "v3.0.0")) == "c.txt"


def test_release_versions_order_as_pep_440():
    assert str(release_version("v1.2.0")) == "1.2.0"
    assert str(release_version("v1.2.0-3-gdeadbee")) == "1.2.0.post3"
    assert release_version("deadbee") is None


@pytest.mark.parametrize(("text", "words"), [
    ("- a\n", "must map release tags to lists of {from, to}"),
    ("main:\n  - {from: a, to: b}\n", "'main' is not a release tag such as v1.2.0"),
    ("v1.0.0: {from: a, to: b}\n", "v1.0.0: must be a list of {from, to}"),
    ("v1.0.0:\n  - {from: a}\n", "v1.0.0: each entry is {from: PATH, to: PATH}"),
    ("v1.0.0:\n  - {from: ../a, to: b}\n", "paths are relative to the project, without .."),
    ("v1.0.0:\n  - {from: a/*/b, to: c}\n", "a/*/b -> c: both sides need the same number of *"),
    ("v1.0.0:\n  - {from: a/, to: b}\n", "a/ -> b: a folder renames to a folder (both end in /)"),
    ("v1.0.0: [\n", "not valid YAML"),
])
def test_a_malformed_table_is_one_line_naming_the_file_and_the_rule(text, words):
    with pytest.raises(StackcraftError) as caught:
        parse_table(text)
    message = str(caught.value)
    assert message.startswith("blueprint: hooks/migrations.yml: ") and words in message
    assert "\n" not in message


def test_the_table_is_read_at_the_version_being_updated_to(tmp_path: Path):
    template = tmp_path / "template"
    (template / "hooks").mkdir(parents=True)
    git(template, "init", "-q", "--initial-branch=main")
    (template / "hooks" / "migrations.yml").write_text("{}\n")
    git(template, "add", "-A")
    git(template, "commit", "-q", "-m", "v1")
    git(template, "tag", "v1.0.0")
    (template / "hooks" / "migrations.yml").write_text("v2.0.0:\n  - {from: a, to: b}\n")
    git(template, "commit", "-q", "-am", "v2")
    git(template, "tag", "v2.0.0")
    assert read_table(str(template), "v1.0.0") == {}
    assert [[(r.source, r.target) for r in rs] for rs in read_table(str(template), "v2.0.0").values()] == [[("a", "b")]]
    assert read_table("git+file://" + str(template), "v2.0.0") == read_table(str(template), "v2.0.0")


def test_this_blueprints_own_table_is_valid():
    text = (REPO_ROOT / "hooks" / "migrations.yml").read_text()
    assert isinstance(yaml.safe_load(text), dict)
    parse_table(text)
