"""The demo's matching funds, and institutions co-funding two live projects (the 3x1 model)."""

from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from crowdfund.cofunding.models import CoFunding, InstitutionKind
from crowdfund.cofunding.services import mark_received, record_cofunding
from crowdfund.demo.artwork import as_upload, document_pdf
from crowdfund.extensions import db
from crowdfund.geography.models import Region
from crowdfund.matching.funds import FundTerms, create_fund
from crowdfund.matching.models import MatchingFund
from crowdfund.projects.models import Project

#: DAC codes of drinking water and sanitation, then of education.
WATER_AND_EDUCATION = (
    *("14020", "14030", "14031", "14032"),
    *("11120", "11220", "11231", "11240", "11322"),
)


@dataclass(frozen=True)
class DemoFund:
    name: str
    sponsor: str
    ratio: tuple
    #: Amounts in whole dirhams.
    pool: int
    cap_per_project: int
    cap_per_pledge: int
    region_codes: tuple = ()
    sectors: tuple = ()


FUNDS = (
    DemoFund(
        "Fonds de contrepartie MRE",
        "Ministère délégué chargé des Marocains résidant à l'étranger",
        (1, 1),
        500_000,
        100_000,
        5_000,
        sectors=WATER_AND_EDUCATION,
    ),
    DemoFund(
        "Fonds régional de contrepartie Drâa-Tafilalet – Souss-Massa",
        "Conseils régionaux de Drâa-Tafilalet et de Souss-Massa",
        (3, 1),
        300_000,
        60_000,
        3_000,
        region_codes=("R04", "R11"),
    ),
)


@dataclass(frozen=True)
class DemoCommitment:
    project: str
    institution: str
    kind: InstitutionKind
    #: In whole dirhams.
    amount: int
    received: bool
    note: str = ""


COMMITMENTS = (
    DemoCommitment(
        "Puits et pompe solaire pour le douar Tiguert",
        "Commune de Mirleft",
        InstitutionKind.COMMUNE,
        52_000,
        received=True,
        note="Virement reçu sur le compte du projet.",
    ),
    DemoCommitment(
        "Puits et pompe solaire pour le douar Tiguert",
        "Conseil régional de Guelmim-Oued Noun",
        InstitutionKind.REGION,
        78_000,
        received=False,
        note="Versement prévu après la session budgétaire du conseil.",
    ),
    DemoCommitment(
        "Dar Taliba de Tamegroute : 24 lits pour les collégiennes des douars",
        "Commune de Tamegroute",
        InstitutionKind.COMMUNE,
        32_000,
        received=False,
    ),
    DemoCommitment(
        "Dar Taliba de Tamegroute : 24 lits pour les collégiennes des douars",
        "Conseil régional de Drâa-Tafilalet",
        InstitutionKind.REGION,
        48_000,
        received=False,
    ),
)


def create_matching_funds(admin, today):
    """Create the demo funds not there yet, open from two months ago; returns those created."""
    existing = set(db.session.scalars(sa.select(MatchingFund.name)))
    regions = {region.code: region.id for region in db.session.scalars(sa.select(Region))}
    return [
        create_fund(
            FundTerms(
                name=spec.name,
                sponsor=spec.sponsor,
                match_numerator=spec.ratio[0],
                match_denominator=spec.ratio[1],
                pool_amount=spec.pool * 100,
                cap_per_project=spec.cap_per_project * 100,
                cap_per_pledge=spec.cap_per_pledge * 100,
                region_ids=[regions[code] for code in spec.region_codes],
                sector_codes=list(spec.sectors),
                starts_on=today - timedelta(days=60),
                ends_on=today + timedelta(days=300),
                is_active=True,
            ),
            admin,
        )
        for spec in FUNDS
        if spec.name not in existing
    ]


def _commitment_letter(spec, project):
    dirhams = f"{spec.amount:,}".replace(",", " ")
    return document_pdf(
        ["Royaume du Maroc", spec.institution],
        [
            f"Engagement de cofinancement du projet « {project.title} ».",
            f"{spec.institution} s'engage à verser la somme de {dirhams} dirhams au titre de sa "
            "part du financement, sur le compte séquestre du projet ouvert sur Twiza.",
            "Le président.",
        ],
    )


def create_cofundings(reviewer):
    """Record the demo commitments not there yet, as a reviewer would; returns those created."""
    projects = {
        project.title: project
        for project in db.session.scalars(
            sa.select(Project).where(Project.title.in_({spec.project for spec in COMMITMENTS}))
        )
    }
    existing = set(
        db.session.execute(sa.select(CoFunding.project_id, CoFunding.institution)).tuples()
    )
    created = []
    for spec in COMMITMENTS:
        project = projects[spec.project]
        if (project.id, spec.institution) in existing:
            continue
        letter = as_upload(_commitment_letter(spec, project), "engagement.pdf", "application/pdf")
        cofunding = record_cofunding(
            project, reviewer, spec.institution, spec.kind, spec.amount * 100, letter, spec.note
        )
        if spec.received:
            mark_received(cofunding, reviewer)
        created.append(cofunding)
    return created
