"""Shell scripts (shellcheck), Kubernetes manifests, the nginx gateway config: the cases beyond the plain
good/bad pair of tests/test_check_fixtures.py."""

from __future__ import annotations

import pytest

from generator.checks import kubernetes, shell
from generator.checks.results import Status
from tests.test_checks_support import assert_status, make_repo, only, project_tools, run_family  # noqa: F401

pytestmark = pytest.mark.usefixtures("project_tools")


def test_shellcheck_covers_sh_files_and_shebang_scripts(tmp_path):
    good = make_repo(tmp_path / "good", {"scripts/a.sh": '#!/bin/sh\nset -eu\necho "$1"\n',
                                         "scripts/deploy": '#!/usr/bin/env bash\necho "ok"\n'})
    assert shell.scripts(good) == [p for p in good.files if p.name in ("a.sh", "deploy")]
    assert_status(only(run_family(shell, good)), Status.PASSED)
    bad = make_repo(tmp_path / "bad", {"scripts/a.sh": "#!/bin/sh\nrm -rf $1/*\n"})
    result = only(run_family(shell, bad))
    assert_status(result, Status.FAILED)
    assert "SC2086" in result.detail


DEPLOYMENT = """
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: orders
    spec:
      replicas: 1
      selector:
        matchLabels: {app: orders}
      template:
        metadata:
          labels: {app: orders}
        spec:
          containers:
            - name: orders
              image: orders:0.1.0
              ports:
                - containerPort: 8080
    """
KUSTOMIZATION = """
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - deployment.yaml
    """
OVERLAY = """
    apiVersion: kustomize.config.k8s.io/v1beta1
    kind: Kustomization
    resources:
      - ../../base
    patches:
      - path: replicas.yaml
    """
PATCH = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: orders\nspec:\n  replicas: 3\n"


def k8s_repo(root, deployment=DEPLOYMENT):
    return make_repo(root, {
        "deploy/k8s/base/deployment.yaml": deployment,
        "deploy/k8s/base/kustomization.yaml": KUSTOMIZATION,
        "deploy/k8s/overlays/prod/kustomization.yaml": OVERLAY,
        "deploy/k8s/overlays/prod/replicas.yaml": PATCH,  # a patch alone is not a valid object
    })


def test_kustomizations_build_and_validate(tmp_path):
    results = run_family(kubernetes, k8s_repo(tmp_path))
    assert [r.target for r in results] == ["deploy/k8s/base", "deploy/k8s/overlays/prod", "1 manifest"]
    for result in results:
        assert_status(result, Status.PASSED)


def test_invalid_manifest_fails_built_and_plain(tmp_path):
    results = run_family(kubernetes, k8s_repo(tmp_path, DEPLOYMENT.replace("replicas: 1", 'replicas: "one"')))
    assert all(r.status is Status.FAILED for r in results), results
    assert "replicas" in results[-1].detail


def test_unknown_field_fails_strict_validation(tmp_path):
    typo = DEPLOYMENT.replace("      replicas: 1\n", "      replicas: 1\n      replicaz: 2\n")  # a sibling of replicas
    assert typo.count("replicaz") == 1
    results = run_family(kubernetes, k8s_repo(tmp_path, typo))
    assert_status(results[-1], Status.FAILED)
    assert "replicaz" in results[-1].detail


def test_broken_kustomization_fails(tmp_path):
    repo = k8s_repo(tmp_path)
    (tmp_path / "deploy/k8s/base/kustomization.yaml").write_text(KUSTOMIZATION.replace("deployment.yaml", "missing.yaml"))
    results = run_family(kubernetes, repo)
    assert_status(results[0], Status.FAILED)
    assert "kustomize build failed" in results[0].detail


NGINX_CONF = """
    pid /tmp/never-used.pid;
    events {}
    http {
        include conf.d/*.conf;
    }
    """
TEMPLATE = """
    # ORDERS_UPSTREAM=orders:8080 (compose)
    upstream orders {
        server ${ORDERS_UPSTREAM};
    }
    server {
        listen 8080;
        location /api/orders/ {
            proxy_set_header X-Request-ID $request_id;
            proxy_pass http://orders/;
        }
    }
    """


def test_render_keeps_nginx_variables_and_moves_paths_into_the_prefix(tmp_path):
    from generator.checks.gateway import render

    repo = make_repo(tmp_path / "repo", {"gateway/nginx/nginx.conf": NGINX_CONF,
                                         "gateway/nginx/templates/default.conf.template": TEMPLATE})
    prefix = tmp_path / "prefix"
    main = render(repo, prefix, {"orders": "127.0.0.1:9001"}, listen="127.0.0.1:9000")
    server = (prefix / "conf.d" / "default.conf").read_text()
    assert "server 127.0.0.1:9001;" in server and "$request_id" in server
    assert "listen 127.0.0.1:9000;" in server
    assert f"pid {prefix}/never-used.pid;" in main.read_text()
