"""Projects as JSON for the public API: public data only, amounts in minor units."""

from datetime import UTC

from flask import url_for

from crowdfund.geography.models import NAME_LANGUAGES
from crowdfund.projects.reference import sector_label


def _unit(unit):
    names = {language: unit.name_in(language) for language in NAME_LANGUAGES}
    return {"code": unit.code, "names": names}


def _money(amount, currency):
    return {"amount": amount, "currency": currency}


def _timestamp(moment):
    return moment.replace(tzinfo=UTC).isoformat() if moment else None


def project_summary(project):
    """What the list of projects says about each one."""
    commune = project.commune
    return {
        "slug": project.slug,
        "url": url_for("catalogue.project", slug=project.slug, _external=True),
        "title": project.title,
        "summary": project.summary,
        "state": project.state.value,
        "funding_model": project.funding_model.value,
        "sector": {"code": project.sector_code, "name": str(sector_label(project.sector_code))},
        "sdgs": project.sdgs,
        "location": {
            "commune": _unit(commune),
            "province": _unit(commune.province),
            "region": _unit(commune.province.region),
            "latitude": project.latitude,
            "longitude": project.longitude,
        },
        "organisation": {
            "name": project.organisation.name,
            "kind": project.organisation.kind.value,
        },
        "goal": _money(project.goal_amount, project.currency),
        "raised": _money(project.raised_amount, project.currency),
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "published_at": _timestamp(project.published_at),
    }


def project_detail(project, vetting):
    """One project in full: its summary, story, plan and vetting record."""
    return {
        **project_summary(project),
        "links": {
            "transactions": url_for("api.project_transactions", slug=project.slug, _external=True),
            "iati_activity": url_for(
                "opendata.project_activity", slug=project.slug, _external=True
            ),
        },
        "description": project.description,
        "budget_lines": [
            {"label": line.label, "amount": line.amount, "currency": project.currency}
            for line in project.budget_lines
        ],
        "milestones": [
            {
                "title": milestone.title,
                "amount": milestone.amount,
                "currency": project.currency,
                "target_date": milestone.target_date.isoformat(),
            }
            for milestone in project.milestones
        ],
        "vetting": _vetting(vetting),
    }


def _vetting(record):
    if record is None:
        return None
    return {
        "reviewer": record.reviewer,
        "affiliation": record.affiliation,
        "date": _timestamp(record.vetted_at),
        "checklist_version": record.checklist_version,
        "decision": record.decision.value,
        "items": [
            {"key": item.key, "label": item.label, "passed": item.passed, "note": item.note}
            for item in record.items
        ],
    }


def project_page(page, query_args, per_page):
    """A page of projects with its position and links to its neighbours."""

    def link(number):
        return url_for(
            "api.list_projects", **query_args, page=number, per_page=per_page, _external=True
        )

    return {
        "data": [project_summary(project) for project in page.items],
        "meta": {"page": page.page, "per_page": per_page, "total": page.total, "pages": page.pages},
        "links": {
            "self": link(page.page),
            "next": link(page.next_num) if page.has_next else None,
            "prev": link(page.prev_num) if page.has_prev else None,
        },
    }


def _flow(flow):
    fund = {"name": flow.fund.name, "sponsor": flow.fund.sponsor} if flow.fund else None
    milestone = (
        {"position": flow.milestone.position, "title": flow.milestone.title}
        if flow.milestone
        else None
    )
    return {
        "date": flow.day.isoformat(),
        "type": flow.type.value,
        "source": flow.source.value if flow.source else None,
        "amount": _money(flow.amount, flow.currency),
        "count": flow.count,
        "matching_fund": fund,
        "milestone": milestone,
        "description": flow.description,
    }


def project_transactions(project, flows, totals):
    """A project's money flows, and what they add up to."""
    currency = totals.currency
    return {
        "data": [_flow(flow) for flow in flows],
        "totals": {
            "incoming": _money(totals.incoming, currency),
            "refunded": _money(totals.refunded, currency),
            "raised": _money(totals.raised, currency),
            "disbursed": _money(totals.disbursed, currency),
            "held": _money(totals.held, currency),
        },
        "links": {
            "project": url_for("api.project_detail", slug=project.slug, _external=True),
        },
    }


def platform_stats(stats):
    """The platform's totals over public projects."""
    currency = stats.currency
    return {
        "data": {
            "raised": _money(stats.raised, currency),
            "held": _money(stats.held, currency),
            "disbursed": _money(stats.disbursed, currency),
            "donors": stats.donors,
            "pledges": stats.pledges,
            "projects": {
                "total": sum(stats.projects_by_state.values()),
                "by_state": {
                    state.value: count for state, count in stats.projects_by_state.items()
                },
            },
        }
    }
