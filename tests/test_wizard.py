"""The wizard's branching, per-prompt validation and summary, driven by a scripted prompter."""

from __future__ import annotations

import pytest

from generator.spec import parse_spec
from generator.wizard import NOT_AVAILABLE, ask, summary_rows


class Script:
    """Answers prompts in order; records what was asked and what each validator said."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked: list[str] = []
        self.rejections: list[str] = []
        self.offered: dict[str, list] = {}

    def _next(self, message):
        self.asked.append(message)
        if not self.answers:
            raise AssertionError(f"unexpected prompt: {message}")
        return self.answers.pop(0)

    def text(self, message, default, validate):
        while True:
            value = self._next(message)
            verdict = validate(value)
            if verdict is True:
                return value
            self.rejections.append(verdict)

    def select(self, message, choices, default):
        self.offered[message] = choices
        value = self._next(message)
        assert value in [v for _, v, disabled in choices if disabled is None], (message, value)
        return value

    def confirm(self, message, default):
        return self._next(message)


def test_hybrid_branch_loops_over_units_and_validates_each_name():
    script = Script(
        "shop", "Our shop",          # project, description
        "hybrid", "aws",             # architecture (no serverless flavour for hybrid), cloud
        "Bad_Name", "notify", "python", "queue", False,          # functions: one rejected name
        "notify", "gateway", "orders", "python", "postgres", True,  # services: duplicate + reserved
        "stock", "go", "none", False,
        "kong", "terraform", "github",
    )
    raw = ask(script, {}, "shop")
    spec = parse_spec(raw)
    assert [s.name for s in spec.services] == ["orders", "stock"]
    assert [f.name for f in spec.functions] == ["notify"]
    assert spec.gateway == "kong"
    assert len(script.rejections) == 3
    assert "taken" in script.rejections[1] and "reserved" in script.rejections[2]
    assert "Serverless flavour" not in script.asked


def test_serverless_branch_asks_no_services_and_marks_unbuilt_choices():
    script = Script("shop", "Our shop", "serverless", "faas", "aws",
                    "api", "node", "http", False, "native", "github")
    spec = parse_spec(ask(script, {}, "shop"))
    assert spec.architecture == "serverless" and spec.iac == "native" and not spec.services
    assert not any("service" in message.lower() or "gateway" in message.lower() for message in script.asked)
    flavours = {value: disabled for _, value, disabled in script.offered["Serverless flavour"]}
    assert flavours == {"faas": None, "baas": NOT_AVAILABLE}
    clouds = {value: disabled for _, value, disabled in script.offered["Cloud provider"]}
    assert clouds["aws"] is None and clouds["cloudflare"] == NOT_AVAILABLE


def test_given_answers_are_not_asked_again():
    script = Script("microservices", "aws", "api", "go", "none", False, "nginx", "terraform", "github")
    raw = ask(script, {"project_name": "shop", "description": "given"}, "shop")
    assert raw["description"] == "given" and "Project name" not in script.asked


def test_long_names_are_refused_against_the_project_name():
    project = "p" * 40
    script = Script("microservices", "aws", "s" * 20, "short", "python", "none", False,
                    "nginx", "terraform", "github")
    ask(script, {"project_name": project, "description": "d"}, project)
    assert any("63" in message for message in script.rejections)


def test_summary_lists_every_unit():
    spec = parse_spec({"project_name": "shop", "architecture": "hybrid",
                       "services": [{"name": "orders", "language": "python", "database": "postgres"}],
                       "functions": [{"name": "notify", "runtime": "python", "trigger": "queue"}]})
    rows = dict(summary_rows(spec))
    assert rows["service orders"] == "python, own postgres"
    assert rows["function notify"] == "python, queue trigger"
    assert rows["gateway"] == "nginx"


@pytest.mark.parametrize("interrupt_at", [0, 3, 7])
def test_interrupt_propagates_so_nothing_is_written(interrupt_at):
    class Interrupting(Script):
        def _next(self, message):
            if len(self.asked) == interrupt_at:
                raise KeyboardInterrupt
            return super()._next(message)

    with pytest.raises(KeyboardInterrupt):
        ask(Interrupting("shop", "d", "hybrid", "aws", "notify", "python", "queue", False), {}, "shop")
