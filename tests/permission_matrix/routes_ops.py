from tests.permission_matrix.personas import PERSONAS

ROUTES = {
    "ops.healthz": {"GET": dict.fromkeys(PERSONAS, 200)},
    "ops.readyz": {"GET": dict.fromkeys(PERSONAS, 200)},
    # Off without METRICS_TOKEN (the suite sets none); a login never opens it.
    "ops.metrics": {"GET": dict.fromkeys(PERSONAS, 404)},
}
