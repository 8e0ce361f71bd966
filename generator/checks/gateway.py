"""The nginx gateway's configuration, rendered for a run on this machine.

The generated `gateway/nginx/` holds the main `nginx.conf` (its `include conf.d/*.conf` is
relative to the prefix) and `templates/*.template`, which the nginx image renders with
envsubst into `conf.d/`. Here the templates are rendered the same way with
`string.Template.safe_substitute` (nginx's own `$variables` stay untouched), upstreams point
at loopback addresses, and the pid file and temp paths move into the private prefix.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from .discover import Repo

NGINX_DIR = Path("gateway/nginx")
_PATH_DIRECTIVES = re.compile(r"^(\s*)(pid|\w+_temp_path)\s+(/[^\s;]+)(.*?);", re.M)
_LISTEN = re.compile(r"^(\s*)listen\s+[^;]+;", re.M)
_LEFTOVER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


class GatewayConfigError(Exception):
    """The gateway configuration cannot be rendered."""


def upstream_var(service: str) -> str:
    """"order-events" -> "ORDER_EVENTS_UPSTREAM" (the variable the template reads)."""
    return service.upper().replace("-", "_") + "_UPSTREAM"


def has_nginx(repo: Repo) -> bool:
    return (repo.root / NGINX_DIR).is_dir()


def placeholders(repo: Repo) -> list[str]:
    """The ${X_UPSTREAM} variables the gateway's templates read."""
    found: set[str] = set()
    for path in (repo.root / NGINX_DIR).rglob("*.template"):
        found.update(m for m in _LEFTOVER.findall(_strip_comments(path.read_text(encoding="utf-8")))
                     if m.endswith("_UPSTREAM"))
    return sorted(found)


def render(repo: Repo, prefix: Path, upstreams: dict[str, str] | None, *, listen: str | None = None) -> Path:
    """Write the gateway's configuration under PREFIX and return the main config file.

    UPSTREAMS maps service names to host:port (None: every placeholder gets a loopback address,
    enough for `nginx -t`); LISTEN, when given, replaces the `listen` address of the server
    (the first one per file; later ones are dropped)."""
    source = repo.root / NGINX_DIR
    if not source.is_dir():
        raise GatewayConfigError(f"{NGINX_DIR} not found")
    if upstreams is None:
        values = {var: f"127.0.0.1:{18080 + i}" for i, var in enumerate(placeholders(repo))}
    else:
        values = {upstream_var(name): address for name, address in upstreams.items()}
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source)
        if path.suffix == ".template":
            out = prefix / ("conf.d" if rel.parts[0] == "templates" else rel.parent) / path.stem
            if rel.parts[0] == "templates" and len(rel.parts) > 2:
                out = prefix / "conf.d" / Path(*rel.parts[1:-1]) / path.stem
            text = Template(path.read_text(encoding="utf-8")).safe_substitute(values)
            missing = sorted({m for m in _LEFTOVER.findall(_strip_comments(text)) if m.endswith("_UPSTREAM")})
            if missing:
                raise GatewayConfigError(f"{rel}: no service for {', '.join(missing)}")
            if listen:
                text = _relisten(text, listen)
        else:
            out = prefix / rel
            text = path.read_text(encoding="utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_private_paths(text, prefix), encoding="utf-8")
    main = prefix / "nginx.conf"
    if not main.exists():  # only server-level templates: wrap them like the nginx image does
        main.write_text("events {}\nhttp {\n    include conf.d/*.conf;\n}\n", encoding="utf-8")
    return main


def nginx_command(nginx: str, prefix: Path, conf: Path) -> list[str]:
    """nginx with a private prefix and errors on stderr (not the system's error log)."""
    return [nginx, "-p", f"{prefix}/", "-c", str(conf), "-e", "stderr"]


def _private_paths(text: str, prefix: Path) -> str:
    """Point `pid` and `*_temp_path` at files inside PREFIX, so runs never share /tmp paths."""
    return _PATH_DIRECTIVES.sub(lambda m: f"{m.group(1)}{m.group(2)} {prefix / Path(m.group(3)).name}{m.group(4)};",
                                text)


def _relisten(text: str, listen: str) -> str:
    seen = False

    def replace(match: re.Match) -> str:
        nonlocal seen
        line = f"{match.group(1)}listen {listen};" if not seen else f"{match.group(1)}# (listen dropped for the local run)"
        seen = True
        return line

    return _LISTEN.sub(replace, text)


def _strip_comments(text: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


