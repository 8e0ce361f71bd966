"""The wizard on a real pseudo-terminal: questionary prompts, the summary's actions, and Ctrl-C."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pexpect
import pytest
import yaml

from tests.conftest import run_cli

DOWN, UP, ENTER, CTRL_C = "j", "k", "\r", "\x03"  # questionary's select takes j/k as arrow keys


def spawn(cwd: Path, *args: str, columns: int = 120) -> pexpect.spawn:
    stackcraft = str(Path(sys.executable).with_name("stackcraft"))
    return pexpect.spawn(stackcraft, ["new", *args, "--vcs-ref", "HEAD"], cwd=str(cwd), encoding="utf-8",
                         timeout=60, dimensions=(40, columns), env={"TERM": "xterm", "PATH": "/usr/bin:/bin"})


def answer(child: pexpect.spawn, prompt: str, *keys: str) -> None:
    child.expect_exact(prompt)
    time.sleep(0.3)  # the prompt is drawn before it reads keys
    for key in keys:
        child.send(key)
    child.send(ENTER)


def press(child: pexpect.spawn, prompt: str, key: str) -> None:
    """Answer a yes/no prompt: questionary's confirm takes the key alone, no Enter."""
    child.expect_exact(prompt)
    time.sleep(0.3)
    child.send(key)


def answer_microservices(child: pexpect.spawn) -> None:
    """Answer up to the summary: microservices on aws, one go service "api" with postgres, nginx."""
    answer(child, "Project name")                    # default: the folder name
    answer(child, "One-line description")
    answer(child, "Architecture", UP)               # from the default, hybrid, to microservices
    answer(child, "Cloud provider")                  # aws
    answer(child, "Name of service 1", "\b" * 10, "api")
    answer(child, "Language of api", DOWN, DOWN)    # go
    answer(child, "Database of api", UP)             # from the default, none, to postgres
    press(child, "Add another service?", "n")
    answer(child, "API gateway")                     # nginx
    answer(child, "Infrastructure as code")          # terraform
    answer(child, "CI/CD")                           # github
    child.expect_exact("Your stack")


def finish(child: pexpect.spawn) -> str:
    child.expect(pexpect.EOF)
    child.close()
    return child.before


