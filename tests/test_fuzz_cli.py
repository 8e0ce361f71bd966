"""CLI fuzzing: whatever the argv, data file, catalogue or answers file, stackcraft ends with
exit 0, 1 or 2, never a traceback, one line on exit 2, and leaves nothing on disk after exit 2.

Over 500 cases run in-process (tests/conftest.py `run_cli`). To keep them fast, copier itself
is replaced by a stand-in that writes a small tree (the fuzzed part is everything around it:
flags, files, DEST, answers, staging and the final move); `test_fuzzed_answers_render_for_real`
sends a few accepted specs through the real copier.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import evolve, render, update
from tests.conftest import git, run_cli


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


KEYS = ["project_name", "description", "architecture", "serverless_kind", "cloud", "baas_provider", "functions",
        "services", "gateway", "iac", "ci", "colour", "_src_path"]
VALUES = ["serverless", "microservices", "hybrid", "faas", "baas", "aws", "gcp", "cloudflare", "nginx", "kong",
          "cloud", "terraform", "native", "github", "gitlab", "[{name: api}]", "[{name: api, language: go}]",
          "[{name: fn, runtime: node, trigger: http}]", "[{name: con}]", '[{name: "ab\\n"}]', "{a: 1}",
          "[" * 40 + "]" * 40, "&a [1]", "*a", "null", "~", "", "shop\n", "con", "Shop: the best", "x" * 250,
          "[unclosed", "\udcff", "\x00", "notify"]
DESTS = ["shop", "my-shop", ".", "..", "a-file", "a-file/x", "to-empty", "dangling", "dangling/x", "empty",
         "nested/deep/shop", "/proc/stackcraft-x", "con", "Shop", "x" * 300, "-", "~", "fifo"]
DATA_FILES = ["good.yml", "list.yml", "binary.yml", "latin1.yml", "deep.yml", "alias.yml", "bad.yml", "huge.yml",
              "fifo", "/dev/zero", "missing.yml", "empty", "a-file"]
BLUEPRINTS = ["stack", "serverless-api", "microservices-starter", "nope", "plain", "empty", "a-file",
              "file:///nonexistent/stack.git", "https://127.0.0.1:9/x.git", ""]

texts = st.text(max_size=30)
assignments = st.one_of(
    st.builds(lambda key, value: f"{key}={value}", st.one_of(st.sampled_from(KEYS), texts),
              st.one_of(st.sampled_from(VALUES), texts)),
    texts,
)


def workspace(base: Path) -> Path:
    """A fresh folder with every kind of thing a DEST or a file argument can point at."""
    work = Path(tempfile.mkdtemp(dir=base))
    (work / "empty").mkdir()
    (work / "to-empty").symlink_to(work / "empty")
    (work / "dangling").symlink_to(work / "nowhere")
    (work / "a-file").write_text("x")
    os.mkfifo(work / "fifo")
    (work / "plain").mkdir()
    (work / "plain" / "copier.yml").write_text("greeting: hi\n")
    files = {
        "good.yml": yaml.safe_dump({"architecture": "serverless",
                                    "functions": [{"name": "api", "runtime": "node", "trigger": "http"}]}).encode(),
        "list.yml": b"- a\n- b\n",
        "binary.yml": bytes(range(256)),
        "latin1.yml": "description: caf\xe9\n".encode("latin-1"),
        "deep.yml": b"services: " + b"[" * 3000 + b"]" * 3000 + b"\n",
        "alias.yml": b"a: &x [1, 2]\nb: [*x, *x]\n",
        "bad.yml": b"project_name: [unclosed\n",
        "huge.yml": b"description: " + b"y" * (1024 * 1024 + 10) + b"\n",
    }
    for name, content in files.items():
        (work / name).write_bytes(content)
    return work


def snapshot(root: Path) -> list[str]:
    """Every path under `root` but git's own files (a repo lock may stay in .git/)."""
    return sorted(str(path.relative_to(root)) for path in root.rglob("*")
                  if ".git" not in path.relative_to(root).parts)


