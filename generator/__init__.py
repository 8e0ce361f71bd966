"""stackcraft: scaffold cloud-architecture repositories from copier blueprints."""

__version__ = "0.1.0"
