"""The demo's organisations: communes, associations and cooperatives across Morocco."""

from dataclasses import dataclass
from datetime import timedelta

from crowdfund.demo.artwork import as_upload, document_pdf
from crowdfund.demo.places import TAMEGROUTE_KEY
from crowdfund.extensions import db
from crowdfund.files.services import store_upload
from crowdfund.organisations.models import DocumentKind, OrganisationKind, OrganisationStatus
from crowdfund.organisations.services import (
    register_organisation,
    reject_organisation,
    verify_organisation,
)

DOCUMENT_TITLES = {
    DocumentKind.STATUTES: "Statuts",
    DocumentKind.REGISTRATION_CERTIFICATE: "Récépissé définitif de dépôt",
    DocumentKind.BOARD_DECISION: "Procès-verbal du conseil d'administration",
}


@dataclass(frozen=True)
class DemoOrganisation:
    key: str
    name: str
    kind: OrganisationKind
    registration_number: str
    commune: str
    member: str
    description: str
    #: Days before today the organisation registered on Twiza.
    registered: int
    status: OrganisationStatus = OrganisationStatus.VERIFIED
    decided_by: str = "reviewer"
    reason: str | None = None


ORGANISATIONS = (
    DemoOrganisation(
        "tiwizi",
        "Association Tiwizi pour le développement d'Aït Bouguemez",
        OrganisationKind.ASSOCIATION,
        "AZ-2009-0457",
        "C0735",
        "owner",
        "Fondée par les habitants de la vallée des Aït Bouguemez, l'association entretient "
        "les pistes, les écoles satellites et les lieux collectifs des douars de Tabant.",
        130,
    ),
    DemoOrganisation(
        "timahdite",
        "Commune de Timahdite",
        OrganisationKind.COMMUNE,
        "CT-IFRANE-0824",
        "C0824",
        "owner2",
        "Commune rurale du Moyen Atlas, à 1 800 m d'altitude : 14 douars, des éleveurs "
        "transhumants et des hivers rudes.",
        360,
        decided_by="reviewer2",
    ),
    DemoOrganisation(
        "tamount",
        "Coopérative féminine Tamount d'argan",
        OrganisationKind.COOPERATIVE,
        "ODCO-2014-1187",
        "C0766",
        "owner",
        "48 femmes de Tamanar récoltent, concassent et pressent l'argan de leurs terres "
        "collectives et vendent leur huile sous leur propre nom.",
        90,
    ),
    DemoOrganisation(
        "ighil",
        "Association Ighil Solidarité",
        OrganisationKind.ASSOCIATION,
        "AH-2023-0912",
        "C0348",
        "owner2",
        "Créée après le séisme d'Al Haouz par des enfants du pays établis à Marrakech, en "
        "France et en Belgique, pour reconstruire les équipements des douars d'Ighil.",
        170,
    ),
    DemoOrganisation(
        "azafrane",
        "Coopérative Azafrane des femmes de Taliouine",
        OrganisationKind.COOPERATIVE,
        "ODCO-2011-0654",
        "C0760",
        "owner",
        "35 productrices de safran des contreforts du Siroua, qui trient, sèchent et "
        "conditionnent elles-mêmes leur récolte.",
        60,
        decided_by="reviewer2",
    ),
    DemoOrganisation(
        "zenaga",
        "Association Oasis Zenaga pour la sauvegarde des seguias",
        OrganisationKind.ASSOCIATION,
        "FG-1998-0031",
        "C0300",
        "owner2",
        "Les ayants droit de l'eau du ksar Zenaga entretiennent ensemble les khettaras, les "
        "seguias et les bassins qui font vivre la palmeraie de Figuig.",
        480,
    ),
    DemoOrganisation(
        "mirleft",
        "Commune de Mirleft",
        OrganisationKind.COMMUNE,
        "CT-SIDIIFNI-0502",
        "C0502",
        "owner",
        "Commune littorale de la province de Sidi Ifni ; ses douars de l'arrière-pays "
        "manquent encore d'eau courante.",
        40,
    ),
    DemoOrganisation(
        "dar-taliba",
        "Association Dar Taliba de Tamegroute",
        OrganisationKind.ASSOCIATION,
        "ZG-2006-0118",
        TAMEGROUTE_KEY,
        "owner2",
        "L'association héberge pendant l'année scolaire les collégiennes des douars "
        "éloignés de la vallée du Drâa, pour qu'aucune ne quitte l'école faute de toit.",
        95,
        decided_by="reviewer2",
    ),
    DemoOrganisation(
        "nour",
        "Coopérative Nour Oulmès du couscous",
        OrganisationKind.COOPERATIVE,
        "ODCO-2017-2290",
        "C0601",
        "owner",
        "30 femmes d'Oulmès roulent à la main couscous, berkoukes et mhamsa à partir du blé "
        "dur de la région.",
        75,
    ),
    DemoOrganisation(
        "al-amal",
        "Association Al Amal Ksar Sghir pour le développement",
        OrganisationKind.ASSOCIATION,
        "FA-2012-0276",
        "C0410",
        "owner2",
        "Association de parents d'élèves et de jeunes du littoral de Ksar Sghir, active dans "
        "les écoles et la maison des jeunes.",
        45,
    ),
    DemoOrganisation(
        "al-khayr",
        "Association Al Khayr pour le développement rural de Laaounate",
        OrganisationKind.ASSOCIATION,
        "SB-2015-0389",
        "C0422",
        "owner",
        "L'association organise le transport scolaire et des campagnes de santé pour les "
        "douars agricoles de la plaine des Doukkala.",
        55,
        decided_by="reviewer2",
    ),
    DemoOrganisation(
        "tarfaya",
        "Association Sahara Tarfaya pour l'environnement",
        OrganisationKind.ASSOCIATION,
        "TF-2025-0044",
        "C0789",
        "owner2",
        "Jeunes de Tarfaya engagés pour la propreté de la plage et la protection de la "
        "lagune de Khnifiss.",
        6,
        status=OrganisationStatus.PENDING,
    ),
    DemoOrganisation(
        "bir-gandouz",
        "Association Bir Gandouz des éleveurs de chameaux",
        OrganisationKind.ASSOCIATION,
        "AS-2017-0009",
        "C0176",
        "owner",
        "Éleveurs camelins de la commune de Bir Gandouz.",
        25,
        status=OrganisationStatus.REJECTED,
        reason=(
            "Le récépissé joint a expiré en 2019 et les statuts ne sont pas signés. Joignez le "
            "récépissé définitif délivré par l'autorité locale et les statuts signés par le "
            "bureau, puis soumettez à nouveau."
        ),
    ),
)