def fake_copier_copy(blueprint, dst: Path, answers: dict, **kwargs) -> None:
    """Stands in for copier: writes what a render writes first (the answers file) and one file."""
    dst.mkdir(parents=True, exist_ok=True)
    (dst / ".copier-answers.yml").write_text(yaml.safe_dump({"_src_path": blueprint.url, **answers}))
    (dst / "README.md").write_text("# generated\n")


def fake_copier_update(repo: Path, answers_file: Path, **kwargs) -> None:
    (repo / "UPDATED.md").write_text("updated\n")


@pytest.fixture
def fast_copier(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "copier_copy", fake_copier_copy)
    monkeypatch.setattr(update, "copier_update", fake_copier_update)
    monkeypatch.setattr(evolve, "copier_update", fake_copier_update)


def assert_contract(result, before: list[str], root: Path) -> int:
    assert result.code in (0, 1, 2), result
    assert "Traceback" not in result.err and "Traceback" not in result.out
    leftovers = [name for name in snapshot(root) if Path(name).name.startswith(".stackcraft-")]
    assert leftovers == [], leftovers
    if result.code == 2:
        lines = result.err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("stackcraft: "), result.err
        assert snapshot(root) == before, "exit 2 left something on disk"
    return result.code


def test_fuzzed_new_argv(tmp_path, monkeypatch, fast_copier):
    codes: list[int] = []

    @fuzz_settings(250)
    @given(dest=st.one_of(st.sampled_from(DESTS), st.text(min_size=1, max_size=20)),
           flags=st.lists(st.sampled_from(["--defaults", "--dry-run", "--no-git"]), unique=True),
           data=st.lists(assignments, max_size=4),
           data_file=st.one_of(st.none(), st.sampled_from(DATA_FILES)),
           blueprint=st.one_of(st.none(), st.sampled_from(BLUEPRINTS)),
           vcs_ref=st.sampled_from([None, "HEAD", "v9.9.9"]))
    def case(dest, flags, data, data_file, blueprint, vcs_ref):
        work = workspace(tmp_path)
        monkeypatch.chdir(work)
        argv = ["new", dest, *flags]
        for item in data:
            argv += ["-d", item]
        argv += ["--data-file", data_file] if data_file else []
        argv += ["--blueprint", blueprint] if blueprint is not None else []
        argv += ["--vcs-ref", vcs_ref] if vcs_ref else []
        before = snapshot(work)
        codes.append(assert_contract(run_cli(*argv), before, work))

    case()
    assert len(codes) >= 250 and {0, 2} <= set(codes), sorted(set(codes))


def test_fuzzed_data_and_catalogue_files(tmp_path, monkeypatch, fast_copier):
    codes: list[int] = []

    @fuzz_settings(150)
    @given(content=st.one_of(
        st.binary(max_size=200),
        st.text(max_size=200).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.dictionaries(st.sampled_from(KEYS), st.one_of(st.sampled_from(VALUES), texts, st.integers(),
                                                          st.lists(st.dictionaries(texts, texts, max_size=3),
                                                                   max_size=3)),
                        max_size=5).map(lambda d: yaml.safe_dump(d, allow_unicode=True).encode("utf-8", "surrogatepass")),
    ), as_catalogue=st.booleans())
    def case(content, as_catalogue):
        work = workspace(tmp_path)
        monkeypatch.chdir(work)
        (work / "input.yml").write_bytes(content)
        before = snapshot(work)
        if as_catalogue:
            monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(work / "input.yml"))
            for argv in (["catalogue", "list"], ["new", "shop", "--blueprint", "team-api", "--defaults", "--dry-run"]):
                codes.append(assert_contract(run_cli(*argv), before, work))
            monkeypatch.delenv("STACKCRAFT_CATALOGUES")
        else:
            codes.append(assert_contract(run_cli("new", "shop", "--dry-run", "--data-file", "input.yml"), before, work))

    case()
    assert len(codes) >= 150 and {0, 2} <= set(codes), sorted(set(codes))


