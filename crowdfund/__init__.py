"""Twiza: diaspora giving to vetted local development projects in Morocco."""

from flask import Flask

from config import BASE_DIR, CONFIGS


def create_app(config="development"):
    """Build the application from a config class or its name."""
    config_class = CONFIGS[config] if isinstance(config, str) else config
    if hasattr(config_class, "check"):
        config_class.check()

    app = Flask(
        __name__,
        template_folder=str(BASE_DIR / "templates"),
        instance_path=str(config_class.INSTANCE_DIR),
    )
    app.config.from_object(config_class)

    from crowdfund.urls import DatabaseIdConverter

    # Before any route is added, so that every <int:…> is an id the database can hold.
    app.url_map.converters["int"] = DatabaseIdConverter

    from crowdfund import ops

    # First, so that its request id and timer are set before any other hook runs.
    ops.init_app(app)
    _init_extensions(app)
    _register_blueprints(app)
    _register_template_helpers(app)

    from crowdfund import errors, security
    from crowdfund.cli import register_commands

    errors.register(app)
    security.init_app(app)
    register_commands(app)
    return app


def _init_extensions(app):
    from crowdfund import all_models, i18n, page_cache  # noqa: F401  (all_models registers the schema)
    from crowdfund.accounts import sessions
    from crowdfund.extensions import (
        babel,
        configure_sqlite,
        csrf,
        db,
        limiter,
        login_manager,
        mail,
        migrate,
    )
    from crowdfund.models import include_in_autogenerate
    from crowdfund.notifications import handlers as mail_handlers  # noqa: F401  (it registers)
    from crowdfund.payments import init_app as init_payments
    from crowdfund.pledges import checks, handlers, reconcile  # noqa: F401  (they register)
    from crowdfund.receipts import handlers as receipt_handlers  # noqa: F401  (it registers)

    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(
        app,
        db,
        directory=str(BASE_DIR / "migrations"),
        render_as_batch=True,
        include_object=include_in_autogenerate,
    )
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    login_manager.init_app(app)
    sessions.configure(login_manager)
    init_payments(app)
    page_cache.init_app(app)


def _register_blueprints(app):
    from crowdfund.accounts.views import bp as accounts_bp
    from crowdfund.admin.views import bp as admin_bp
    from crowdfund.api.views import bp as api_bp
    from crowdfund.audit.views import bp as audit_bp
    from crowdfund.catalogue.views import bp as catalogue_bp
    from crowdfund.cofunding.views import bp as cofunding_bp
    from crowdfund.dashboard.views import bp as dashboard_bp
    from crowdfund.files.views import bp as files_bp
    from crowdfund.fx.views import bp as fx_bp
    from crowdfund.i18n import bp as i18n_bp
    from crowdfund.matching.views import bp as matching_bp
    from crowdfund.milestones.views import bp as milestones_bp
    from crowdfund.notifications.views import bp as notifications_bp
    from crowdfund.notifications.views import unsubscribe
    from crowdfund.opendata.views import bp as opendata_bp
    from crowdfund.organisations.views import bp as organisations_bp
    from crowdfund.payments.webhooks import bp as payments_bp
    from crowdfund.payments.webhooks import stripe_webhook
    from crowdfund.pledges.admin_views import bp as pledge_admin_bp
    from crowdfund.pledges.views import bp as pledges_bp
    from crowdfund.projects.views import bp as projects_bp
    from crowdfund.receipts.views import bp as receipts_bp
    from crowdfund.reporting.views import bp as reporting_bp
    from crowdfund.review.views import bp as review_bp
    from crowdfund.updates.views import bp as updates_bp

    for blueprint in (
        catalogue_bp,
        accounts_bp,
        organisations_bp,
        projects_bp,
        review_bp,
        admin_bp,
        audit_bp,
        reporting_bp,
        matching_bp,
        cofunding_bp,
        milestones_bp,
        dashboard_bp,
        fx_bp,
        files_bp,
        api_bp,
        opendata_bp,
        i18n_bp,
        payments_bp,
        pledges_bp,
        pledge_admin_bp,
        receipts_bp,
        updates_bp,
        notifications_bp,
    ):
        app.register_blueprint(blueprint)

    from crowdfund.extensions import csrf

    csrf.exempt(api_bp)
    # Stripe signs its webhooks; it cannot know a CSRF token.
    csrf.exempt(stripe_webhook)
    # Mail programs unsubscribe with a one-click POST (RFC 8058); the signed link is the check.
    csrf.exempt(unsubscribe)


def _register_template_helpers(app):
    from crowdfund import formatting, i18n

    i18n.register_template_context(app)
    formatting.register_filters(app)
