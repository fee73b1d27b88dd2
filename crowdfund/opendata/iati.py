"""IATI 2.03 activities: one per public project, built with lxml from the project and its flows.

Elements follow the order the schema's sequences require. Money comes from the
ledger's flows only, so that a file's transactions add up to the ledger's totals:
incoming funds (transaction type 1, refunds as negative values) to what the
project raised, disbursements (type 3) to what it has been paid.
"""

from dataclasses import dataclass
from datetime import UTC, timedelta
from decimal import Decimal

from flask import current_app
from lxml import etree

from crowdfund.geography.models import NAME_LANGUAGES
from crowdfund.opendata import codelists
from crowdfund.opendata.flows import FlowSource, FlowType
from crowdfund.timeutil import utcnow

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Publisher:
    """The platform, which reports every activity and manages their money."""

    ref: str
    name: str
    type: str


def platform_publisher():
    config = current_app.config
    return Publisher(
        ref=config["IATI_REPORTING_ORG_REF"],
        name=config["IATI_REPORTING_ORG_NAME"],
        type=config["IATI_REPORTING_ORG_TYPE"],
    )


def activity_identifier(publisher, project):
    """The activity's identifier: the reporting organisation's ref, then the project's slug."""
    return f"{publisher.ref}-{project.slug}"


def activities_root_attributes():
    return {
        "version": codelists.IATI_VERSION,
        "generated-datetime": utcnow().replace(microsecond=0, tzinfo=UTC).isoformat(),
    }


def iati_value(amount):
    """Minor units as the decimal IATI expects, e.g. 123456 → "1234.56"."""
    return f"{Decimal(amount).scaleb(-2):.2f}"


def _element(parent, tag, **attributes):
    return etree.SubElement(
        parent, tag, {name.replace("_", "-"): value for name, value in attributes.items()}
    )


def _narratives(parent, texts):
    """One narrative per (language, text); a None language is the text as its author wrote it."""
    for language, text in texts:
        narrative = etree.SubElement(parent, "narrative")
        if language:
            narrative.set(_XML_LANG, language)
        narrative.text = text
    return parent


def _as_written(text):
    return [(None, text)]