ANSWERS = {"_src_path": "BUILTIN", "_commit": "v0.1.0", "project_name": "shop", "description": "d",
           "architecture": "hybrid", "cloud": "aws", "gateway": "nginx", "iac": "terraform", "ci": "github",
           "functions": [{"name": "notify", "runtime": "python", "trigger": "queue"}],
           "services": [{"name": "orders", "language": "python", "database": "none"}]}


def test_fuzzed_answers_files(tmp_path, monkeypatch, fast_copier, template_copy):
    codes: list[int] = []

    @fuzz_settings(100)
    @given(changes=st.dictionaries(
               st.sampled_from([*KEYS, "_commit"]),
               st.one_of(st.sampled_from(VALUES), texts, st.none(), st.integers(),
                         st.lists(st.dictionaries(st.sampled_from(["name", "language", "runtime", "trigger", "x"]),
                                                  st.one_of(texts, st.sampled_from(VALUES)), max_size=3),
                                  max_size=3)),
               max_size=4),
           raw=st.one_of(st.none(), st.none(), st.binary(max_size=100)),
           command=st.sampled_from([["add", "service", "pay", "--language", "go"],
                                    ["add", "service", "notify", "--language", "python"],
                                    ["add", "function", "late", "--runtime", "node", "--trigger", "http"],
                                    ["add", "function", "con", "--runtime", "node", "--trigger", "http"],
                                    ["update"]]))
    def case(changes, raw, command):
        repo = Path(tempfile.mkdtemp(dir=tmp_path))
        recorded = {**ANSWERS, **changes}
        if recorded["_src_path"] == "BUILTIN":
            recorded["_src_path"] = str(template_copy)
        text = raw if raw is not None else yaml.safe_dump(recorded, allow_unicode=True).encode("utf-8", "surrogatepass")
        (repo / ".copier-answers.yml").write_bytes(text)
        git(repo, "init", "-q", "--initial-branch=main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "generated")
        before = snapshot(repo)
        result = run_cli(*command, str(repo))
        codes.append(assert_contract(result, before, repo))
        if result.code == 2:
            assert git(repo, "status", "--porcelain") == ""

    case()
    assert len(codes) >= 100 and {0, 2} <= set(codes), sorted(set(codes))


def test_fuzzed_argv_of_every_command(tmp_path, monkeypatch, fast_copier):
    codes: list[int] = []

    @fuzz_settings(60)
    @given(argv=st.lists(st.one_of(
        st.sampled_from(["new", "add", "service", "function", "update", "catalogue", "list", "show", "--help", "-h",
                         "--version", "--language", "--runtime", "--trigger", "--database", "go", "python", "node",
                         "http", "postgres", "--conflict", "inline", "rej", "--vcs-ref", "-d", "--data-file",
                         "--blueprint", "--defaults", "--dry-run", "--no-git", "stack", "nope", ".", "empty",
                         "a-file", "fifo"]),
        texts), max_size=6).map(lambda words: [word for word in words if word != "check"]))
    def case(argv):
        work = workspace(tmp_path)
        monkeypatch.chdir(work)
        before = snapshot(work)
        codes.append(assert_contract(run_cli(*argv), before, work))

    case()
    assert len(codes) >= 60 and {0, 2} <= set(codes), sorted(set(codes))


@pytest.mark.slow
@settings(max_examples=3, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(architecture=st.sampled_from(["serverless", "microservices", "hybrid"]),
       name=st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True))
def test_fuzzed_answers_render_for_real(tmp_path_factory, architecture, name):
    """A few accepted fuzzed specs through the real copier: exit 0, and the named unit exists."""
    work = tmp_path_factory.mktemp("real")
    kind = "services" if architecture == "microservices" else "functions"
    unit = f"[{{name: u{name}}}]"
    before = snapshot(work)
    result = run_cli("new", str(work / "real-shop"), "--defaults", "--no-git", "--vcs-ref", "HEAD",
                     "-d", f"architecture={architecture}", "-d", f"{kind}={unit}")
    assert_contract(result, before, work)
    assert result.code == 0, result.err
    assert (work / "real-shop" / kind / f"u{name}").is_dir()
