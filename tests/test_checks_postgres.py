"""The check's side of services that own a database: throwaway PostgreSQL clusters, and Go
units built offline against Debian's packaged module sources."""

from __future__ import annotations

import socket

import pytest

from generator.checks import gomodules, live, postgres, units
from generator.checks.discover import scan
from generator.checks.results import Status
from tests.test_checks_support import assert_status, make_repo, project_tools, run_family  # noqa: F401
from tests.test_matrix import generate

pytestmark = pytest.mark.usefixtures("project_tools")


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_a_cluster_gives_each_database_its_own_password_and_is_gone_after_stop():
    cluster = postgres.start()
    try:
        url = cluster.create_database("shop")
        password = url.split(":")[2].split("@")[0]
        assert url.startswith("postgresql://shop:") and f"127.0.0.1:{cluster.port}/shop" in url
        assert cluster.psql("SELECT current_user || '@' || current_database()",
                            user="shop", password=password, database="shop") == "shop@shop"
        with pytest.raises(postgres.ClusterError, match="password authentication failed"):
            cluster.psql("SELECT 1", user="shop", password="wrong-password", database="shop")
    finally:
        cluster.stop()
    assert not listening(cluster.port)
    assert not cluster.root.exists()


def test_requirements_reads_single_and_block_requires():
    go_mod = """module shop/services/ledger

go 1.22

require github.com/lib/pq v1.10.9

require (
	example.com/a v0.1.0 // indirect
	example.com/b/v2 v2.3.4
)
"""
    assert gomodules.requirements(go_mod) == [
        ("github.com/lib/pq", "v1.10.9"), ("example.com/a", "v0.1.0"), ("example.com/b/v2", "v2.3.4"),
    ]
    assert gomodules.requirements("module x\n\ngo 1.22\n") == []


def test_workspace_replaces_each_module_with_its_packaged_source(tmp_path, monkeypatch):
    gocode = tmp_path / "gocode"
    (gocode / "github.com/lib/pq").mkdir(parents=True)
    (gocode / "github.com/lib/pq/go.mod").write_text("module github.com/lib/pq\n")
    monkeypatch.setattr(gomodules, "GOCODE", gocode)
    unit = tmp_path / "ledger"
    unit.mkdir()
    (unit / "go.mod").write_text("module x\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n")
    work = gomodules.workspace(unit, tmp_path / "cache")
    assert work is not None and not work.is_relative_to(unit)  # nothing written into the unit
    text = work.read_text()
    assert f"use {unit}" in text
    assert f"replace github.com/lib/pq v1.10.9 => {gocode}/github.com/lib/pq" in text
    assert sorted(p.name for p in unit.iterdir()) == ["go.mod"]


def test_a_go_unit_whose_module_has_no_packaged_source_fails_naming_the_package(tmp_path, monkeypatch):
    monkeypatch.setattr(gomodules, "GOCODE", tmp_path / "empty")
    repo = make_repo(tmp_path / "repo", {
        "services/ledger/go.mod": "module x\n\ngo 1.22\n\nrequire github.com/lib/pq v1.10.9\n",
        "services/ledger/Makefile": "test:\n\tgo test ./...\n",
    })
    [result] = run_family(units, repo)
    assert_status(result, Status.FAILED)
    assert "github.com/lib/pq" in result.detail and "golang-github-lib-pq-dev" in result.detail


@pytest.mark.slow
def test_the_live_run_fails_on_a_broken_migration_and_stops_its_cluster(tmp_path, monkeypatch):
    repo_dir = generate(tmp_path, "broken-migration", {
        "architecture": "microservices",
        "services": [{"name": "accounts", "language": "python", "database": "postgres"}],
    })
    migration = repo_dir / "services/accounts/app/migrations/versions/0001_create_items.py"
    migration.write_text(migration.read_text().replace('op.create_table(\n        "items",',
                                                       'op.execute("SELECT no_such_function()")\n    op.create_table(\n        "items",'))
    started: list[postgres.Cluster] = []
    original = postgres.start
    monkeypatch.setattr(postgres, "start", lambda: started.append(original()) or started[-1])
    [result] = run_family(live, scan(repo_dir))
    assert_status(result, Status.FAILED)
    assert "services/accounts: make migrate (first run) failed" in result.detail
    assert "no_such_function" in result.detail
    assert len(started) == 1 and not listening(started[0].port) and not started[0].root.exists()
