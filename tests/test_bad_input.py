"""Hostile and malformed input: one line naming the field, exit 2, nothing written;
hostile but valid descriptions are escaped so that every generated file still parses.

The name rules are restated here from the contract (docs/getting-started.md), not
imported from generator.spec: a rule that is too lax cannot filter its own holes out.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import tomllib
import warnings
from pathlib import Path

import copier
import hcl2
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from generator.spec import parse_spec, with_defaults
from tests.conftest import REPO_ROOT, run_cli

HYPOTHESIS = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=60)
FEW = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=5)
SLOW_HYPOTHESIS = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=3)

# ---- the contract's name rules, stated independently of generator.spec ----
LETTERS = "abcdefghijklmnopqrstuvwxyz"
DIGITS = "0123456789"
RESERVED = {
    "gateway", "infra", "test", "tests", "deploy", "docs", "scripts", "services", "functions", "shared",
    "common", "lib", "default", "kube-system", "kubernetes", "aws", "gcp", "azure", "cloudflare", "node",
    "python", "go", "java", "dotnet", "nginx", "kong", "postgres", "db", "build", "dist",
}
WINDOWS_DEVICES = {"con", "prn", "aux", "nul"} | {f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)}


def is_slug(name: str, shortest: int, longest: int) -> bool:
    return (shortest <= len(name) <= longest and all(c in LETTERS + DIGITS + "-" for c in name)
            and name[0] in LETTERS and name[-1] in LETTERS + DIGITS and "--" not in name)


def valid_unit_name(name: str) -> bool:
    return is_slug(name, 2, 20) and name not in RESERVED and name not in WINDOWS_DEVICES


def valid_project_name(name: str) -> bool:
    return is_slug(name, 3, 40) and name not in WINDOWS_DEVICES


def valid_description(text: str) -> bool:
    controls = {chr(c) for c in [*range(0x20), *range(0x7f, 0xa0)]} | {"\u2028", "\u2029", "\ufffe", "\uffff"}
    return (bool(text.strip()) and len(text) <= 200 and not any(c in controls for c in text)
            and not any(0xd800 <= ord(c) <= 0xdfff for c in text))


unit_names = st.from_regex(r"[a-z][a-z0-9-]{0,18}[a-z0-9]", fullmatch=True).filter(valid_unit_name)
project_names = st.from_regex(r"[a-z][a-z0-9-]{1,20}[a-z0-9]", fullmatch=True).filter(valid_project_name)
near_names = st.one_of(
    st.text(), st.from_regex(r"[a-z0-9-]{0,30}", fullmatch=True),
    st.sampled_from(sorted(RESERVED | WINDOWS_DEVICES)),
    st.from_regex(r"[a-z][a-z0-9]{1,10}", fullmatch=True).map(lambda n: n + "\n"),
)


def refused(parent: Path, data: dict, field: str, words: str = "") -> None:
    tmp_path = Path(tempfile.mkdtemp(dir=parent))
    spec = tmp_path / "spec.yml"
    spec.write_text(yaml.safe_dump(data))  # escaped: a raw U+0085 in YAML would load as a line fold
    dest = tmp_path / "out"
    result = run_cli("new", str(dest), "--data-file", str(spec), "--vcs-ref", "HEAD")
    assert result.code == 2, (data, result)
    lines = result.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"stackcraft: {field}"), lines
    assert words in lines[0], lines
    assert "Traceback" not in result.err
    assert not dest.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["spec.yml"]


@HYPOTHESIS
@given(name=near_names)
def test_hostile_service_names_are_refused(tmp_path_factory, name):
    assume(not valid_unit_name(name))
    tmp = tmp_path_factory.mktemp("svc")
    refused(tmp, {"project_name": "shop", "architecture": "microservices",
                  "services": [{"name": name, "language": "python", "database": "none"}]}, "services[0].name")


@HYPOTHESIS
@given(name=st.one_of(near_names, st.from_regex(r"[a-zA-Z0-9_-]{0,45}", fullmatch=True)))
def test_hostile_project_names_are_refused(tmp_path_factory, name):
    assume(not valid_project_name(name))
    refused(tmp_path_factory.mktemp("proj"), {"project_name": name}, "project_name")


@HYPOTHESIS
@given(project=project_names, service=unit_names, function=unit_names)
def test_valid_names_are_accepted_by_the_spec(project, service, function):
    # names equal once hyphens are dropped would share one IaC id (CloudFormation drops hyphens)
    assume(service.replace("-", "") != function.replace("-", "")
           and len(project) + 1 + max(len(service), len(function)) + 9 <= 63)
    spec = parse_spec(with_defaults({"project_name": project, "architecture": "hybrid",
                                     "services": [{"name": service, "language": "go"}],
                                     "functions": [{"name": function, "runtime": "node"}]}))
    assert [s.name for s in spec.services] == [service] and [f.name for f in spec.functions] == [function]


@FEW
@given(project=project_names, service=unit_names)
def test_valid_names_are_accepted_by_plain_copier(tmp_path_factory, project, service):
    assume(len(project) + 1 + len(service) + 9 <= 63)
    data = {"project_name": project, "architecture": "microservices",
            "services": [{"name": service, "language": "go", "database": "none"}]}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path_factory.mktemp("copier") / "out", data=data, defaults=True,
                        pretend=True, quiet=True, vcs_ref="HEAD")


@pytest.mark.parametrize("name", ["con", "aux", "nul", "prn", "com1", "com9", "lpt1", "lpt9"])
def test_windows_device_names_are_refused(tmp_path, name):
    refused(tmp_path, {"project_name": name}, "project_name", "Windows device name")
    refused(tmp_path, {"project_name": "shop", "architecture": "microservices",
                       "services": [{"name": name, "language": "go"}]}, "services[0].name", "Windows device name")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"project_name": "shop\n"}, "project_name"),
        ({"project_name": "shop", "architecture": "microservices",
          "services": [{"name": "ab\n", "language": "go"}]}, "services[0].name"),
    ],
)
def test_trailing_newlines_are_refused(tmp_path, data, field):
    refused(tmp_path, data, field, "is not allowed")


@HYPOTHESIS
@given(text=st.one_of(st.text(min_size=201), st.text().filter(lambda t: not t.strip()),
                      st.text(alphabet=st.characters(categories=["Cc"]), min_size=1).map(lambda c: "a" + c + "b")))
def test_malformed_descriptions_are_refused(tmp_path_factory, text):
    assert not valid_description(text)
    refused(tmp_path_factory.mktemp("desc"), {"project_name": "shop", "description": text}, "description")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"project_name": "shop", "colour": "blue"}, "colour"),
        ({"project_name": "shop", "services": [{"name": "a1", "language": "python", "x": 1}]}, "services[0].x"),
        ({"project_name": "shop", "services": {"name": "a1"}}, "services"),
        ({"project_name": "shop", "services": [{"name": "a1"}, {"name": "a1"}]}, "services"),
        ({"project_name": "shop", "functions": [{"name": "orders"}]}, "functions"),
        ({"project_name": "shop", "architecture": "serverless", "gateway": "nginx"}, "gateway"),
        ({"project_name": "shop", "architecture": "microservices", "cloud": "cloudflare"}, "cloud"),
        ({"project_name": "shop", "architecture": "serverless", "serverless_kind": "baas", "gateway": "kong"}, "gateway"),
        ({"project_name": "shop", "services": [{"name": "a1", "language": "java"}]}, "services[0].language"),
        ({"project_name": ["a"]}, "project_name"),
        ({"project_name": "shop", "description": 42}, "description"),
    ],
)
def test_malformed_specs_are_refused(tmp_path, data, field):
    refused(tmp_path, data, field)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"project_name": "shop", "services": "api"}, "services", "must be a list"),
        ({"project_name": "shop", "services": ["api"]}, "services[0]", "must be a mapping"),
        ({"project_name": "shop", "functions": [{"name": 3}]}, "functions[0].name", "must be text, not int 3"),
    ],
)
def test_a_value_of_the_wrong_shape_says_what_the_field_takes(tmp_path, data, field, words):
    refused(tmp_path, data, field, words)


# ---- data files: regular, bounded, UTF-8, shallow ----

def _deep(levels: int) -> str:
    return "services: " + "[" * levels + "]" * levels + "\n"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is not UTF-8 text (byte 0x89 at offset 0)"),
        ("project_name: caf\xe9\n".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 17)"),
        (_deep(5000).encode(), "nested more than 20 levels deep"),
        (_deep(21).encode(), "nested more than 20 levels deep"),
        (b"a: &x [1]\nb: *x\n", "anchors and aliases"),
        (b"project_name: [unclosed\n", "is not valid YAML"),
        (b"- a list\n", "must hold a mapping of answers"),
        (b"x: " + b"y" * (1024 * 1024) + b"\n", "larger than 1024 KiB"),
    ],
)
def test_bad_data_files_are_one_line(tmp_path, content, words):
    spec = tmp_path / "spec.yml"
    spec.write_bytes(content)
    dest = tmp_path / "out"
    result = run_cli("new", str(dest), "--data-file", str(spec), "--vcs-ref", "HEAD")
    assert result.code == 2 and result.err.startswith("stackcraft: --data-file: ")
    assert words in result.err and len(result.err.strip().splitlines()) == 1, result.err
    assert "Traceback" not in result.err and not dest.exists()


def test_special_files_are_refused_without_reading_them(tmp_path, monkeypatch):
    fifo = tmp_path / "answers.fifo"
    os.mkfifo(fifo)  # nobody writes to it: opening it for a blocking read would hang
    for source in (str(fifo), "/dev/zero"):
        result = run_cli("new", str(tmp_path / "out"), "--data-file", source, "--vcs-ref", "HEAD")
        assert result.code == 2, (source, result)
        assert f"stackcraft: --data-file: {source} is not a regular file" in result.err, result.err
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", "/dev/zero")
    result = run_cli("catalogue", "list")
    assert result.code == 2 and "catalogue /dev/zero: /dev/zero is not a regular file" in result.err
    assert not (tmp_path / "out").exists()


def test_an_oversized_catalogue_is_refused(tmp_path, monkeypatch):
    big = tmp_path / "org.yml"
    big.write_text("version: 1\n# " + "x" * (1024 * 1024) + "\n")
    monkeypatch.setenv("STACKCRAFT_CATALOGUES", str(big))
    result = run_cli("catalogue", "list")
    assert result.code == 2 and "is larger than 1024 KiB" in result.err and len(result.err.splitlines()) == 1


# ---- DEST: every case one line, exit 2, nothing written ----

def _dest_cases(tmp: Path) -> list[tuple[str, str]]:
    (tmp / "empty").mkdir()
    (tmp / "to-empty").symlink_to(tmp / "empty")
    (tmp / "dangling").symlink_to(tmp / "nowhere")
    (tmp / "a-file").write_text("x")
    return [
        (str(tmp / "to-empty"), "is a symbolic link"),
        (str(tmp / "dangling"), "is a symbolic link"),
        (str(tmp / "dangling" / "shop"), "dangling symbolic link"),
        (str(tmp / "a-file" / "shop"), "which is not a folder"),
        (str(tmp / "a-file"), "already exists and is not empty"),
        (".", "is the current folder"),
        ("..", "is the current folder or one above it"),
        ("/proc/stackcraft-shop", "cannot write in /proc"),
        (str(tmp / ("x" * 300)), "cannot be used"),
    ]


@pytest.mark.parametrize("dry_run", [False, True])
def test_unusable_destinations_are_one_line(tmp_path, monkeypatch, dry_run):
    work = tmp_path
    monkeypatch.chdir(work)
    cases = _dest_cases(work)
    before = sorted(os.listdir(work))
    for dest, words in cases:
        result = run_cli("new", dest, "--defaults", "-d", "project_name=shop", *(["--dry-run"] if dry_run else []),
                         "--vcs-ref", "HEAD")
        assert result.code == 2, (dest, result)
        assert result.err.startswith("stackcraft: DEST: ") and words in result.err, (dest, result.err)
        assert len(result.err.strip().splitlines()) == 1 and "Traceback" not in result.err
        assert sorted(os.listdir(work)) == before and not any((work / "empty").iterdir())


def test_read_only_parent_is_one_line(tmp_path, monkeypatch):
    """A parent the process cannot write in (root may write anywhere, so the refusal is injected)."""
    import tempfile

    real = tempfile.mkdtemp

    def read_only(*args, dir=None, **kwargs):
        if dir is not None and Path(dir) == tmp_path:
            raise PermissionError(13, "Permission denied")
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", read_only)
    result = run_cli("new", str(tmp_path / "shop"), "--defaults", "--vcs-ref", "HEAD")
    assert result.code == 2 and f"DEST: cannot write in {tmp_path} (Permission denied)" in result.err
    assert list(tmp_path.iterdir()) == []


def test_stale_staging_folders_are_removed_by_the_next_new(tmp_path):
    parent = tmp_path
    stale, fresh, other = parent / ".stackcraft-abcd1234", parent / ".stackcraft-efgh5678", parent / ".stackcraft-notes"
    for folder in (stale, fresh, other):
        (folder / "repo").mkdir(parents=True)
    two_hours_ago = os.stat(stale).st_mtime - 7200
    os.utime(stale, (two_hours_ago, two_hours_ago))
    result = run_cli("new", str(parent / "next-shop"), "--defaults", "--no-git", "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    assert sorted(p.name for p in parent.iterdir()) == [".stackcraft-efgh5678", ".stackcraft-notes", "next-shop"]


# ---- hostile but valid descriptions ----

NASTY = [
    'Quotes " and \' and back\\slash',
    "Template ${var.x} %{ if true } {{ jinja }} {% raw %}",
    "YAML: - item # comment & *anchor !tag | > @at `tick`",
    "Markdown **bold** [link](http://x) <script>alert(1)</script> # heading",
    "TOML ''' \"\"\" [table] key = 1",
    "Unicode café ☕ 日本語 emoji 🚀 and ‮rtl",
    "1. an ordered-list marker &amp; an entity",
    "    indented like code",
]
FAMILIES = ("python", "go", "openapi", "terraform", "kubernetes", "workflow", "readme", "package.json",
            "pyproject", "cloudformation")


def _gofmt() -> str:
    goroot = subprocess.run([shutil.which("go") or "go", "env", "GOROOT"], capture_output=True, text=True,
                            check=True).stdout.strip()
    return str(Path(goroot) / "bin" / "gofmt")


def hcl_string(literal: str) -> str:
    """The value of an HCL quoted string as python-hcl2 returns it (quotes kept), per the HCL spec:
    backslash escapes, and `$${` / `%%{` for a literal `${` / `%{`."""
    assert literal.startswith('"') and literal.endswith('"'), literal
    body, out, i = literal[1:-1], [], 0
    simple = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
    while i < len(body):
        if body[i] == "\\":
            code = body[i + 1]
            if code in "uU":
                width = 4 if code == "u" else 8
                out.append(chr(int(body[i + 2:i + 2 + width], 16)))
                i += 2 + width
            else:
                out.append(simple[code])
                i += 2
        elif body.startswith(("$${", "%%{"), i):
            out.append(body[i + 1:i + 3])
            i += 3
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def markdown_paragraph_after_title(readme: str) -> str:
    """The plain text a Markdown reader sees in the paragraph under the README's title."""
    tokens = MarkdownIt("commonmark").parse(readme)
    heading = next(i for i, token in enumerate(tokens) if token.type == "heading_open")
    assert tokens[heading + 3].type == "paragraph_open", [t.type for t in tokens[heading:heading + 5]]
    inline = tokens[heading + 4]
    kinds = {child.type for child in inline.children or []}
    assert kinds <= {"text", "text_special"}, kinds  # no markup, link, HTML or code came out of the text
    return "".join(child.content for child in inline.children or [])


