"""Services that own a database, as rendered: the migration step in every place that starts
the service, the resource in openapi.yaml, CI's PostgreSQL, and the Go driver pinned for the
real module proxy. (Their behaviour on a real PostgreSQL is proven by their own tests in the
render matrix.)"""

from __future__ import annotations

import pytest
import yaml

SERVICES = [
    {"name": "accounts", "language": "python", "database": "postgres"},
    {"name": "carts", "language": "typescript", "database": "postgres"},
    {"name": "ledger", "language": "go", "database": "postgres"},
    {"name": "search", "language": "python", "database": "none"},
    {"name": "rates", "language": "go", "database": "none"},
]
MIGRATE = {
    "accounts": ["python", "-m", "app.migrate"],
    "carts": ["node", "dist/migrate.js"],
    "ledger": ["/usr/local/bin/ledger", "migrate"],
}
# github.com/lib/pq v1.10.9 as the public checksum database records it.
LIB_PQ_SUM = (
    "github.com/lib/pq v1.10.9 h1:YXG7RB+JIjhP29X+OtkiDnYaXQwpS4JEWq7dtCCRUEw=\n"
    "github.com/lib/pq v1.10.9/go.mod h1:AlVN5x4E4T544tWzH6hKfbfQvm3HdbOxrmggDNAPY9o=\n"
)


@pytest.fixture
def project(rendered):
    """One render for every test here (conftest's shared renders)."""
    return rendered({"project_name": "data-shop", "architecture": "microservices", "gateway": "nginx",
                     "services": SERVICES})


def test_migrations_run_before_each_database_service_and_only_there(project):
    compose = yaml.safe_load((project / "compose.yaml").read_text())["services"]
    for name, command in MIGRATE.items():
        migrate = compose[f"{name}-migrate"]
        assert migrate["entrypoint"] == command and migrate["restart"] == "no"
        assert migrate["depends_on"] == {f"{name}-db": {"condition": "service_healthy"}}
        assert migrate["environment"]["DATABASE_URL"] == compose[name]["environment"]["DATABASE_URL"]
        assert compose[name]["depends_on"] == {f"{name}-migrate": {"condition": "service_completed_successfully"}}

        pod = yaml.safe_load((project / f"services/{name}/k8s/deployment.yaml").read_text())["spec"]["template"]["spec"]
        [init] = pod["initContainers"]
        assert init["name"] == "migrate" and init["command"] == command
        assert init["image"] == pod["containers"][0]["image"]
        assert init["env"] == [{"name": "DATABASE_URL",
                                "valueFrom": {"secretKeyRef": {"name": f"{name}-db", "key": "DATABASE_URL"}}}]
        assert init["securityContext"] == pod["containers"][0]["securityContext"]
        assert "\nmigrate:" in (project / f"services/{name}/Makefile").read_text()
    for name in ("search", "rates"):
        assert f"{name}-migrate" not in compose and "depends_on" not in compose[name]
        pod = yaml.safe_load((project / f"services/{name}/k8s/deployment.yaml").read_text())["spec"]["template"]["spec"]
        assert "initContainers" not in pod
        assert "migrate:" not in (project / f"services/{name}/Makefile").read_text()


def test_openapi_describes_items_only_where_there_is_a_database(project):
    for service in SERVICES:
        document = yaml.safe_load((project / f"services/{service['name']}/openapi.yaml").read_text())
        if service["database"] == "postgres":
            assert set(document["paths"]["/items"]) == {"get", "post"}
            assert set(document["paths"]["/items/{id}"]) - {"parameters"} == {"get", "patch", "delete"}
            responses = document["paths"]["/items"]["post"]["responses"]
            assert {"201", "400", "409", "422"} <= set(responses)
            assert "application/problem+json" in document["components"]["responses"]["Conflict"]["content"]
            assert document["paths"]["/readyz"]["get"]["responses"]["503"]
        else:
            assert set(document["paths"]) == {"/healthz", "/readyz", "/"}


def test_ci_gives_database_services_a_postgres_container(project):
    for service in SERVICES:
        job = yaml.safe_load((project / f".github/workflows/service-{service['name']}.yml").read_text())["jobs"]["test"]
        if service["database"] == "postgres":
            assert job["services"]["postgres"]["image"].startswith("postgres:")
            assert job["env"]["TEST_DATABASE_URL"].startswith("postgresql://postgres:postgres@127.0.0.1:5432/")
        else:
            assert "services" not in job and "TEST_DATABASE_URL" not in str(job)


def test_go_pins_the_driver_for_the_real_module_proxy(project):
    assert "require github.com/lib/pq v1.10.9" in (project / "services/ledger/go.mod").read_text()
    assert (project / "services/ledger/go.sum").read_text() == LIB_PQ_SUM
    assert "COPY go.mod go.sum ./" in (project / "services/ledger/Dockerfile").read_text()
    assert "require" not in (project / "services/rates/go.mod").read_text()
    assert not (project / "services/rates/go.sum").exists()
