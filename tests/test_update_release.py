"""From the previous release to this checkout: a repo generated at stackcraft 0.1.0 updates to
the blueprint on disk keeping every local edit, and its Terraform state follows the renamed labels.

The previous release is commit ac40d2c of this repository's history (the blueprint of
stackcraft 0.1.0). The tests clone that history into a temporary repository, tag ac40d2c
`v0.1.0`, commit this checkout's files on top and tag that `v0.2.0`, then use it as the
built-in stack (STACKCRAFT_STACK_SOURCE). A clone without that commit (a shallow one) fails.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import hcl2
import pytest
import yaml

from generator.checks import terraform
from generator.checks.discover import scan
from generator.checks.results import Status
from generator.checks.runner import execute
from tests.conftest import REPO_ROOT, git, run_cli, tracked_files
from tests.test_checks_iac_names import TERRAFORM_FUNCTIONS, TERRAFORM_SERVICES
from tests.update_support import commit

PREVIOUS_RELEASE = "ac40d2c"
ALL_TRIGGERS = [{"name": f"{runtime[:2]}-{trigger}", "runtime": runtime, "trigger": trigger}
                for runtime in ("python", "node") for trigger in ("http", "schedule", "queue")]
STACKS = {
    "demo": {},  # hybrid: three services (one with postgres), a queue function, nginx, terraform
    "kong-native": {
        "gateway": "kong", "iac": "native",
        "services": [{"name": "users", "language": "python", "database": "none"},
                     {"name": "carts", "language": "typescript", "database": "postgres"},
                     {"name": "prices", "language": "go", "database": "postgres"}],
        "functions": [{"name": "webhook", "runtime": "node", "trigger": "http"},
                      {"name": "cleanup", "runtime": "python", "trigger": "schedule"}],
    },
    "serverless-terraform": {"architecture": "serverless", "iac": "terraform", "functions": ALL_TRIGGERS},
}
EDIT = "stackcraft-test: my edit of {path}\n"


@pytest.fixture(scope="session")
def releases(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This repository's history with v0.1.0 at the previous release and v0.2.0 = the files on disk."""
    found = subprocess.run(["git", "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"], cwd=REPO_ROOT,
                           capture_output=True)
    assert found.returncode == 0, (f"commit {PREVIOUS_RELEASE} (stackcraft 0.1.0) is not in this clone's "
                                   "history; the release tests need a full clone (git fetch --unshallow)")
    clone = tmp_path_factory.mktemp("releases") / "stackcraft"
    subprocess.run(["git", "clone", "--quiet", "--no-checkout", str(REPO_ROOT), str(clone)], check=True)
    git(clone, "tag", "-a", "v0.1.0", "-m", "stackcraft 0.1.0", PREVIOUS_RELEASE)
    for name in tracked_files(REPO_ROOT):
        target = clone / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((REPO_ROOT / name).read_bytes())
        target.chmod((REPO_ROOT / name).stat().st_mode)
    git(clone, "add", "-A")
    git(clone, "commit", "--quiet", "--allow-empty", "-m", "this checkout")
    git(clone, "tag", "-a", "v0.2.0", "-m", "this checkout")
    return clone