def assert_every_family_parses(repo: Path, description: str) -> dict[str, int]:
    """Parse each generated file with its own format's parser; count files per family."""
    seen = dict.fromkeys(FAMILIES, 0)
    go_files = []
    for path in sorted(repo.rglob("*")):
        if not path.is_file() or ".git" in path.parts:
            continue
        rel = path.relative_to(repo).as_posix()
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            compile(text, rel, "exec")
            seen["python"] += 1
        elif path.suffix == ".go":
            go_files.append(path)
            seen["go"] += 1
        elif path.suffix == ".tf":
            hcl2.loads(text)
            seen["terraform"] += 1
        elif path.suffix == ".json":
            data = json.loads(text)
            if path.name == "package.json":
                seen["package.json"] += 1
                if rel.startswith("services/"):
                    assert data["description"] == description, rel
        elif path.suffix == ".toml":
            data = tomllib.loads(text)
            if path.name == "pyproject.toml" and rel.startswith("services/"):
                seen["pyproject"] += 1  # a service's pyproject names the service and the project
                assert data["project"]["description"] == f"The {path.parent.name} service of every-shop.", rel
        elif path.suffix in (".yml", ".yaml"):
            if path.name == "template.yaml":
                import cfnlint.decode

                template, errors = cfnlint.decode.decode_str(text)
                assert not errors, (rel, errors)
                assert template["Description"] == description
                seen["cloudformation"] += 1
                continue
            docs = list(yaml.safe_load_all(text))
            if path.name == "openapi.yaml":
                assert docs[0]["openapi"].startswith("3"), rel
                seen["openapi"] += 1
            elif "/k8s/" in f"/{rel}" and any(isinstance(d, dict) and "apiVersion" in d for d in docs):
                seen["kubernetes"] += 1
            elif rel.startswith(".github/workflows/"):
                assert "jobs" in docs[0], rel
                seen["workflow"] += 1
        elif path.name == "README.md" and path.parent == repo:
            assert markdown_paragraph_after_title(text) == description.strip()
            seen["readme"] += 1
    if go_files:
        parsed = subprocess.run([_gofmt(), "-l", "-e", *map(str, go_files)], capture_output=True, text=True)
        assert parsed.returncode == 0 and not parsed.stderr, parsed.stderr
    if (repo / "infra" / "terraform" / "main.tf").is_file():
        main_tf = hcl2.loads((repo / "infra" / "terraform" / "main.tf").read_text(encoding="utf-8"))
        assert hcl_string(main_tf["locals"][0]["description"]) == description
    return seen


