"""An Amplify Gen 2 stack: the backend definition (amplify/) type-checked by tsc against the
real `@aws-amplify/backend` types, the functions' handler tests (vitest) and the typed client's
tests and types.

The root package.json is Amplify's tooling, as `npm create amplify` makes it (the backend
library, the `ampx` CLI, the AWS CDK, TypeScript); it is installed with `npm ci
--ignore-scripts`: only types and vitest are used here, nothing is synthesised or deployed.
The client's types come from amplify/data/resource.ts, so its type check needs that install
too. The owner rule itself runs in AppSync: the generated CI deploys it, nothing here can.
"""

from __future__ import annotations

from .baasparts import is_backend, make_test, part, tsc
from .discover import Repo
from .results import Outcome
from .runner import Check
from .units import npm_install

ROOT = "."  # Amplify's tooling: the repository's own package.json
BACKEND = "amplify"
CLIENT = "client"


def checks(repo: Repo) -> list[Check]:
    if not is_backend(repo, "amplify"):
        return []
    found = []
    if (repo.root / "package.json").is_file() and (repo.root / BACKEND / "tsconfig.json").is_file():
        found.append(Check("tsc --noEmit --strict", BACKEND, lambda: backend_types(repo), slow=True))
        found.append(Check("make test-functions (vitest)", f"{BACKEND}/functions",
                           lambda: tooling(repo) or make_test(repo, ROOT, "test-functions"), slow=True))
    if (repo.root / CLIENT / "package.json").is_file():
        found.append(Check("make test (vitest)", CLIENT, lambda: make_test(repo, CLIENT), slow=True))
        found.append(Check("tsc --noEmit --strict", CLIENT, lambda: tooling(repo) or tsc(repo, CLIENT), slow=True))
    return found


def tooling(repo: Repo) -> Outcome | None:
    """Amplify's tooling in the root node_modules, as package-lock.json pins it; a failed outcome
    or None. The client's type check needs it too: its Schema type is the backend's."""
    failed, _ = npm_install(repo, part(ROOT), ignore_scripts=True)
    return failed


def backend_types(repo: Repo) -> Outcome:
    """`tsc --noEmit -p amplify/tsconfig.json` with the TypeScript and the Amplify packages that
    package-lock.json pins."""
    return tooling(repo) or tsc(repo, ROOT, f"{BACKEND}/tsconfig.json")
