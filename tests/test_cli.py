"""The CLI contract: commands, exit codes, all-or-nothing writes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import render
from tests.conftest import REPO_ROOT, copy_template, git, run_cli

HEAD = ("--vcs-ref", "HEAD")


def leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


def test_version_and_help():
    assert run_cli("--version").out.strip().endswith("0.1.0")
    for command in ([], ["new"], ["add", "service"], ["add", "function"], ["update"], ["check"],
                    ["catalogue", "list"], ["catalogue", "show"]):
        result = run_cli(*command, "--help")
        assert result.code == 0 and "Usage:" in result.out, command


def test_help_imports_neither_copier_nor_pydantic():
    probe = ("import sys\nfrom generator.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in ('copier', 'questionary', 'rich', 'pydantic') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]"


def test_new_with_defaults_writes_a_repo_with_one_commit(tmp_path):
    dest = tmp_path / "demo-shop"
    result = run_cli("new", str(dest), "--defaults", *HEAD)
    assert result.code == 0, result.err
    log = subprocess.run(["git", "log", "--oneline"], cwd=dest, capture_output=True, text=True).stdout
    assert len(log.splitlines()) == 1
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "demo-shop" and answers["architecture"] == "hybrid"
    assert [s["language"] for s in answers["services"]] == ["python", "typescript", "go"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=dest, capture_output=True, text=True).stdout
    assert status == ""
    assert leftovers(tmp_path) == ["demo-shop"]


def test_dry_run_prints_the_tree_and_writes_nothing(tmp_path):
    dest = tmp_path / "shop-one"
    result = run_cli("new", str(dest), "--defaults", "--dry-run", *HEAD)
    assert result.code == 0, result.err
    assert ".copier-answers.yml" in result.out and "services/orders/" in result.out
    assert not dest.exists() and leftovers(tmp_path) == []


def test_no_git_and_data_file(tmp_path):
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump({"project_name": "fn-only", "architecture": "serverless",
                                    "functions": [{"name": "api", "runtime": "node", "trigger": "http"}]}))
    dest = tmp_path / "out"
    result = run_cli("new", str(dest), "--data-file", str(spec), "--no-git", *HEAD)
    assert result.code == 0, result.err
    assert not (dest / ".git").exists()
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["functions"] == [{"name": "api", "runtime": "node", "trigger": "http"}]
    assert "services" not in answers and (dest / "functions" / "api").is_dir()


def test_d_values_are_read_by_question_type(tmp_path):
    dest = tmp_path / "ms-shop"
    result = run_cli("new", str(dest), "-d", "architecture=microservices", "-d",
                     "services=[{name: billing, language: go, database: postgres}]", "-d", "description=123", *HEAD)
    assert result.code == 0, result.err
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["services"] == [{"name": "billing", "language": "go", "database": "postgres"}]
    assert answers["description"] == "123"


@pytest.mark.parametrize("description", ["Shop: the best", "[not, a, list]", "{a: mapping}", "- dash", "yes",
                                         "&anchor *alias !tag", "#hash", "key=value: x"])
def test_d_text_answers_are_the_raw_text(tmp_path, description):
    """A text question takes exactly what was typed, whatever YAML would make of it."""
    from generator import main, sources

    request = main.NewRequest(dest=tmp_path / "shop", defaults=True, assignments=(f"description={description}",))
    answers, spec = main.gather_answers(request, sources.resolve(None))
    assert answers["description"] == description and spec is not None


def test_catalogue_entry_presets_answers(tmp_path):
    dest = tmp_path / "api-shop"
    assert run_cli("new", str(dest), "--blueprint", "serverless-api", "--defaults", *HEAD).code == 0
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "serverless" and answers["iac"] == "native"


def test_local_blueprint_path_is_the_stack(tmp_path):
    dest = tmp_path / "path-shop"
    assert run_cli("new", str(dest), "--blueprint", str(REPO_ROOT), "--defaults", *HEAD).code == 0
    assert (dest / "services" / "orders").is_dir()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--blueprint", "nope"], "blueprint: 'nope' is not a catalogue entry"),
        (["-d", "novalue"], "expected key=value"),
        (["-d", "services=[unclosed"], "services: the value is not valid YAML"),
        (["--data-file", "/nonexistent/spec.yml"], "--data-file: cannot read"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path, args, words):
    result = run_cli("new", str(tmp_path / "shop-x"), "--defaults", *args, *HEAD)
    assert result.code == 2
    assert words in result.err and len(result.err.strip().splitlines()) == 1
    assert leftovers(tmp_path) == []


def test_non_empty_destination_is_refused_untouched(tmp_path):
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    result = run_cli("new", str(dest), "--defaults", "-d", "project_name=taken-one", *HEAD)
    assert result.code == 2 and "DEST:" in result.err and "not empty" in result.err
    assert leftovers(dest) == ["mine.txt"]


def test_empty_destination_folder_is_used(tmp_path):
    dest = tmp_path / "empty-one"
    dest.mkdir()
    assert run_cli("new", str(dest), "--defaults", *HEAD).code == 0
    assert (dest / ".copier-answers.yml").is_file()


def test_interrupt_during_render_leaves_nothing(tmp_path, monkeypatch):
    real = render.copier_copy

    def interrupted(blueprint, dst, answers, **kwargs):
        real(blueprint, dst, answers, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(render, "copier_copy", interrupted)
    result = run_cli("new", str(tmp_path / "halt-shop"), "--defaults", *HEAD)
    assert result.code == 130 and "nothing was written" in result.err
    assert leftovers(tmp_path) == []


def test_failure_after_render_leaves_nothing(tmp_path, monkeypatch):
    from generator import vcs

    def broken(path, message):
        raise vcs.StackcraftError("git commit failed in test")

    monkeypatch.setattr(vcs, "init_with_commit", broken)
    result = run_cli("new", str(tmp_path / "nested" / "fail-shop"), "--defaults", *HEAD)
    assert result.code == 2 and "git commit failed" in result.err
    assert leftovers(tmp_path) == []


def test_catalogue_list_and_show():
    listed = run_cli("catalogue", "list")
    assert listed.code == 0 and "serverless-api" in listed.out and "stack" in listed.out
    shown = run_cli("catalogue", "show", "microservices-starter")
    assert shown.code == 0 and yaml.safe_load(shown.out)["data"]["architecture"] == "microservices"
    missing = run_cli("catalogue", "show", "nope")
    assert missing.code == 2 and "NAME: 'nope' is not in the catalogue" in missing.err


def test_org_catalogue_from_setting(tmp_path, monkeypatch):
    org = tmp_path / "org.yml"
    org.write_text(yaml.safe_dump({"version": 1, "templates": [
        {"name": "team-api", "title": "Team API", "source": "builtin:stack",
         "data": {"architecture": "microservices", "services": [{"name": "team", "language": "go"}]}}]}))
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org))
    assert "team-api" in run_cli("catalogue", "list").out
    dest = tmp_path / "team-shop"
    assert run_cli("new", str(dest), "--blueprint", "team-api", "--defaults", *HEAD).code == 0
    assert (dest / "services" / "team").is_dir()
    broken = tmp_path / "broken.yml"
    broken.write_text("templates: [{name: x}]")
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(broken))
    result = run_cli("catalogue", "list")
    assert result.code == 2 and "is not a valid catalogue" in result.err


def test_update_and_add_refuse_what_is_not_a_generated_repo(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    assert run_cli("update", str(plain)).code == 2
    result = run_cli("add", "service", "pay", "--language", "go", str(plain))
    assert result.code == 2 and "DIR:" in result.err


def test_git_url_blueprint(tmp_path, template_copy):
    dest = tmp_path / "url-shop"
    result = run_cli("new", str(dest), "--blueprint", f"file://{template_copy}", "--defaults",
                     "-d", "project_name=url-shop", "-d", "architecture=serverless")
    assert result.code == 0, result.err
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["_src_path"] == f"git+file://{template_copy}" and answers["_commit"] == "v0.1.0"


# ---- --dry-run refuses what the real run refuses; no terminal means no guessing ----

def test_dry_run_refuses_a_non_empty_destination_with_the_same_message(tmp_path):
    dest = tmp_path / "taken"
    dest.mkdir()
    (dest / "mine.txt").write_text("keep")
    real = run_cli("new", str(dest), "--defaults", "-d", "project_name=taken-one", *HEAD)
    dry = run_cli("new", str(dest), "--defaults", "-d", "project_name=taken-one", "--dry-run", *HEAD)
    assert dry.code == real.code == 2
    assert dry.err == real.err and "already exists and is not empty" in dry.err
    assert dry.out == "" and leftovers(dest) == ["mine.txt"]


def test_without_a_terminal_new_needs_answers(tmp_path):
    result = run_cli("new", str(tmp_path / "quiet-shop"), *HEAD)
    assert result.code == 2
    assert result.err.strip() == ("stackcraft: answers: no terminal to ask on; pass --defaults, "
                                  "-d KEY=VALUE or --data-file FILE")
    assert leftovers(tmp_path) == []


# ---- all or nothing: faults inside copier and at the final rename ----

def test_template_error_mid_render_leaves_nothing(tmp_path, monkeypatch):
    template = copy_template(tmp_path / "tpl")
    readme = template / "blueprints" / "stack" / "README.md.jinja"
    readme.write_text(readme.read_text() + "\n{{ no_such_answer.attribute }}\n")
    git(template, "commit", "-qam", "break the README")
    git(template, "tag", "v0.1.1")
    import pathlib

    written: list[str] = []
    real_write = pathlib.Path.write_bytes

    def spy(self, data):
        written.append(self.name)
        return real_write(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", spy)
    work = tmp_path / "work"
    work.mkdir()
    result = run_cli("new", str(work / "broken-shop"), "--blueprint", str(template), "--defaults")
    assert result.code == 2 and "has a template error" in result.err and "no_such_answer" in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert len(written) > 10  # copier had written files when the fault came
    assert leftovers(work) == []


def test_fault_at_the_final_rename_leaves_nothing(tmp_path, monkeypatch):
    import errno
    import pathlib

    dest = tmp_path / "new" / "parents" / "rename-shop"
    real_rename = pathlib.Path.rename

    def failing(self, target):
        if Path(target) == dest:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real_rename(self, target)

    monkeypatch.setattr(pathlib.Path, "rename", failing)
    result = run_cli("new", str(dest), "--defaults", *HEAD)
    assert result.code == 2, result.err
    assert result.err.strip() == (f"stackcraft: DEST: cannot move the result into {dest} "
                                  "(Invalid cross-device link); nothing was written")
    assert leftovers(tmp_path) == []


# ---- a stack blueprint is recognised by its copier.yml, wherever it lives ----

def test_bare_repository_path_is_a_stack_blueprint(tmp_path, template_copy, monkeypatch):
    org = tmp_path / "org"
    org.mkdir()
    git(org, "clone", "-q", "--bare", str(template_copy), "stack.git")
    monkeypatch.chdir(tmp_path)
    refused = run_cli("new", "bad-shop", "--blueprint", "org/stack.git", "--defaults", "-d",
                      "architecture=microservices", "-d", 'services=[{name: "ab\\n", language: go}]')
    assert refused.code == 2 and refused.err.startswith("stackcraft: services[0].name: ")
    dest = tmp_path / "bare-shop"
    result = run_cli("new", "bare-shop", "--blueprint", "org/stack.git", "--defaults", "-d", "architecture=serverless")
    assert result.code == 0, result.err
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text())
    assert answers["project_name"] == "bare-shop"  # the DEST default: the spec was applied
    assert answers["_src_path"] == f"git+file://{org / 'stack.git'}"


@pytest.mark.parametrize("scheme", ["file://", "git+file://"])
def test_git_url_stack_takes_project_name_from_dest(tmp_path, template_copy, scheme):
    dest = tmp_path / "dest-named"
    result = run_cli("new", str(dest), "--blueprint", f"{scheme}{template_copy}", "--defaults", "--dry-run",
                     "-d", "architecture=serverless")
    assert result.code == 0, result.err
    refused = run_cli("new", str(dest), "--blueprint", f"{scheme}{template_copy}", "--defaults",
                      "-d", "project_name=shop\n")
    assert refused.code == 2 and refused.err.startswith("stackcraft: project_name: 'shop\\n' is not allowed")
    assert leftovers(tmp_path) == ["template"]


def test_catalogue_entry_naming_an_org_fork_is_a_stack(tmp_path, template_copy, monkeypatch):
    fork = tmp_path / "fork"
    git(tmp_path, "clone", "-q", str(template_copy), "fork")
    org = tmp_path / "org.yml"
    org.write_text(yaml.safe_dump({"version": 1, "templates": [
        {"name": "org-stack", "title": "Org stack", "source": str(fork), "data": {"architecture": "serverless"}}]}))
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(org))
    result = run_cli("new", str(tmp_path / "con"), "--blueprint", "org-stack", "--defaults")
    assert result.code == 2 and "project_name: 'con' (from DEST) is not a valid project slug" in result.err


def test_a_template_without_the_marker_is_rendered_as_it_is(tmp_path):
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "copier.yml").write_text("greeting:\n  type: str\n  default: hi\nitems:\n  type: yaml\n  default: []\n")
    (plain / "hello.txt.jinja").write_text("{{ greeting }} {{ items | length }}\n")
    dest = tmp_path / "out"
    result = run_cli("new", str(dest), "--blueprint", str(plain), "-d", "greeting=a: b", "-d", "items=[1, 2]")
    assert result.code == 0, result.err
    assert (dest / "hello.txt").read_text() == "a: b 2\n"


def test_unknown_vcs_ref_and_unreachable_urls_are_one_line(tmp_path, template_copy):
    result = run_cli("new", str(tmp_path / "ref-shop"), "--blueprint", f"file://{template_copy}", "--defaults",
                     "--vcs-ref", "v9.9.9")
    assert result.code == 2
    assert result.err.strip() == f"stackcraft: --vcs-ref: 'v9.9.9' is not a tag, branch or commit of file://{template_copy}"
    for url in ("https://127.0.0.1:9/org/stack.git", f"file://{tmp_path}/missing.git"):
        result = run_cli("new", str(tmp_path / "url-shop"), "--blueprint", url, "--defaults")
        assert result.code == 2 and result.err.startswith(f"stackcraft: blueprint: cannot read {url}: "), result.err
        assert len(result.err.strip().splitlines()) == 1
    assert leftovers(tmp_path) == ["template"]


def test_moved_blueprint_before_update_and_add_is_one_line(tmp_path, template_copy):
    dest = tmp_path / "moved-shop"
    result = run_cli("new", str(dest), "--blueprint", f"file://{template_copy}", "--defaults",
                     "-d", "architecture=serverless")
    assert result.code == 0, result.err
    template_copy.rename(tmp_path / "moved-away")
    for args in (["update", str(dest)], ["add", "function", "late", "--runtime", "python", "--trigger", "http",
                                         str(dest)]):
        result = run_cli(*args)
        assert result.code == 2, (args, result)
        assert result.err.startswith("stackcraft: blueprint: ") and "failed: fatal: " in result.err or \
            "cannot read" in result.err, result.err
        assert f"'{template_copy}' does not appear to be a git repository" in result.err, result.err
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
    assert git(dest, "status", "--porcelain") == ""


def test_add_names_a_clash_with_a_function_in_the_users_words(tmp_path):
    dest = tmp_path / "clash-shop"
    assert run_cli("new", str(dest), "--defaults", *HEAD).code == 0
    result = run_cli("add", "service", "notify", "--language", "go", str(dest))
    assert result.code == 2
    assert result.err.strip() == ("stackcraft: services: 'notify' is already the name of a function in this stack; "
                                  "names must be unique across services and functions")


def test_a_broken_answers_file_is_one_line(tmp_path):
    dest = tmp_path / "broken-answers"
    assert run_cli("new", str(dest), "--defaults", *HEAD).code == 0
    answers = dest / ".copier-answers.yml"
    answers.write_text(answers.read_text() + "services: [unclosed\n")
    git(dest, "commit", "-qam", "break the answers")
    for args in (["add", "service", "pay", "--language", "go", str(dest)], ["update", str(dest)]):
        result = run_cli(*args)
        assert result.code == 2 and len(result.err.strip().splitlines()) == 1, result.err
        assert result.err.startswith(f"stackcraft: answers file: {answers} is not valid YAML ("), result.err
