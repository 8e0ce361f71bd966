"""Every YAML, JSON and TOML file must parse."""

from __future__ import annotations

from tests.test_checks_support import assert_status, make_repo, run_family

from generator.checks import syntax
from generator.checks.results import Status

GOOD = {
    "template.yaml": """
        Resources:
          Bucket:
            Type: AWS::S3::Bucket
            Properties:
              BucketName: !Sub "${AWS::StackName}-data"
              Tags: !If [IsProd, [], !Ref AWS::NoValue]
        """,
    "deploy/k8s/all.yaml": "a: 1\n---\nb: 2\n",
    "package.json": '{"name": "x"}\n',
    "tsconfig.json": '{\n  // comments are fine here\n  "compilerOptions": {"strict": true,},\n}\n',
    "pyproject.toml": '[project]\nname = "x"\n',
}


def test_valid_files_pass_including_cloudformation_tags_and_jsonc(tmp_path):
    results = run_family(syntax, make_repo(tmp_path, GOOD))
    assert {r.tool for r in results} == {"parse yaml", "parse json", "parse toml"}
    for result in results:
        assert_status(result, Status.PASSED)


def test_bad_yaml_fails_and_names_the_file(tmp_path):
    repo = make_repo(tmp_path, {**GOOD, "compose.yaml": "services:\n  web:\n    image: x\n   ports: [1]\n"})
    result = next(r for r in run_family(syntax, repo) if r.tool == "parse yaml")
    assert_status(result, Status.FAILED)
    assert "compose.yaml" in result.detail


def test_bad_json_and_toml_fail(tmp_path):
    repo = make_repo(tmp_path, {**GOOD, "package.json": '{"name": "x",}\n', "pyproject.toml": "[project\n"})
    results = {r.tool: r for r in run_family(syntax, repo)}
    assert_status(results["parse json"], Status.FAILED)
    assert "package.json" in results["parse json"].detail
    assert_status(results["parse toml"], Status.FAILED)


def test_installed_dependencies_are_not_scanned(tmp_path):
    repo = make_repo(tmp_path, {"services/a/node_modules/x/bad.json": "{", "ok.json": "{}"})
    assert [p.as_posix() for p in repo.glob("*.json")] == ["ok.json"]


def test_markdown_follows_the_markdownlint_rules_but_line_length(tmp_path):
    from generator.checks import markdown

    long_line = ("A table row or URL that runs long " * 8).strip()
    good = make_repo(tmp_path / "good", {"README.md": f"# Title\n\n{long_line}\n\n## Part\n\nText.\n"})
    [result] = run_family(markdown, good)
    assert_status(result, Status.PASSED)
    bad = make_repo(tmp_path / "bad", {"README.md": "# Title\n\n\n#### Too deep\n", "docs/ok.md": "# Ok\n"})
    [result] = run_family(markdown, bad)
    assert_status(result, Status.FAILED)
    assert result.target == "2 Markdown files"
    assert "README.md:4:1: MD001" in result.detail and "MD012" in result.detail
    assert "ok.md" not in result.detail