def test_wizard_generates_after_the_summary(tmp_path):
    child = spawn(tmp_path, "tty-shop")
    answer_microservices(child)
    child.expect_exact(str(tmp_path / "tty-shop"))   # the summary shows the destination folder
    answer(child, "Generate it?")                    # the default action: generate
    child.expect_exact("Generating tty-shop from stack")  # the spinner's line while it renders
    output = finish(child)
    assert child.exitstatus == 0, output
    assert "Generated tty-shop" in output
    answers = yaml.safe_load((tmp_path / "tty-shop" / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "microservices"
    assert answers["services"] == [{"name": "api", "language": "go", "database": "postgres"}]


def test_change_an_answer_at_the_summary_then_generate(tmp_path):
    child = spawn(tmp_path, "tty-shop")
    answer_microservices(child)
    answer(child, "Generate it?", "c")               # change an answer
    answer(child, "Which answer?", *[DOWN] * 5)     # project, description, architecture, cloud, service api, gateway
    answer(child, "API gateway", DOWN)               # from nginx, the earlier answer, to kong
    child.expect_exact("Your stack")
    child.expect_exact("kong")
    answer(child, "Generate it?")
    output = finish(child)
    assert child.exitstatus == 0, output
    answers = yaml.safe_load((tmp_path / "tty-shop" / ".copier-answers.yml").read_text())
    assert answers["gateway"] == "kong"
    assert answers["services"] == [{"name": "api", "language": "go", "database": "postgres"}]
    assert (tmp_path / "tty-shop" / "gateway" / "kong" / "kong.yml").is_file()


def test_no_at_the_summary_cancels_and_writes_nothing(tmp_path):
    child = spawn(tmp_path, "tty-shop")
    answer_microservices(child)
    answer(child, "Generate it?", "n")               # no: cancel
    output = finish(child)
    assert child.exitstatus == 130, output
    assert "nothing was written" in output
    assert list(tmp_path.iterdir()) == []


def test_long_validation_messages_wrap_to_the_terminal(tmp_path):
    child = spawn(tmp_path, "tty-shop", columns=50)
    answer(child, "Project name", "\b" * 10, "X")   # refused: the rule's message is longer than 50 columns
    child.expect_exact("start with a letter")        # its end is on screen, not cut off
    child.send(CTRL_C)
    finish(child)
    assert child.exitstatus == 130
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("stop_at", ["Architecture", "Generate it?"])
def test_ctrl_c_leaves_nothing(tmp_path, stop_at):
    if stop_at == "Architecture":                    # a select prompt: nothing preset
        child = spawn(tmp_path, "tty-shop")
        answer(child, "Project name")
        answer(child, "One-line description")
    else:
        child = spawn(tmp_path, "tty-shop", "-d", "architecture=serverless",
                      "-d", "functions=[{name: api, runtime: node, trigger: http}]")
        for prompt in ["Project name", "One-line description", "Serverless flavour", "Cloud provider",
                       "Infrastructure as code", "CI/CD"]:
            answer(child, prompt)
    child.expect_exact(stop_at)
    time.sleep(0.3)
    child.send(CTRL_C)
    output = finish(child)
    assert child.exitstatus == 130
    assert "nothing was written" in output
    assert list(tmp_path.iterdir()) == []


def test_add_service_asks_for_the_gateway_of_a_serverless_stack(template_copy, tmp_path):
    repo = tmp_path / "fn-shop"
    assert run_cli("new", str(repo), "--defaults", "-d", "architecture=serverless", "--vcs-ref", "v0.1.0").code == 0
    stackcraft = str(Path(sys.executable).with_name("stackcraft"))
    env = {"TERM": "xterm", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           **{key: os.environ[key] for key in ("STACKCRAFT_STACK_SOURCE", "STACKCRAFT_CACHE_DIR")}}
    child = pexpect.spawn(stackcraft, ["add", "service", "pay", "--language", "go", str(repo)], encoding="utf-8",
                          timeout=120, dimensions=(40, 120), env=env)
    answer(child, "API gateway", DOWN)               # from nginx to kong
    output = finish(child)
    assert child.exitstatus == 0, output
    answers = yaml.safe_load((repo / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "hybrid" and answers["gateway"] == "kong"
    assert (repo / "gateway" / "kong" / "kong.yml").is_file()


def test_help_me_choose_on_the_terminal(tmp_path):
    from generator.advice_rules import load_rules

    child = spawn(tmp_path, "tty-shop")
    answer(child, "Project name")
    answer(child, "One-line description")
    answer(child, "Architecture", UP, UP, UP)        # from hybrid, the default, up to "Help me choose"
    for key, trait in load_rules().traits.items():   # the defaults, but spiky traffic and hour-long jobs
        answer(child, trait.prompt, *([DOWN] if key in ("traffic", "longest_job") else []))
    child.expect_exact("Recommendation")
    child.expect_exact("hybrid")
    answer(child, "Architecture")                    # preselected: hybrid
    answer(child, "Cloud provider")
    answer(child, "Name of function 1")
    answer(child, "Runtime of notify")
    answer(child, "Trigger of notify")
    press(child, "Add another function?", "n")
    answer(child, "Name of service 1")
    answer(child, "Language of orders")
    answer(child, "Database of orders")
    press(child, "Add another service?", "n")
    for prompt in ["API gateway", "Infrastructure as code", "CI/CD", "Generate it?"]:
        answer(child, prompt)
    output = finish(child)
    assert child.exitstatus == 0, output
    answers = yaml.safe_load((tmp_path / "tty-shop" / ".copier-answers.yml").read_text())
    assert answers["architecture"] == "hybrid"
    assert answers["architecture_advice"]["recommended"] == "hybrid"
    assert answers["architecture_advice"]["traits"]["traffic"] == "spiky"
    adr = (tmp_path / "tty-shop" / "docs" / "adr" / "0001-architecture.md").read_text()
    assert "| longest\\_job | hours |" in adr and "runs for hours or continuously" in adr
