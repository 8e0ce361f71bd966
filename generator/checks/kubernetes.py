"""Kubernetes: build every kustomization (kubectl kustomize, or kustomize build), then
kubernetes-validate --strict on what was built and on every plain manifest."""

from __future__ import annotations

from pathlib import Path

from .discover import Repo, count
from .results import Outcome
from .runner import Check
from .tools import ToolMissing, find, require, run

KUSTOMIZATIONS = ("kustomization.yaml", "kustomization.yml", "Kustomization")
PATCH_KEYS = ("patches", "patchesStrategicMerge", "patchesJson6902")


def kustomize_command() -> list[str]:
    kubectl = find("kubectl")
    if kubectl:
        return [kubectl, "kustomize"]
    kustomize = find("kustomize")
    if kustomize:
        return [kustomize, "build"]
    raise ToolMissing("kubectl")


def checks(repo: Repo) -> list[Check]:
    kdirs = sorted({p.parent for p in repo.glob(*KUSTOMIZATIONS)})
    plan = [Check("kustomize + kubernetes-validate", d.as_posix(), lambda d=d: build_and_validate(repo, d))
            for d in kdirs]
    manifests = plain_manifests(repo)
    if manifests:
        plan.append(Check("kubernetes-validate", count(len(manifests), "manifest"), lambda: validate_files(repo, manifests)))
    return plan


def build_and_validate(repo: Repo, rel: Path) -> Outcome:
    built = run([*kustomize_command(), str(rel)], cwd=repo.root, timeout=120, merge=False)
    if built.returncode != 0:
        return Outcome.fail(f"kustomize build failed:\n{built.stderr.strip() or built.output.strip()}")
    if not built.output.strip():
        return Outcome.fail("kustomize built no resources")
    exe = require("kubernetes-validate")
    done = run([exe, "--strict", "--quiet", "-"], cwd=repo.root, input=built.output, timeout=120)
    resources = built.output.count("\nkind:") + built.output.startswith("kind:")
    return Outcome.from_returncode(done.returncode, done.output, count(resources, "resource"))


def validate_files(repo: Repo, files: list[Path]) -> Outcome:
    exe = require("kubernetes-validate")
    done = run([exe, "--strict", "--quiet", *map(str, files)], cwd=repo.root, timeout=120)
    return Outcome.from_returncode(done.returncode, done.output)


def plain_manifests(repo: Repo) -> list[Path]:
    """YAML files whose documents are all Kubernetes objects, minus kustomize files and patches."""
    import yaml

    patches: set[Path] = set()
    candidates: list[Path] = []
    for rel in repo.glob("*.yml", "*.yaml"):
        try:
            docs = [d for d in yaml.safe_load_all(repo.text(rel)) if d is not None]
        except yaml.YAMLError:
            continue  # reported by the syntax check
        if rel.name in KUSTOMIZATIONS:
            for doc in docs:
                patches.update(_patch_files(rel.parent, doc))
            continue
        if docs and all(_is_k8s_object(d) for d in docs):
            candidates.append(rel)
    return [p for p in candidates if p not in patches]


def _is_k8s_object(doc: object) -> bool:
    return (isinstance(doc, dict) and isinstance(doc.get("kind"), str) and isinstance(doc.get("apiVersion"), str)
            and not doc["apiVersion"].startswith("kustomize.config.k8s.io"))


def _patch_files(base: Path, kustomization: object) -> set[Path]:
    found: set[Path] = set()
    if not isinstance(kustomization, dict):
        return found
    for key in PATCH_KEYS:
        for entry in kustomization.get(key) or []:
            path = entry.get("path") if isinstance(entry, dict) else entry
            if isinstance(path, str) and "\n" not in path:
                found.add(Path(_normalise(base / path)))
    return found


def _normalise(path: Path) -> str:
    import posixpath

    return posixpath.normpath(path.as_posix())
