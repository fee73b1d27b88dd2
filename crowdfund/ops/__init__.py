"""Running in production: proxies, request ids, JSON logs, health checks and metrics.

Nothing here is imported at module level beyond what `init_app` needs, so that
`gunicorn.conf.py` can import the logging setup before prometheus_client is
loaded (its multiprocess mode is chosen when it is first imported).
"""


def init_app(app):
    """Wire the production plumbing into `app`; called first by `create_app`."""
    from crowdfund.ops import logs, metrics, proxy, request_id, views

    proxy.trust_proxies(app)
    request_id.init_app(app)
    metrics.init_app(app)
    if app.config.get("LOG_JSON"):
        logs.configure_logging(app.config.get("LOG_LEVEL", "INFO"))
    app.register_blueprint(views.bp)
