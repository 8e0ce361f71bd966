"""Folders that hold installed or built things, never sources: no scan of a repository enters them."""

IGNORED_DIRS = frozenset(
    {
        ".git", "node_modules", ".venv", "venv", "__pycache__", ".terraform", ".pytest_cache",
        ".mypy_cache", ".ruff_cache", ".hypothesis", "dist", "build", "coverage", ".aws-sam",
        "target", "bin", "obj", "vendor", ".tox", ".next", ".cache", ".wrangler",
    }
)
