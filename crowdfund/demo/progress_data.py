"""What the demo's projects did with their money: milestone evidence, tranches released, updates.

Days are counted before today, as in project_data. Every tranche of a completed
project is released (the last release completes it); a funded project may have
some released and evidence for the next awaiting verification.
"""

from dataclasses import dataclass

from crowdfund.updates.models import UpdateVisibility

AMBULANCE = "Ambulance tout-terrain pour les douars enclavés de Timahdite"
KHETTARA = "Khettara de Figuig : curage et consolidation de la galerie"
CLASSROOMS = "Rebuilding two classrooms in Douar Tnirt after the earthquake"
SCHOOL_ROOF = "Toiture et isolation de l'école satellite d'Aït Ziri"


@dataclass(frozen=True)
class MilestoneReport:
    """The evidence the owners sent for one milestone, and what became of it."""

    narrative: str
    #: Who was paid for the work, as its invoice names them.
    supplier: str
    #: Days ago the owners sent the evidence, with photos taken the day before.
    sent: int
    #: Days ago the treasurer released the tranche, the reviewer having verified the evidence
    #: VERIFIED_BEFORE_RELEASE days earlier; None while the evidence awaits verification.
    released: int | None = None


#: Days between a reviewer's verification and the treasurer's release.
VERIFIED_BEFORE_RELEASE = 2

#: Each project's milestones in order, as far as its owners have reported.
MILESTONE_REPORTS = {
    AMBULANCE: (
        MilestoneReport(
            "Le véhicule 4x4 a été livré à Timahdite par le concessionnaire de Meknès, puis "
            "aménagé en ambulance par un carrossier agréé : brancard, oxygène, défibrillateur "
            "et sac de premiers secours.\n\nLe procès-verbal de réception est signé par le "
            "président de la commune et par le médecin-chef du centre de santé d'Azrou.",
            "Atlas Auto Équipement SARL, Meknès",
            sent=200,
            released=190,
        ),
        MilestoneReport(
            "Les deux conducteurs-secouristes ont suivi les six semaines de formation de la "
            "Protection civile à Ifrane et reçu leur attestation. L'ambulance a assuré 214 "
            "évacuations, dont 37 sous la neige.\n\nL'assurance et l'entretien de l'année sont "
            "payés ; la commune a inscrit ceux des années suivantes à son budget.",
            "Garage Bennani et Fils, Azrou",
            sent=32,
            released=25,
        ),
    ),
    KHETTARA: (
        MilestoneReport(
            "Les puisatiers de l'oasis ont curé les 1 200 m de galerie : 410 m³ de sable et "
            "de gravats remontés par les puits d'aération et évacués hors de la palmeraie.",
            "Entreprise Aït Lhaj de travaux hydrauliques, Figuig",
            sent=290,
            released=280,
        ),
        MilestoneReport(
            "Les 23 puits d'aération sont consolidés par des cerclages en pierre et en béton ; "
            "leurs regards sont fermés par des dalles et des grilles, pour que ni les enfants "
            "ni les bêtes n'y tombent.",
            "Entreprise Aït Lhaj de travaux hydrauliques, Figuig",
            sent=200,
            released=190,
        ),
        MilestoneReport(
            "Le bureau d'études a mesuré le débit chaque mois pendant deux saisons : 10,4 litres "
            "par seconde en moyenne, contre 4 avant les travaux.\n\nLes ayants droit ont repris "
            "les tours d'eau d'avant la sécheresse.",
            "Bureau d'études Hydro-Oriental, Oujda",
            sent=68,
            released=60,
        ),
    ),
    CLASSROOMS: (
        MilestoneReport(
            "The reinforced concrete frame of both classrooms is up to roof level: foundations, "
            "columns, ring beams and infill walls, built to the RPS 2011 earthquake code. Six "
            "builders from the douar worked on the site and were trained in the techniques.\n\n"
            "The site engineer's acceptance record is attached.",
            "Société Toubkal Construction SARL, Amizmiz",
            sent=20,
            released=12,
        ),
        MilestoneReport(
            "The roof is on, the doors and windows are fitted, and the 30 desks, two boards and "
            "the shelves were delivered. The classrooms can be used once the latrines are built.",
            "Menuiserie Al Amal, Marrakech",
            sent=2,
        ),
    ),
}


@dataclass(frozen=True)
class DemoUpdate:
    """News an owner posted on a project's page."""

    project: str
    title: str
    body: str
    #: Days ago it was posted.
    posted: int
    visibility: UpdateVisibility = UpdateVisibility.PUBLIC
    is_progress_report: bool = False
    #: How many photos of the site it shows.
    photos: int = 0


UPDATES = (
    DemoUpdate(
        SCHOOL_ROOF,
        "Les devis sont signés",
        """Merci aux premiers donateurs : près de la moitié de la toiture est déjà financée.

Nous avons signé les devis avec deux artisans de la vallée :

- la **charpente métallique** et les panneaux isolés ;
- les six fenêtres à double vitrage.

Les travaux commenceront dès les vacances d'été, pour que les élèves de l'école
aient chaud dès la rentrée.
""",
        posted=6,
        photos=1,
    ),
    DemoUpdate(
        CLASSROOMS,
        "Progress report: the walls are up",
        """Here is where the work on Tnirt's two classrooms stands.

- The **structure** of both classrooms is up to roof level; a reviewer of the ministry
  checked the evidence and the first tranche was released.
- The roof, the doors and the windows are being fitted now.
- The pupils still study in the tent, but not for long.

Thank you to every family of Tnirt and to every donor abroad.
""",
        posted=9,
        is_progress_report=True,
        photos=2,
    ),
    DemoUpdate(
        CLASSROOMS,
        "A letter from the pupils",
        """The pupils of Tnirt wrote to the donors who are rebuilding their school:

> We will soon leave the tent. Thank you for our new classrooms, we will look after them.

Their teacher will send you photos of the first day of class.
""",
        posted=4,
        visibility=UpdateVisibility.DONORS,
    ),
)
