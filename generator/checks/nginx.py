"""The nginx gateway: `nginx -t` on its configuration, rendered with loopback upstreams."""

from __future__ import annotations

import tempfile
from pathlib import Path

from .discover import Repo
from .gateway import GatewayConfigError, has_nginx, nginx_command, render
from .results import Outcome
from .runner import Check
from .tools import ToolMissing, find, run


SYSTEM_NGINX = Path("/usr/sbin/nginx")  # where distributions install it, off a normal user's PATH


def find_nginx() -> str:
    """nginx on PATH, next to the interpreter, or in /usr/sbin."""
    found = find("nginx") or (str(SYSTEM_NGINX) if SYSTEM_NGINX.is_file() else None)
    if found is None:
        raise ToolMissing("nginx")
    return found


def checks(repo: Repo) -> list[Check]:
    if not has_nginx(repo):
        return []
    return [Check("nginx -t", "gateway/nginx", lambda: nginx_test(repo))]


def nginx_test(repo: Repo) -> Outcome:
    nginx = find_nginx()
    with tempfile.TemporaryDirectory(prefix="stackcraft-nginx-") as tmp:
        prefix = Path(tmp)
        try:
            conf = render(repo, prefix, None)
        except GatewayConfigError as exc:
            return Outcome.fail(str(exc))
        done = run([*nginx_command(nginx, prefix, conf), "-t"], cwd=prefix, timeout=60)
    return Outcome.from_returncode(done.returncode, done.output.replace(tmp, "<prefix>"))
