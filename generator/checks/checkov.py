"""Security of IaC, Dockerfiles, manifests and workflows: checkov over the whole repository.

Generated files must have 0 failed checks; a check that is deliberately not met carries
checkov's inline `checkov:skip=CKV_...:reason` comment, which checkov reports as skipped.
"""

from __future__ import annotations

import json

from . import checkov_frameworks
from .discover import Repo
from .results import Outcome, Status
from .runner import Check
from .tools import require, run

FRAMEWORKS = checkov_frameworks()  # declared by the check families
SKIP_PATHS = ("node_modules", ".venv", ".terraform", ".aws-sam")


def checks(repo: Repo) -> list[Check]:
    return [Check("checkov", "repository", lambda: checkov(repo), slow=True)]


def checkov(repo: Repo) -> Outcome:
    exe = require("checkov")
    cmd = [exe, "-d", ".", "--skip-download", "--quiet", "--compact", "-o", "json", "--framework", *FRAMEWORKS]
    for path in SKIP_PATHS:
        cmd += ["--skip-path", path]
    done = run(cmd, cwd=repo.root, timeout=900, merge=False)
    try:
        reports = json.loads(done.output)
    except json.JSONDecodeError:
        return Outcome.fail(f"checkov exited {done.returncode} without a JSON report:\n"
                            f"{(done.stderr or done.output).strip()[-2000:] or '(no output)'}")
    outcome = summarise(reports)
    if done.returncode != 0 and outcome.status is Status.PASSED:
        return Outcome.fail(f"checkov exited {done.returncode} though its report shows no failure:\n"
                            f"{done.stderr.strip()[-2000:]}")
    return outcome


# What checkov prints when it found nothing to scan: the counts alone (the first four always).
EMPTY_SCAN_COUNTS = frozenset({"passed", "failed", "skipped", "parsing_errors"})
EMPTY_SCAN_KEYS = EMPTY_SCAN_COUNTS | {"resource_count", "checkov_version"}


def summarise(reports: object) -> Outcome:
    """Turn checkov's JSON (one report, a list of one per framework, or the counts of an empty
    scan) into an outcome; JSON of any other shape is a failure, never a pass."""
    if isinstance(reports, dict) and "results" not in reports:
        if EMPTY_SCAN_COUNTS <= reports.keys() <= EMPTY_SCAN_KEYS and not reports["failed"] and not reports["parsing_errors"]:
            return Outcome.ok("nothing to scan")
        return Outcome.fail(f"checkov printed JSON that is not a report: {json.dumps(reports)[:300]}")
    reports = [reports] if isinstance(reports, dict) else reports
    if not isinstance(reports, list) or not reports or not all(isinstance(r, dict) and "results" in r for r in reports):
        return Outcome.fail(f"checkov printed JSON that is not a report: {json.dumps(reports)[:300]}")
    passed = skipped = 0
    failures: list[str] = []
    for report in reports:
        summary = report.get("summary", {})
        passed += summary.get("passed", 0)
        skipped += summary.get("skipped", 0)
        results = report.get("results", {})
        for failed in results.get("failed_checks", []):
            lines = failed.get("file_line_range") or [0, 0]
            failures.append(f"{failed['check_id']} {failed.get('file_path', '').lstrip('/')}:{lines[0]} "
                            f"{failed.get('resource', '')}: {failed.get('check_name', '')}")
        errors = results.get("parsing_errors") or summary.get("parsing_errors", 0)
        if errors:
            failures.append(f"{report.get('check_type')}: checkov could not parse "
                            f"{errors if isinstance(errors, int) else ', '.join(map(str, errors))}"
                            f"{' file(s)' if isinstance(errors, int) else ''}")
    counts = f"{passed} passed, {skipped} skipped"
    if failures:
        return Outcome.fail(f"{len(failures)} failed, {counts}\n" + "\n".join(sorted(failures)))
    return Outcome.ok(counts)
