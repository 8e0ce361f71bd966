"""What one check found: the tool, what it looked at, the outcome and how long it took."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Status(str, Enum):
    """Outcome of a check. Only PASSED and NOT_APPLICABLE never fail a run."""

    PASSED = "passed"
    FAILED = "failed"
    MISSING = "missing"  # the tool is not installed: a failure unless missing tools are allowed
    NOT_APPLICABLE = "not-applicable"  # nothing to run here (e.g. terraform validate without providers)

    def __str__(self) -> str:
        return self.value


@dataclass
class CheckResult:
    """One row of the report."""

    tool: str
    target: str
    status: Status
    seconds: float = 0.0
    detail: str = ""

    def failed(self, *, allow_missing: bool = False) -> bool:
        """True when this result makes `stackcraft check` exit 1."""
        if self.status is Status.FAILED:
            return True
        return self.status is Status.MISSING and not allow_missing

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["status"] = self.status.value
        data["seconds"] = round(self.seconds, 2)
        return data


class Outcome:
    """What a check function returns before the runner times it: a status and a detail."""

    __slots__ = ("status", "detail")

    def __init__(self, status: Status, detail: str = "") -> None:
        self.status = status
        self.detail = detail

    @classmethod
    def ok(cls, detail: str = "") -> "Outcome":
        return cls(Status.PASSED, detail)

    @classmethod
    def fail(cls, detail: str) -> "Outcome":
        return cls(Status.FAILED, detail)

    @classmethod
    def not_applicable(cls, detail: str) -> "Outcome":
        return cls(Status.NOT_APPLICABLE, detail)

    @classmethod
    def from_returncode(cls, code: int, output: str, ok_detail: str = "") -> "Outcome":
        return cls.ok(ok_detail) if code == 0 else cls.fail(output.strip() or f"exit code {code}")