class ActivityBuilder:
    """Builds `iati-activity` elements; one builder serves a whole file.

    It holds what it needs of the request (the texts in every language, a URL
    adapter for links), so that a streamed file can be built after the request.
    """

    def __init__(self, publisher, words, urls):
        self.publisher = publisher
        self.words = words
        self.urls = urls

    def activity(self, project, flows, funders):
        activity = etree.Element(
            "iati-activity", {"default-currency": project.currency, "hierarchy": "1"}
        )
        _element(activity, "iati-identifier").text = activity_identifier(self.publisher, project)
        self._reporting_org(activity)
        _narratives(_element(activity, "title"), _as_written(project.title))
        description = f"{project.summary}\n\n{project.description}".strip()
        _narratives(_element(activity, "description", type="1"), _as_written(description))
        self._participating_orgs(activity, project, flows, funders)
        _element(activity, "activity-status", code=codelists.ACTIVITY_STATUS[project.state])
        self._dates(activity, project)
        _element(activity, "activity-scope", code=codelists.ACTIVITY_SCOPE)
        _element(activity, "recipient-country", code=codelists.RECIPIENT_COUNTRY, percentage="100")
        self._location(activity, project)
        self._sector(activity, project)
        for sdg in project.sdgs:
            tag = _element(activity, "tag", vocabulary=codelists.SDG_TAG_VOCABULARY, code=str(sdg))
            _narratives(tag, self.words["sdg", sdg])
        _element(activity, "default-finance-type", code=codelists.DEFAULT_FINANCE_TYPE)
        _element(activity, "default-aid-type", code=codelists.DEFAULT_AID_TYPE, vocabulary="1")
        for period_start, period_end, amount in budget_periods(project):
            self._budget(activity, project, period_start, period_end, amount)
        for flow in flows:
            self._transaction(activity, project, flow)
        self._project_page(activity, project)
        return activity

    def _reporting_org(self, activity):
        publisher = self.publisher
        reporting = _element(activity, "reporting-org", ref=publisher.ref, type=publisher.type)
        _narratives(reporting, _as_written(publisher.name))

    def _participating_orgs(self, activity, project, flows, funders):
        def participant(role, texts, **attributes):
            _narratives(_element(activity, "participating-org", role=role, **attributes), texts)

        if any(flow.source == FlowSource.DIASPORA for flow in flows):
            participant(codelists.FUNDING, self.words["diaspora_donors"])
        for sponsor in funders.sponsors:
            participant(codelists.FUNDING, _as_written(sponsor))
        for institution in funders.institutions:
            participant(
                codelists.FUNDING,
                _as_written(institution.name),
                type=codelists.INSTITUTION_TYPE[institution.kind],
            )
        participant(
            codelists.EXTENDING,
            _as_written(self.publisher.name),
            ref=self.publisher.ref,
            type=self.publisher.type,
        )
        organisation = project.organisation
        participant(
            codelists.IMPLEMENTING,
            _as_written(organisation.name),
            type=codelists.IMPLEMENTER_TYPE[organisation.kind],
        )

    def _dates(self, activity, project):
        def dated(date_type, day):
            if day is not None:
                _element(activity, "activity-date", type=date_type, iso_date=day.isoformat())

        started = _transition_date(project, {codelists.STARTING_ACTION})
        ended = _transition_date(project, codelists.ENDING_ACTIONS)
        dated(codelists.PLANNED_START, project.start_date)
        dated(codelists.ACTUAL_START, started)
        dated(codelists.PLANNED_END, planned_end(project))
        dated(codelists.ACTUAL_END, ended)

    def _location(self, activity, project):
        commune = project.commune
        location = _element(activity, "location")
        _element(location, "location-reach", code=codelists.LOCATION_REACH)
        names = [(language, commune.name_in(language)) for language in NAME_LANGUAGES]
        _narratives(_element(location, "name"), names)
        path = [
            (
                language,
                _list_separator(language).join(unit.name_in(language) for unit in commune.path),
            )
            for language in NAME_LANGUAGES
        ]
        _narratives(_element(location, "description"), path)
        point = _element(location, "point", srsName=codelists.POINT_SRS)
        etree.SubElement(point, "pos").text = f"{project.latitude} {project.longitude}"

    def _sector(self, activity, project):
        code = codelists.DAC_PURPOSE_CODE[project.sector_code]
        sector = _element(
            activity,
            "sector",
            vocabulary=codelists.SECTOR_VOCABULARY,
            code=code,
            percentage="100",
        )
        _narratives(sector, self.words["sector", project.sector_code])

    def _budget(self, activity, project, period_start, period_end, amount):
        # BudgetType 1 Original, BudgetStatus 1 Indicative: the plan the project was vetted on.
        budget = _element(activity, "budget", type="1", status="1")
        _element(budget, "period-start", iso_date=period_start.isoformat())
        _element(budget, "period-end", iso_date=period_end.isoformat())
        value = _element(
            budget, "value", currency=project.currency, value_date=period_start.isoformat()
        )
        value.text = iati_value(amount)

    def _transaction(self, activity, project, flow):
        transaction = _element(activity, "transaction")
        is_disbursement = flow.type == FlowType.DISBURSEMENT
        code = codelists.DISBURSEMENT if is_disbursement else codelists.INCOMING_FUNDS
        day = flow.day.isoformat()
        _element(transaction, "transaction-type", code=code)
        _element(transaction, "transaction-date", iso_date=day)
        value = _element(transaction, "value", currency=flow.currency, value_date=day)
        value.text = iati_value(flow.amount)
        if is_disbursement:
            if flow.description:
                _narratives(_element(transaction, "description"), _as_written(flow.description))
            self._platform_org(transaction, "provider-org")
            receiver = _element(transaction, "receiver-org")
            _narratives(receiver, _as_written(project.organisation.name))
            return
        _narratives(
            _element(transaction, "description"), self.words["flow", flow.type, flow.source]
        )
        self._provider(transaction, flow)
        self._platform_org(transaction, "receiver-org")

    def _provider(self, transaction, flow):
        provider = _element(transaction, "provider-org")
        if flow.source == FlowSource.DIASPORA:
            _narratives(provider, self.words["diaspora_donors"])
        elif flow.source == FlowSource.MATCHING and flow.fund is not None:
            _narratives(provider, _as_written(flow.fund.sponsor))
        else:
            _narratives(provider, self.words["institutional_cofunders"])

    def _platform_org(self, transaction, tag):
        org = _element(transaction, tag, ref=self.publisher.ref, type=self.publisher.type)
        _narratives(org, _as_written(self.publisher.name))

    def _project_page(self, activity, project):
        link = _element(
            activity,
            "document-link",
            url=self.urls.build("catalogue.project", {"slug": project.slug}, force_external=True),
            format="text/html",
        )
        _narratives(_element(link, "title"), self.words["project_page"])
        _element(link, "category", code=codelists.ACTIVITY_WEB_PAGE)


def _list_separator(language):
    return "، " if language == "ar" else ", "


def _transition_date(project, actions):
    moments = [t.created_at for t in project.transitions if t.action in actions]
    return max(moments).date() if moments else None


def planned_end(project):
    """The last milestone's target date; the campaign's end for a project without milestones."""
    return max((milestone.target_date for milestone in project.milestones), default=None) or (
        project.end_date
    )


def budget_periods(project):
    """(start, end, amount) of each year of the plan with money due, from its milestones.

    IATI budgets cover at most a year: the plan is cut into years from the start
    date, each milestone's amount counting in the year its target date falls in.
    """
    start = project.start_date
    end = max(planned_end(project), start)
    due = [(m.target_date, m.amount) for m in project.milestones] or [(end, project.goal_amount)]
    periods = []
    period_start = start
    while period_start <= end:
        next_start = _add_year(period_start)
        period_end = min(next_start - timedelta(days=1), end)
        amount = sum(
            amount for target, amount in due if period_start <= max(target, start) < next_start
        )
        if amount:
            periods.append((period_start, period_end, amount))
        period_start = next_start
    return periods


def _add_year(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
