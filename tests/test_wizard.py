"""The wizard's branching, per-prompt validation and summary, driven by a scripted prompter."""

from __future__ import annotations

from contextlib import contextmanager

import pytest

from generator.advice_rules import load_rules
from generator.main import NewRequest, new
from generator.prompter import wrap_to_terminal
from generator.spec import parse_spec
from generator.wizard import NOT_AVAILABLE, ask, interview, summary_rows


class Script:
    """Answers prompts in order; records what was asked and what each validator said."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked: list[str] = []
        self.rejections: list[str] = []
        self.offered: dict[str, list] = {}
        self.defaults: dict[str, object] = {}
        self.summaries: list[list] = []

    def _next(self, message):
        self.asked.append(message)
        if not self.answers:
            raise AssertionError(f"unexpected prompt: {message}")
        return self.answers.pop(0)

    def text(self, message, default, validate):
        self.defaults[message] = default
        while True:
            value = self._next(message)
            verdict = validate(value)
            if verdict is True:
                return value
            self.rejections.append(verdict)

    def select(self, message, choices, default):
        self.offered[message] = choices
        self.defaults[message] = default
        value = self._next(message)
        assert value in [v for _, v, disabled in choices if disabled is None], (message, value)
        return value

    def confirm(self, message, default):
        self.defaults[message] = default
        return self._next(message)

    def menu(self, message, actions, default):
        value = self._next(message)
        assert value in [action.value for action in actions], (message, value)
        return value

    def show_summary(self, title, rows):
        self.summaries.append(rows)


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
    assert flavours == {"faas": None, "baas": None}
    clouds = {value: disabled for _, value, disabled in script.offered["Cloud provider"]}
    assert clouds["aws"] is None and clouds["cloudflare"] is None


@pytest.mark.parametrize("architecture", ["microservices", "hybrid"])
def test_cloudflare_is_not_offered_with_services(architecture):
    script = Script("shop", "Our shop", architecture, "aws")
    with pytest.raises(AssertionError, match="unexpected prompt"):
        ask(script, {}, "shop")
    assert "cloudflare" not in [value for _, value, _ in script.offered["Cloud provider"]]


def test_cloudflare_offers_node_workers_and_wrangler_only():
    script = Script("shop", "Our shop", "serverless", "faas", "cloudflare",
                    "api", "node", "http", False, "native", "github")
    spec = parse_spec(ask(script, {}, "shop"))
    assert (spec.cloud, spec.iac, spec.functions[0].runtime) == ("cloudflare", "native", "node")
    assert [value for _, value, disabled in script.offered["Runtime of api"] if disabled is None] == ["node"]
    assert [value for _, value, _ in script.offered["Infrastructure as code"]] == ["native"]
    assert script.defaults["Infrastructure as code"] == "native"
    assert "Native (wrangler)" in [label for label, _, _ in script.offered["Infrastructure as code"]]


def test_baas_branch_asks_the_provider_not_the_cloud_or_iac():
    script = Script("shop", "Our shop", "serverless", "baas", "supabase", "github")
    spec = parse_spec(ask(script, {}, "shop"))
    assert spec.is_baas and spec.baas_provider == "supabase"
    assert [(f.name, f.runtime, f.trigger) for f in spec.functions] == [("hello", "node", "http")]
    assert "Cloud provider" not in script.asked and "Infrastructure as code" not in script.asked
    providers = {value: disabled for _, value, disabled in script.offered["Backend provider"]}
    assert providers["supabase"] is None


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
    rows = {row.label: row.value for row in summary_rows(spec)}
    assert rows["service orders"] == "python, own postgres"
    assert rows["function notify"] == "python, queue trigger"
    assert rows["gateway"] == "nginx"


MICRO = ("shop", "Our shop", "microservices", "aws", "api", "go", "none", False, "nginx", "terraform", "github")


def test_summary_shows_the_destination_folder(tmp_path):
    script = Script(*MICRO, "generate")
    interview(script, {}, "shop", tmp_path / "shop")
    assert script.summaries[0][0] == ("folder", str(tmp_path / "shop"), None)


def test_change_an_answer_asks_it_again_with_what_depends_on_it(tmp_path):
    script = Script(*MICRO, "change", "architecture: microservices",
                    "serverless", "faas", "aws",            # architecture and its dependents...
                    "resize", "node", "schedule", False,     # ...the functions it now has
                    "terraform",                             # iac depends on the cloud
                    "generate")
    spec = interview(script, {}, "shop", tmp_path / "shop")
    assert spec.architecture == "serverless" and not spec.services
    assert [(f.name, f.runtime, f.trigger) for f in spec.functions] == [("resize", "node", "schedule")]
    after_change = script.asked[script.asked.index("Which answer?") + 1:]
    assert after_change == ["Architecture", "Serverless flavour", "Cloud provider", "Name of function 1",
                            "Runtime of resize", "Trigger of resize", "Add another function?",
                            "Infrastructure as code", "Generate it?"]
    assert script.defaults["Architecture"] == "microservices"  # the earlier answer is the default
    assert len(script.summaries) == 2


def test_changing_a_unit_asks_its_list_again_with_the_earlier_answers_as_defaults(tmp_path):
    script = Script(*MICRO, "change", "service api: go",
                    "api", "go", "postgres", True, "web", "typescript", "none", False, "generate")
    spec = interview(script, {}, "shop", tmp_path / "shop")
    assert [(s.name, s.language, s.database) for s in spec.services] == [
        ("api", "go", "postgres"), ("web", "typescript", "none")]
    assert script.defaults["Name of service 1"] == "api" and script.defaults["Language of api"] == "go"
    assert script.asked.count("API gateway") == 1  # the gateway does not depend on the services


def test_a_new_project_name_is_checked_against_the_units(tmp_path):
    script = Script("shop", "d", "microservices", "aws", "s" * 20, "python", "none", False,
                    "nginx", "terraform", "github",
                    "change", "project: shop", "p" * 40, "short-name", "generate")
    spec = interview(script, {}, "shop", tmp_path / "shop")
    assert spec.project_name == "short-name"
    assert script.rejections == [f"too long together with unit {'s' * 20!r}; keep resource names within 63 characters"]


def test_cancel_at_the_summary_writes_nothing(tmp_path):
    dest = tmp_path / "out" / "shop"
    with pytest.raises(KeyboardInterrupt):
        new(NewRequest(dest=dest, interactive=True, vcs_ref="HEAD"), prompter=Script(*MICRO, "cancel"))
    assert list(tmp_path.iterdir()) == []


def test_generate_renders_under_the_progress_indicator(tmp_path):
    dest = tmp_path / "shop"
    seen = []

    @contextmanager
    def progress(message):
        seen.append((message, dest.exists()))
        yield
        seen.append(("done", dest.exists()))

    new(NewRequest(dest=dest, interactive=True, vcs_ref="HEAD"), prompter=Script(*MICRO, "generate"),
        progress=progress)
    assert seen == [(f"Generating {dest} from stack", False), ("done", True)]
    assert (dest / "services" / "api" / "go.mod").is_file()


@pytest.mark.parametrize("interrupt_at", [0, 3, 7, len(MICRO)])
def test_interrupt_propagates_so_nothing_is_written(tmp_path, interrupt_at):
    class Interrupting(Script):
        def _next(self, message):
            if len(self.asked) == interrupt_at:
                raise KeyboardInterrupt
            return super()._next(message)

    script = Interrupting(*MICRO, "generate")
    with pytest.raises(KeyboardInterrupt):
        new(NewRequest(dest=tmp_path / "shop", interactive=True, vcs_ref="HEAD"), prompter=script)
    assert len(script.asked) == interrupt_at
    assert list(tmp_path.iterdir()) == []


def test_long_messages_wrap_to_the_terminal_at_word_boundaries(monkeypatch):
    monkeypatch.setenv("COLUMNS", "32")
    message = "'averyveryverylongname' is not allowed: use 2-20 lowercase letters, digits and single hyphens"
    lines = wrap_to_terminal(message).splitlines()
    assert len(lines) > 2 and all(len(line) <= 30 for line in lines)
    assert " ".join(lines) == message


def trait_answers(**chosen):
    """Answers to the advisor's questions, in the table's order: the defaults but for `chosen`."""
    answers = []
    for key, trait in load_rules().traits.items():
        value = chosen.get(key, trait.default)
        answers.append(", ".join(value) if isinstance(value, list) else str(value) if trait.kind != "choice" else value)
    return answers


def test_help_me_choose_preselects_the_recommendation_and_records_it(tmp_path):
    script = Script("shop", "Our shop", "help", *trait_answers(traffic="spiky", longest_job="hours", cloud="aws"),
                    "hybrid", "aws", "notify", "python", "queue", False, "api", "go", "none", False,
                    "nginx", "terraform", "github", "generate")
    spec = interview(script, {}, "shop", tmp_path / "shop")
    assert script.offered["Architecture"][0][1] == "help"  # the first option
    assert script.asked.count("Architecture") == 2
    assert script.defaults["Architecture"] == "hybrid" and script.defaults["Cloud provider"] == "aws"
    recommendation = dict((row.label, row.value) for row in script.summaries[0])
    assert recommendation["recommended"] == "hybrid on AWS"
    assert "spikes" in recommendation["why (traffic)"] and "continuously" in recommendation["why (longest_job)"]
    advice = spec.architecture_advice
    assert advice.recommended == "hybrid" and advice.traits["traffic"] == "spiky"
    assert {reason.criterion for reason in advice.reasons} >= {"traffic", "longest_job"}
    assert ("advice", "recommended hybrid, reasons in docs/adr/0001-architecture.md", None) in script.summaries[-1]


def test_the_recommendation_can_be_overridden(tmp_path):
    script = Script("shop", "Our shop", "help", *trait_answers(teams="6", legacy_rewrite="yes"),
                    "serverless", "faas", "aws", "resize", "node", "http", False, "terraform", "github", "generate")
    spec = interview(script, {}, "shop", tmp_path / "shop")
    assert script.defaults["Architecture"] == "microservices"  # preselected, then changed
    assert spec.architecture == "serverless" and spec.architecture_advice.recommended == "microservices"


def test_a_bad_trait_is_refused_at_its_prompt(tmp_path):
    answers = trait_answers()
    teams = list(load_rules().traits).index("teams")
    answers[teams:teams] = ["none"]  # refused, then the default
    script = Script("shop", "d", "help", *answers, "serverless", "faas", "aws", "resize", "node", "http", False,
                    "terraform", "github", "generate")
    interview(script, {}, "shop", tmp_path / "shop")
    assert script.rejections == ["'none' is not a whole number"]
