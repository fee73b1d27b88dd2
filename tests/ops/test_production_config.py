"""ProductionConfig refuses to start with unsafe settings, and trusts nginx in front."""

import pytest

from config import ProductionConfig

SAFE = {
    "SECRET_KEY": "k" * 48,
    "STRIPE_WEBHOOK_SECRET": "whsec_production",
    "SERVER_NAME": "twiza.ma",
    "METRICS_TOKEN": "",
}


def production(**settings):
    return type("Production", (ProductionConfig,), {**SAFE, **settings})


@pytest.fixture
def database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://twiza@db.internal/twiza")


@pytest.mark.usefixtures("database_url")
def test_complete_settings_are_accepted():
    production().check()
    production(METRICS_TOKEN="m" * 32).check()


@pytest.mark.usefixtures("database_url")
@pytest.mark.parametrize(
    ("settings", "refusal"),
    [
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"STRIPE_WEBHOOK_SECRET": ""}, "STRIPE_WEBHOOK_SECRET"),
        ({"SERVER_NAME": None}, "SERVER_NAME"),
        ({"METRICS_TOKEN": "guessable"}, "METRICS_TOKEN"),
    ],
)
def test_unsafe_settings_are_refused(settings, refusal):
    with pytest.raises(RuntimeError, match=refusal):
        production(**settings).check()


def test_a_production_without_its_database_is_refused(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        production().check()


def test_production_logs_json_and_trusts_the_nginx_in_front_by_default():
    assert (ProductionConfig.LOG_JSON, ProductionConfig.TRUSTED_PROXY_COUNT) == (True, 1)