def _documents(spec, communes, user):
    """The three documents a reviewer checks, as PDFs."""
    place = communes[spec.commune].name_fr
    return {
        kind: store_upload(
            as_upload(
                document_pdf(
                    [spec.name, title],
                    [
                        f"{title} de l'organisation « {spec.name} », "
                        f"enregistrée sous le numéro {spec.registration_number}.",
                        spec.description,
                        f"Fait à {place}.",
                    ],
                ),
                f"{kind.value}.pdf",
                "application/pdf",
            ),
            allowed={"pdf"},
            uploaded_by=user,
        )
        for kind, title in DOCUMENT_TITLES.items()
    }


def create_organisations(people, communes, now):
    """Register every demo organisation and take the ministry's decision on it; {key: org}."""
    organisations = {}
    for spec in ORGANISATIONS:
        member = people[spec.member]
        organisation = register_organisation(
            member,
            name=spec.name,
            kind=spec.kind,
            registration_number=spec.registration_number,
            commune=communes[spec.commune],
            description=spec.description,
            documents=_documents(spec, communes, member),
        )
        reviewer = people[spec.decided_by]
        if spec.status == OrganisationStatus.VERIFIED:
            verify_organisation(organisation, reviewer)
        elif spec.status == OrganisationStatus.REJECTED:
            reject_organisation(organisation, reviewer, spec.reason)
        registered_at = now - timedelta(days=spec.registered)
        organisation.created_at = organisation.submitted_at = registered_at
        if organisation.decided_at:
            organisation.decided_at = registered_at + timedelta(days=4, hours=3)
        organisations[spec.key] = organisation
    db.session.flush()
    return organisations
