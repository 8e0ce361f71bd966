"""Where the built-in blueprints live: this checkout, or the copy packaged in the wheel."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
CHECKOUT_ROOT = PACKAGE_DIR.parent
BUNDLE_DIR = PACKAGE_DIR / "_bundled"


def running_from_checkout() -> bool:
    """True when stackcraft runs from its git repository (which is itself the copier template)."""
    return (CHECKOUT_ROOT / "copier.yml").is_file() and (CHECKOUT_ROOT / ".git").exists()


def template_root() -> Path:
    """The directory holding copier.yml and blueprints/."""
    return CHECKOUT_ROOT if running_from_checkout() else BUNDLE_DIR


def builtin_catalogue_file() -> Path:
    return template_root() / "blueprints" / "catalogue.yml"
