"""How a stack's answers grow when `stackcraft add` brings a unit of a kind it lacks.

A serverless (FaaS) stack that gets a service, or a microservices stack that gets a
function, becomes hybrid: microservices plus FaaS functions. The first service of a
stack also brings its API gateway. A change of architecture is recorded as the next
architecture decision (docs/adr/NNNN-architecture-hybrid.md in the repo). A BaaS stack takes
functions of its provider only (a Supabase Edge Function, a Cloud Function for Firebase, an
Amplify function).
"""

from __future__ import annotations

from typing import Any

from generator.errors import SpecError

DEFAULT_GATEWAY = "nginx"


def has_services(answers: dict[str, Any]) -> bool:
    """True when the recorded answers already run services (and so have a gateway)."""
    return answers.get("architecture") in ("microservices", "hybrid")


def grown_answers(current: dict[str, Any], kind: str, unit: dict[str, Any],
                  gateway: str | None = None) -> dict[str, Any]:
    """The answers with `unit` appended to `kind` ("services" or "functions").

    The architecture becomes hybrid when the stack lacked that kind of unit; the
    gateway is `gateway`, or nginx, when the stack had no services before. A gateway
    differing from the one the stack already has is refused: `add` adds units, it does
    not swap the gateway.
    """
    grown = dict(current)
    architecture = grown.get("architecture", "hybrid")
    if architecture == "serverless" and grown.get("serverless_kind", "faas") == "baas":
        if kind != "functions" or gateway is not None:
            raise SpecError(kind if gateway is None else "gateway",
                            f"a baas stack has no {kind if gateway is None else 'gateway'}; it takes functions "
                            f"of its provider ({grown.get('baas_provider', 'supabase')}) only")
        grown[kind] = list(grown.get(kind) or []) + [unit]  # a provider function: the stack stays baas
        return grown
    if architecture == "serverless" and grown.get("serverless_kind", "faas") != "faas":
        raise SpecError(kind, f"a {grown.get('serverless_kind')} stack has no {kind}; "
                        "add works on serverless (faas), microservices and hybrid stacks")
    if kind == "services":
        if has_services(grown):
            if gateway is not None and gateway != grown.get("gateway", DEFAULT_GATEWAY):
                raise SpecError("gateway", f"the stack already has its gateway "
                                f"({grown.get('gateway', DEFAULT_GATEWAY)}); --gateway applies to the first service")
        else:
            grown["gateway"] = gateway or DEFAULT_GATEWAY
    elif gateway is not None:
        raise SpecError("gateway", "applies to services only")
    missing_kind = (kind == "services" and architecture == "serverless") or \
                   (kind == "functions" and architecture == "microservices")
    if missing_kind:
        grown["architecture"] = "hybrid"
        grown.pop("serverless_kind", None)
        grown["architecture_decisions"] = recorded_decision(grown, architecture, f"add {kind[:-1]} {unit.get('name')}")
    grown[kind] = list(grown.get(kind) or []) + [unit]
    return grown


def recorded_decision(answers: dict[str, Any], previous: str, change: str) -> list[dict[str, Any]]:
    """The stack's architecture decisions with one more: the next ADR (0002, 0003, ...)."""
    decisions = [dict(item) for item in answers.get("architecture_decisions") or [] if isinstance(item, dict)]
    decisions.append({"number": len(decisions) + 2, "architecture": answers["architecture"],
                      "previous": previous, "change": f"stackcraft {change}"})
    return decisions