@pytest.fixture
def stack_source(releases: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STACKCRAFT_STACK_SOURCE", str(releases))
    return releases


def generate(tmp_path: Path, name: str, data: dict, version: str, *extra: str) -> Path:
    spec = tmp_path / f"{name}.yml"
    spec.write_text(yaml.safe_dump({"project_name": "release-shop", **data}))
    repo = tmp_path / name
    result = run_cli("new", str(repo), "--data-file", str(spec), "--vcs-ref", version, *extra)
    assert result.code == 0, result.err
    return repo


def files_of(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*")
            if path.is_file() and ".git" not in path.relative_to(root).parts}


@pytest.mark.slow
@pytest.mark.parametrize("stack", ["demo", "kong-native"])
def test_an_edit_in_every_file_the_release_changes_survives_the_update(stack_source, tmp_path, stack):
    repo = generate(tmp_path, stack, STACKS[stack], "v0.1.0")
    newer = files_of(generate(tmp_path, f"{stack}-new", STACKS[stack], "v0.2.0", "--no-git"))
    older = files_of(repo)
    changed = sorted(path for path, data in older.items()
                     if path != ".copier-answers.yml" and newer.get(path) != data)
    removed = [path for path in changed if path not in newer]
    assert len(changed) >= 20 and removed, (changed, removed)  # the release rewrote units and removed files
    for path in changed:
        target = repo / path
        target.write_bytes(EDIT.format(path=path).encode() + target.read_bytes())
    commit(repo)

    result = run_cli("update", str(repo))

    assert result.code == 1, result.err  # an edited file the release removed is always a conflict
    listed = re.fullmatch(r"stackcraft: conflicts remain in: (.+)\n", result.err)
    assert listed, result.err
    conflicts = set(listed.group(1).split(", "))
    assert set(removed) <= conflicts
    assert yaml.safe_load((repo / ".copier-answers.yml").read_text())["_commit"] == "v0.2.0"
    merged = 0
    for path in changed:
        edit = EDIT.format(path=path)
        here, rej = repo / path, repo / f"{path}.rej"
        text = here.read_text(encoding="utf-8") if here.is_file() else ""
        assert edit in text or (rej.is_file() and edit in rej.read_text(encoding="utf-8")), f"{path}: edit lost"
        if "<<<<<<< " in text or rej.is_file():
            assert (path if here.is_file() and "<<<<<<< " in text else f"{path}.rej") in conflicts, path
        else:
            merged += 1
            assert path in newer  # merged into the new version's file, not kept as a removed one
    assert merged > len(changed) // 2, f"only {merged} of {len(changed)} edits merged cleanly"


def declared(module: Path) -> set[str]:
    """The managed resource addresses (TYPE.LABEL) of a Terraform module folder."""
    found = set()
    for path in module.glob("*.tf"):
        for block in hcl2.loads(path.read_text()).get("resource", []):
            for kind, labelled in block.items():
                found.update(f"{kind.strip(chr(34))}.{label.strip(chr(34))}" for label in labelled)
    return found


def moves(module: Path) -> dict[str, str]:
    """moved.tf as {from: to}."""
    blocks = hcl2.loads((module / "moved.tf").read_text()).get("moved", [])
    unwrap = lambda ref: ref.removeprefix("${").removesuffix("}")  # noqa: E731
    return {unwrap(block["from"]): unwrap(block["to"]) for block in blocks}


def assert_moves_are_sound(module: Path) -> dict[str, str]:
    """Every move goes to a block of the configuration, of the same type, from one it no longer declares."""
    now, moved = declared(module), moves(module)
    assert moved
    for source, target in moved.items():
        assert target in now and source not in now, (source, target)
        assert source.split(".")[0] == target.split(".")[0], (source, target)
    return moved


@pytest.mark.parametrize("stack", ["demo", "kong-native", "serverless-terraform"])
def test_every_address_of_the_previous_release_moves_to_its_new_label(stack_source, tmp_path, stack):
    old = declared(generate(tmp_path, "old", STACKS[stack], "v0.1.0", "--no-git") / "infra" / "terraform")
    module = generate(tmp_path, "new", STACKS[stack], "v0.2.0", "--no-git") / "infra" / "terraform"
    moved = assert_moves_are_sound(module)
    gone = old - declared(module)
    assert gone, "the release renamed no block of this stack"
    assert gone <= set(moved), sorted(gone - set(moved))
    loaded = {r.tool: r for r in map(execute, terraform.checks(scan(module.parent.parent)))}
    assert loaded["terraform config load"].status == Status.PASSED, loaded["terraform config load"].detail
    assert loaded["terraform fmt -check"].status == Status.PASSED, loaded["terraform fmt -check"].detail


def test_units_named_like_the_stacks_own_blocks_get_no_move_from_a_block_still_declared(rendered):
    """A move whose source is still declared is refused by `terraform plan` (not by the loader)."""
    repo = rendered({"project_name": "names", "architecture": "hybrid", "iac": "terraform",
                     "functions": TERRAFORM_FUNCTIONS, "services": TERRAFORM_SERVICES})
    moved = assert_moves_are_sound(repo / "infra" / "terraform")
    assert "aws_lambda_function.fn_eks" in moved.values()  # the unit's other blocks still move
    assert "aws_cloudwatch_log_group.eks" not in moved  # the stack's own EKS log group
