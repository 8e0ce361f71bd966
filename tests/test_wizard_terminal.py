"""The wizard on a real pseudo-terminal: questionary prompts, the summary, and Ctrl-C."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

DOWN, UP, ENTER, CTRL_C = "j", "k", "\r", "\x03"  # questionary's select takes j/k as arrow keys


def spawn(cwd: Path, *args: str) -> pexpect.spawn:
    stackcraft = str(Path(sys.executable).with_name("stackcraft"))
    return pexpect.spawn(stackcraft, ["new", *args, "--vcs-ref", "HEAD"], cwd=str(cwd), encoding="utf-8",
                         timeout=60, dimensions=(40, 120), env={"TERM": "xterm", "PATH": "/usr/bin:/bin"})


def answer(child: pexpect.spawn, prompt: str, *keys: str) -> None:
    child.expect_exact(prompt)
    time.sleep(0.3)  # the prompt is drawn before it reads keys
    for key in keys:
        child.send(key)
    child.send(ENTER)


def test_wizard_generates_after_the_summary(tmp_path):
    child = spawn(tmp_path, "tty-shop")
    answer(child, "Project name")                    # default: the folder name
    answer(child, "One-line description")
    answer(child, "Architecture", UP)               # from the default, hybrid, to microservices
    answer(child, "Cloud provider")                  # aws
    answer(child, "Name of service 1", "\b" * 10, "api")
    answer(child, "Language of api", DOWN, DOWN)    # go
    answer(child, "Database of api", UP)             # from the default, none, to postgres
    answer(child, "Add another service?", "n")
    answer(child, "API gateway")                     # nginx
    answer(child, "Infrastructure as code")          # terraform
    answer(child, "CI/CD")                           # github
    child.expect_exact("Your stack")
    answer(child, "Generate it?")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    answers = yaml.safe_load((tmp_path / "tty-shop" / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "microservices"
    assert answers["services"] == [{"name": "api", "language": "go", "database": "postgres"}]


@pytest.mark.parametrize("stop_after", ["Architecture", "Generate it?"])
def test_ctrl_c_leaves_nothing(tmp_path, stop_after):
    child = spawn(tmp_path, "tty-shop", "-d", "architecture=serverless",
                  "-d", "functions=[{name: api, runtime: node, trigger: http}]")
    prompts = ["Project name", "One-line description", "Serverless flavour", "Cloud provider",
               "Infrastructure as code", "CI/CD", "Generate it?"]
    if stop_after == "Architecture":
        answer(child, "Project name")
        child.expect_exact("One-line description")
    else:
        for prompt in prompts[:-1]:
            answer(child, prompt)
        child.expect_exact("Generate it?")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "nothing was written" in child.before
    assert list(tmp_path.iterdir()) == []
