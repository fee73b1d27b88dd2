"""The ministry dashboard: its figures gathered and its charts labelled in the reader's language."""

from dataclasses import dataclass

from flask_babel import format_date
from flask_babel import lazy_gettext as _l

from crowdfund.accounts.countries import country_names
from crowdfund.projects.reference import sector_label
from crowdfund.reporting import figures
from crowdfund.reporting.ageing import BUCKETS, queue_ageing
from crowdfund.reporting.charts import ChartRow, bar_chart
from crowdfund.timeutil import utcnow
from crowdfund.updates.reporting import overdue_reports


@dataclass(frozen=True)
class Dashboard:
    totals: figures.Totals
    #: [(ProjectState, number of projects)] in the order of the lifecycle.
    projects_by_state: list
    charts: list
    ageing: list
    ageing_labels: list
    #: [(project, ReportingDuty)] of projects whose progress report is overdue.
    overdue: list


def ministry_dashboard(*, rtl=False, now=None):
    """Everything the dashboard shows, in a fixed number of queries."""
    now = now or utcnow()
    return Dashboard(
        totals=figures.totals(),
        projects_by_state=list(figures.projects_by_state().items()),
        charts=[
            _region_chart(rtl),
            _sector_chart(rtl),
            _month_chart(rtl, now),
            _country_chart(rtl),
        ],
        ageing=queue_ageing(now),
        ageing_labels=[label for _days, label in BUCKETS],
        overdue=overdue_reports(now),
    )


_MONEY_DESCRIPTION = _l(
    "Bars: money raised; the darker part of each bar: money disbursed. "
    "The table that follows gives every figure."
)


def _region_chart(rtl):
    return bar_chart(
        "region",
        _l("Raised and disbursed by region"),
        _MONEY_DESCRIPTION,
        [_money_row(share.key.name, share) for share in figures.by_region()],
        heading=_l("Region"),
        rtl=rtl,
        count_label=_l("Projects"),
    )


def _sector_chart(rtl):
    return bar_chart(
        "sector",
        _l("Raised and disbursed by sector"),
        _MONEY_DESCRIPTION,
        [_money_row(sector_label(share.key), share) for share in figures.by_sector()],
        heading=_l("Sector"),
        rtl=rtl,
        count_label=_l("Projects"),
    )


def _month_chart(rtl, now):
    return bar_chart(
        "month",
        _l("Raised and disbursed by month"),
        _MONEY_DESCRIPTION,
        [
            ChartRow(format_date(share.key, "MMMM y"), share.raised, share.disbursed)
            for share in figures.by_month(now)
        ],
        heading=_l("Month"),
        rtl=rtl,
    )


def _country_chart(rtl):
    names = country_names()
    return bar_chart(
        "country",
        _l("Gifts by donors' country of residence"),
        _l(
            "Bars: gifts kept by the projects, refunds deducted. The table that follows gives "
            "every figure."
        ),
        [
            ChartRow(names.get(share.key, share.key), share.raised, count=share.count)
            for share in figures.by_donor_country()
        ],
        heading=_l("Country of residence"),
        rtl=rtl,
        count_label=_l("Donors"),
    )


def _money_row(label, share):
    return ChartRow(label, share.raised, share.disbursed, share.count)