def generate_every_family(tmp: Path, description: str, iac: str) -> Path:
    """A hybrid stack with every service language and both function runtimes."""
    spec = tmp / "spec.yml"
    spec.write_text(yaml.safe_dump({
        "description": description, "architecture": "hybrid", "iac": iac,
        "services": [{"name": "py-api", "language": "python", "database": "postgres"},
                     {"name": "ts-web", "language": "typescript"}, {"name": "go-stock", "language": "go"}],
        "functions": [{"name": "py-fn", "runtime": "python", "trigger": "queue"},
                      {"name": "node-fn", "runtime": "node", "trigger": "http"}],
    }, allow_unicode=True))
    dest = tmp / "every-shop"
    result = run_cli("new", str(dest), "--defaults", "--data-file", str(spec), "--no-git", "--vcs-ref", "HEAD")
    assert result.code == 0, result.err
    answers = yaml.safe_load((dest / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert answers["description"] == description
    return dest


@pytest.mark.slow
@pytest.mark.parametrize("description", NASTY)
def test_hostile_descriptions_are_escaped_everywhere(tmp_path, description):
    iac = "native" if NASTY.index(description) % 2 else "terraform"
    seen = assert_every_family_parses(generate_every_family(tmp_path, description, iac), description)
    expected = set(FAMILIES) - {"cloudformation" if iac == "terraform" else "nothing"}
    assert {family for family, count in seen.items() if count} >= expected, seen


@pytest.mark.slow
@SLOW_HYPOTHESIS
@given(description=st.text(alphabet=st.characters(exclude_categories=["Cc", "Cs", "Zl", "Zp"]), min_size=1,
                           max_size=200).filter(valid_description), iac=st.sampled_from(["terraform", "native"]))
def test_generated_descriptions_are_escaped(tmp_path_factory, description, iac):
    seen = assert_every_family_parses(generate_every_family(tmp_path_factory.mktemp("nasty"), description, iac),
                                      description)
    assert all(seen[family] for family in ("python", "go", "openapi", "terraform", "kubernetes", "readme")), seen


# ---- every description the rule accepts works through every way of answering ----

valid_descriptions = st.text(min_size=1, max_size=200).filter(valid_description)


@HYPOTHESIS
@given(description=valid_descriptions)
def test_valid_descriptions_work_through_d_data_file_and_wizard(tmp_path_factory, description):
    from generator import main, sources
    from generator.wizard import ask
    from tests.test_wizard import Script

    tmp = tmp_path_factory.mktemp("describe")
    stack = sources.resolve(None)
    by_flag = main.NewRequest(dest=tmp / "shop", defaults=True, assignments=(f"description={description}",))
    assert main.gather_answers(by_flag, stack)[0]["description"] == description
    data_file = tmp / "spec.yml"
    data_file.write_text(yaml.safe_dump({"description": description}, allow_unicode=True), encoding="utf-8")
    by_file = main.NewRequest(dest=tmp / "shop", defaults=True, data_file=data_file)
    assert main.gather_answers(by_file, stack)[0]["description"] == description
    given_rest = {"project_name": "shop", "architecture": "serverless", "serverless_kind": "faas", "cloud": "aws",
                  "functions": [{"name": "api", "runtime": "node", "trigger": "http"}], "iac": "terraform",
                  "ci": "github"}
    script = Script(description)
    asked = ask(script, given_rest, "shop")
    assert script.rejections == [] and parse_spec(asked).description == description


@FEW
@given(description=valid_descriptions)
def test_valid_descriptions_work_through_plain_copier(tmp_path_factory, description):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path_factory.mktemp("copier") / "out", defaults=True, pretend=True,
                        data={"project_name": "shop", "description": description}, quiet=True, vcs_ref="HEAD")


# ---- acceptance: a valid name generates a unit whose own tests pass ----

@pytest.mark.slow
@SLOW_HYPOTHESIS
@given(service=unit_names, function=unit_names)
def test_valid_unit_names_generate_units_that_pass_their_tests(tmp_path_factory, service, function):
    from generator.checks import units
    from generator.checks.discover import scan
    from generator.checks.results import Status

    assume(service.replace("-", "") != function.replace("-", ""))
    tmp = tmp_path_factory.mktemp("accept")
    dest = tmp / "ok-shop"
    result = run_cli("new", str(dest), "--defaults", "--no-git", "--vcs-ref", "HEAD",
                     "-d", f"services=[{{name: {service}, language: go}}]",
                     "-d", f"functions=[{{name: {function}, runtime: python, trigger: http}}]")
    assert result.code == 0, result.err
    repo = scan(dest)
    tested = [unit for unit in repo.units() if unit.path.name in (service, function)]
    assert sorted(unit.path.name for unit in tested) == sorted([service, function])
    for unit in tested:
        outcome = units.test_unit(repo, unit)
        assert outcome.status is Status.PASSED, (unit, outcome.detail)


# ---- a large stack's README diagram grows with the units, not with services x queues ----

def test_readme_diagram_edges_grow_linearly(tmp_path):
    services = [{"name": f"svc{i}", "language": "go", "database": "none"} for i in range(8)]
    queues = [{"name": f"queue-fn{i}", "runtime": "python", "trigger": "queue"} for i in range(8)]
    data = {"project_name": "big-shop", "architecture": "hybrid", "services": services, "functions": queues}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(str(REPO_ROOT), tmp_path / "out", data=data, defaults=True, quiet=True, vcs_ref="HEAD")
    readme = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    diagram = readme.split("```mermaid", 1)[1].split("```", 1)[0]
    edges = [line for line in diagram.splitlines() if "-->" in line or "-.->" in line]
    publish = [line for line in edges if "publish" in line]
    assert len(publish) == len(queues)  # one per queue (8), where every service to every queue made 64
    assert len(edges) <= 2 * (len(services) + len(queues)) + 2, len(edges)
    for fn in queues:
        node = "queue_" + fn["name"].replace("-", "_")
        assert sum(1 for line in publish if line.rstrip().endswith(node)) == 1, node
