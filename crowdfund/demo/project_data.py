"""The demo's projects: what each one is, what it costs, and where it stands in its life.

Budget lines are in whole dirhams. Each milestone is paid for by the budget lines
that follow the previous one (its second value counts them), so lines and
milestones add up to the goal by construction.
"""

from dataclasses import dataclass

from crowdfund.demo.places import TAMEGROUTE_KEY
from crowdfund.projects.models import FundingModel, ProjectState

ALL_OR_NOTHING, FLEXIBLE = FundingModel.ALL_OR_NOTHING, FundingModel.FLEXIBLE


@dataclass(frozen=True)
class Story:
    """Where a project stands and when each step was taken, counted in days before today."""

    state: ProjectState
    #: Days ago the owner (last) sent it to review; None for a draft never submitted.
    submitted: int | None = None
    #: The start date, in days from today: negative once the campaign has opened.
    opens: int = 30
    days: int = 60
    #: Share of the goal raised so far, by pledges and their matches (promised by saved cards
    #: while an all-or-nothing campaign is open).
    raised: float = 0.0
    #: Days after opening that the goal was reached (funded and completed projects): the last
    #: gift came then, and the campaign was settled the night after its end date.
    funded_after: int | None = None
    #: A draft that went to review and came back with changes requested.
    revised: bool = False
    reviewer: str = "reviewer"
    #: The reviewer's comments on the decision (required to request changes or reject).
    comment: str = ""
    #: (checklist item, note) that did not pass, for changes requested and rejections.
    failed_item: tuple | None = None


@dataclass(frozen=True)
class DemoProject:
    title: str
    organisation: str
    commune: str
    point: tuple
    sector: str
    sdgs: tuple
    funding: FundingModel
    summary: str
    description: str
    budget: tuple
    milestones: tuple
    story: Story


PROJECTS = (
    DemoProject(
        title="Toiture et isolation de l'école satellite d'Aït Ziri",
        organisation="tiwizi",
        commune="C0735",
        point=(31.672, -6.401),
        sector="11220",
        sdgs=(4,),
        funding=FLEXIBLE,
        summary=(
            "Remplacer la toiture en tôle percée de l'école d'Aït Ziri par une toiture isolée, "
            "pour que 42 élèves aient enfin chaud l'hiver à 2 000 m d'altitude."
        ),
        description="""## Le besoin

L'école satellite d'Aït Ziri accueille **42 élèves** du CP au CM2. Sa toiture en tôle,
posée en 1994, fuit à chaque orage ; l'hiver, la température des classes descend
sous 5 °C et les absences se multiplient.

## Ce que nous allons faire

- déposer l'ancienne toiture et poser une charpente métallique avec panneaux isolés ;
- isoler les plafonds et remplacer les six fenêtres ;
- installer deux poêles à bois sécurisés, alimentés par le bois de taille du douar.

Les travaux auront lieu pendant les vacances d'été, avec des artisans de la vallée.
""",
        budget=(
            ("Dépose de l'ancienne toiture et évacuation", 8_500),
            ("Charpente métallique et panneaux sandwich isolés", 64_000),
            ("Faux plafond et isolation thermique", 21_500),
            ("Menuiseries à double vitrage (6 fenêtres)", 18_000),
            ("Deux poêles à bois sécurisés", 7_200),
            ("Main-d'œuvre locale et transport en montagne", 15_800),
        ),
        milestones=(
            ("Ancienne toiture déposée, charpente posée", 2),
            ("Toiture, isolation et fenêtres terminées", 2),
            ("Chauffage installé et réception des travaux", 2),
        ),
        story=Story(ProjectState.LIVE, submitted=30, opens=-18, days=60, raised=0.43),
    ),
    DemoProject(
        title="Piste rurale Tabant – Agouti : 6 km praticables toute l'année",
        organisation="tiwizi",
        commune="C0735",
        point=(31.645, -6.458),
        sector="21020",
        sdgs=(9, 11),
        funding=ALL_OR_NOTHING,
        summary=(
            "Élargir et revêtir les 6 km de piste entre Tabant et Agouti, coupée chaque hiver "
            "par la neige et les crues, pour que l'ambulance et le transport scolaire passent."
        ),
        description="""## Le besoin

Entre novembre et mars, la piste d'Agouti est coupée **30 jours par an** en moyenne.
Les 600 habitants du douar restent alors sans accès au souk, au dispensaire ni au collège.

## Les travaux

- terrassement et élargissement de la plateforme à 5 m ;
- quatre dalots en béton pour franchir les ravins ;
- revêtement en grave compactée et murets de protection.

La commune de Tabant assure l'entretien de la piste une fois réceptionnée.
""",
        budget=(
            ("Études topographiques et suivi technique", 18_000),
            ("Terrassement et élargissement de la plateforme", 142_000),
            ("Quatre dalots en béton", 96_000),
            ("Revêtement en grave compactée", 118_000),
            ("Signalisation et murets de protection", 26_000),
        ),
        milestones=(
            ("Études et terrassement achevés", 2),
            ("Dalots construits", 1),
            ("Piste revêtue et signalisée", 2),
        ),
        story=Story(
            ProjectState.FUNDED, submitted=90, opens=-75, days=60, raised=1.0, funded_after=41
        ),
    ),
    DemoProject(
        title="Préscolaire communautaire pour 30 enfants à Zaouiat Ahansal",
        organisation="tiwizi",
        commune="C0864",
        point=(31.833, -6.105),
        sector="11240",
        sdgs=(4, 5),
        funding=FLEXIBLE,
        summary=(
            "Ouvrir une classe de préscolaire dans le foyer féminin de Zaouiat Ahansal, avec "
            "deux éducatrices formées, pour que les enfants arrivent prêts au CP."
        ),
        description="""## Le besoin

À Zaouiat Ahansal, **aucun enfant de 4 à 5 ans** n'est scolarisé : l'école la plus proche
n'a pas de classe de préscolaire et les familles n'ont pas les moyens du privé.

## Le projet

- aménager une salle du foyer féminin et des sanitaires adaptés aux petits ;
- l'équiper de mobilier, de tapis et de livres en amazighe et en arabe ;
- former deux jeunes femmes du village comme éducatrices (120 heures).
""",
        budget=(
            ("Aménagement d'une salle du foyer féminin", 38_000),
            ("Sanitaires adaptés aux petits", 12_700),
            ("Mobilier adapté et tapis", 14_500),
            ("Matériel pédagogique et livres", 9_800),
            ("Formation de deux éducatrices", 16_000),
        ),
        milestones=(
            ("Salle et sanitaires prêts", 2),
            ("Salle équipée", 2),
            ("Éducatrices formées, première rentrée", 1),
        ),
        story=Story(ProjectState.SUBMITTED, submitted=12, opens=40),
    ),
    DemoProject(
        title="Pompage solaire pour l'abreuvement des troupeaux à Timahdite",
        organisation="timahdite",
        commune="C0824",
        point=(33.215, -5.102),
        sector="23231",
        sdgs=(7, 2),
        funding=ALL_OR_NOTHING,
        summary=(
            "Remplacer la motopompe diesel du puits pastoral d'Almou par un pompage solaire, "
            "avec bassin et abreuvoirs pour les 9 000 têtes des éleveurs transhumants."
        ),
        description="""## Le besoin

Le puits pastoral d'Almou est pompé au diesel : **45 000 MAD de gasoil par an**, des pannes
fréquentes et, l'été, des files d'attente de plusieurs heures pour abreuver les troupeaux.

## La solution

- réhabiliter le puits et poser une pompe immergée alimentée par 16 panneaux solaires ;
- construire un bassin de 60 m³ et quatre abreuvoirs en béton ;
- créer un comité d'usagers qui organise les tours d'eau et l'entretien.
""",
        budget=(
            ("Réhabilitation du puits pastoral", 32_000),
            ("Pompe immergée et 16 panneaux solaires", 88_000),
            ("Bassin de stockage de 60 m³", 41_000),
            ("Quatre abreuvoirs en béton", 23_000),
            ("Clôture et formation du comité d'usagers", 9_000),
        ),
        milestones=(
            ("Puits réhabilité", 1),
            ("Pompage solaire en service", 1),
            ("Bassin, abreuvoirs et comité en place", 3),
        ),
        story=Story(
            ProjectState.LIVE,
            submitted=17,
            opens=-6,
            days=45,
            raised=0.12,
            reviewer="reviewer2",
        ),
    ),
    DemoProject(
        title="Collecte des déchets ménagers dans les douars de Timahdite",
        organisation="timahdite",
        commune="C0824",
        point=(33.238, -5.058),
        sector="14050",
        sdgs=(11, 12),
        funding=FLEXIBLE,
        summary=(
            "Un tracteur-benne, 120 bacs et un point de regroupement pour collecter chaque "
            "semaine les déchets des 14 douars, aujourd'hui brûlés ou jetés dans l'oued."
        ),
        description="""## Le besoin

Les douars de Timahdite ne sont desservis par **aucune collecte** : les déchets finissent
dans l'oued Guigou, en amont des sources qui alimentent le village.

## Le projet

- acheter un tracteur-benne révisé et 120 bacs de 240 litres ;
- aménager un point de regroupement clôturé, vidé par la société délégataire d'Azrou ;
- sensibiliser les écoles et les souks au tri et au compostage.
""",
        budget=(
            ("Tracteur-benne d'occasion révisé", 165_000),
            ("120 bacs de collecte de 240 litres", 54_000),
            ("Point de regroupement clôturé", 38_000),
            ("Sensibilisation dans les écoles et les souks", 12_000),
            ("Équipements de protection des agents", 6_000),
        ),
        milestones=(
            ("Tracteur-benne livré", 1),
            ("Bacs distribués et point de regroupement ouvert", 2),
            ("Collecte hebdomadaire lancée", 2),
        ),
        story=Story(ProjectState.APPROVED, submitted=14, opens=9, days=60, reviewer="reviewer2"),
    ),
    DemoProject(
        title="Ambulance tout-terrain pour les douars enclavés de Timahdite",
        organisation="timahdite",
        commune="C0824",
        point=(33.239, -5.061),
        sector="12220",
        sdgs=(3,),
        funding=FLEXIBLE,
        summary=(
            "Une ambulance 4x4 équipée et deux conducteurs-secouristes pour relier les douars "
            "de montagne à l'hôpital d'Azrou, même sous la neige."
        ),
        description="""## Le besoin

L'ambulance provinciale met **plus de deux heures** à atteindre les douars de Timahdite
en hiver. Les femmes enceintes et les blessés sont transportés en camionnette ou à dos de mulet.

## Le projet

- un véhicule 4x4 aménagé en ambulance, avec son équipement de premiers secours ;
- la formation de deux conducteurs-secouristes avec la Protection civile ;
- l'assurance et l'entretien de la première année, pris ensuite en charge par la commune.
""",
        budget=(
            ("Véhicule 4x4 aménagé en ambulance", 298_000),
            ("Équipement médical de premiers secours", 41_000),
            ("Formation de deux conducteurs-secouristes", 14_000),
            ("Assurance et entretien la première année", 27_000),
        ),
        milestones=(
            ("Ambulance livrée et équipée", 2),
            ("Conducteurs formés, première année de service", 2),
        ),
        story=Story(
            ProjectState.COMPLETED,
            submitted=320,
            opens=-300,
            days=60,
            raised=1.03,
            funded_after=38,
            reviewer="reviewer2",
        ),
    ),
    DemoProject(
        title="Unité de pressage d'huile d'argan pour 48 femmes de Tamanar",
        organisation="tamount",
        commune="C0766",
        point=(31.004, -9.668),
        sector="32161",
        sdgs=(5, 8),
        funding=FLEXIBLE,
        summary=(
            "Équiper la coopérative Tamount d'une presse, d'un torréfacteur et d'un décanteur "
            "pour vendre une huile d'argan certifiée au lieu des amandons bruts."
        ),
        description="""## Le besoin

Les adhérentes de Tamount vendent leurs amandons à des intermédiaires **35 MAD le kilo** ;
pressés et certifiés, les mêmes amandons rapporteraient près de quatre fois plus.

## Le projet

- mettre le local aux normes sanitaires (carrelage, eau, électricité) ;
- installer une presse à vis inox, un torréfacteur, une concasseuse et un décanteur ;
- former les adhérentes à l'hygiène et obtenir l'agrément de l'ONSSA.
""",
        budget=(
            ("Mise aux normes du local", 47_000),
            ("Presse à vis mécanique inox", 96_000),
            ("Torréfacteur et concasseuse", 38_000),
            ("Décanteur et filtration", 24_000),
            ("Formation à l'hygiène et agrément ONSSA", 15_000),
        ),
        milestones=(
            ("Local mis aux normes", 1),
            ("Machines installées", 3),
            ("Agrément sanitaire obtenu", 1),
        ),
        story=Story(ProjectState.LIVE, submitted=50, opens=-35, days=60, raised=0.78),
    ),
    DemoProject(
        title="Reboisement de 5 000 arganiers autour de Tamanar",
        organisation="tamount",
        commune="C0766",
        point=(30.985, -9.702),
        sector="31220",
        sdgs=(15, 13),
        funding=ALL_OR_NOTHING,
        summary=(
            "Planter et protéger 5 000 arganiers sur 20 hectares de terres collectives "
            "dégradées, avec des cuvettes qui retiennent l'eau de pluie."
        ),
        description="""## Le besoin

Autour de Tamanar, l'arganeraie **recule chaque année** sous l'effet de la sécheresse et
du surpâturage. Sans nouveaux arbres, la coopérative perdra sa matière première.

## Le projet

- clôturer 20 hectares pour les mettre en défens pendant cinq ans ;
- planter 5 000 plants certifiés dans des cuvettes de récupération des eaux de pluie ;
- arroser pendant la première saison sèche, l'étape où meurent la plupart des jeunes plants.
""",
        budget=(
            ("Clôture de mise en défens (4 km)", 58_000),
            ("Trouaison et plantation par des journaliers locaux", 62_000),
            ("5 000 plants d'arganier certifiés", 75_000),
            ("Cuvettes de récupération des eaux de pluie", 31_000),
            ("Arrosage pendant la première saison sèche", 24_000),
        ),
        milestones=(
            ("Terrain clôturé et préparé", 2),
            ("Plants mis en terre", 2),
            ("Première saison sèche passée", 1),
        ),
        story=Story(ProjectState.IN_REVIEW, submitted=9, opens=35),
    ),
    DemoProject(
        title="Reconstruction du dispensaire rural d'Ighil",
        organisation="ighil",
        commune="C0348",
        point=(31.082, -8.402),
        sector="12230",
        sdgs=(3,),
        funding=ALL_OR_NOTHING,
        summary=(
            "Reconstruire aux normes parasismiques le dispensaire détruit par le séisme, avec "
            "une salle d'accouchement et une alimentation solaire de secours."
        ),
        description="""## Le besoin

Le séisme a détruit le dispensaire d'Ighil. Depuis, les soins ont lieu **sous une tente** et
les accouchements se font à 60 km, au bout d'une route de montagne.

## Le projet

- démolir les ruines et reconstruire 120 m² aux normes parasismiques ;
- équiper une salle de soins et une petite maternité ;
- installer des panneaux solaires de secours pour la chaîne du froid des vaccins.

Le ministère de la Santé affecte le personnel dès la réception du bâtiment.
""",
        budget=(
            ("Démolition sécurisée et déblaiement", 24_000),
            ("Gros œuvre parasismique (120 m²)", 236_000),
            ("Menuiserie, plomberie et électricité", 88_000),
            ("Équipement de la salle de soins et de la maternité", 72_000),
            ("Panneaux solaires de secours", 30_000),
        ),
        milestones=(
            ("Gros œuvre achevé", 2),
            ("Bâtiment fermé et raccordé", 1),
            ("Dispensaire équipé et ouvert", 2),
        ),
        story=Story(ProjectState.LIVE, submitted=70, opens=-52, days=60, raised=0.91),
    ),
    DemoProject(
        title="Rebuilding two classrooms in Douar Tnirt after the earthquake",
        organisation="ighil",
        commune="C0348",
        point=(31.070, -8.390),
        sector="11120",
        sdgs=(4,),
        funding=FLEXIBLE,
        summary=(
            "Sixty children of Douar Tnirt have studied in a tent since the earthquake. "
            "We will rebuild their two classrooms to earthquake-resistant standards."
        ),
        description="""## Why

The earthquake brought down both classrooms of Tnirt's school. **Sixty pupils** have since
been taught in a tent that is freezing in winter and stifling in June.

## What we will build

- an earthquake-resistant structure for two classrooms (100 m²);
- a proper roof, doors and windows;
- desks, boards and shelves, plus latrines and a handwashing station.

Builders from the douar are trained on the site in earthquake-resistant techniques.
""",
        budget=(
            ("Earthquake-resistant structure for two classrooms", 214_000),
            ("Roof, doors and windows", 63_000),
            ("Desks, boards and shelves for 60 pupils", 28_000),
            ("Latrines and handwashing station", 35_000),
        ),
        milestones=(
            ("Structure up to roof level", 1),
            ("Classrooms closed and fitted", 2),
            ("Latrines built and school reopened", 1),
        ),
        story=Story(
            ProjectState.FUNDED,
            submitted=140,
            opens=-120,
            days=90,
            raised=1.06,
            funded_after=64,
            reviewer="reviewer2",
        ),
    ),
    DemoProject(
        title="Citerne et réseau d'eau potable pour le douar Azarzou",
        organisation="ighil",
        commune="C0084",
        point=(31.252, -7.981),
        sector="14031",
        sdgs=(6,),
        funding=ALL_OR_NOTHING,
        summary=(
            "Capter la source d'Azarzou, la stocker dans une citerne de 80 m³ et l'amener à "
            "six bornes-fontaines pour 70 familles."
        ),
        description="""## Le besoin

Les femmes d'Azarzou font **deux allers-retours par jour** jusqu'à la source, à 40 minutes
de marche. Le séisme a déplacé son griffon et l'eau s'y trouble à chaque pluie.

## Le projet

- capter la source dans une chambre de protection ;
- construire une citerne enterrée de 80 m³ et poser 2,3 km de conduite ;
- installer six bornes-fontaines et chlorer l'eau pendant un an.
""",
        budget=(
            ("Captage de la source et chambre de protection", 28_000),
            ("Citerne enterrée de 80 m³", 74_000),
            ("Conduite de 2,3 km en PEHD", 59_000),
            ("Six bornes-fontaines", 21_000),
            ("Chloration et analyses pendant un an", 8_000),
        ),
        milestones=(
            ("Source captée et citerne construite", 2),
            ("Conduite posée", 1),
            ("Eau aux bornes-fontaines", 2),
        ),
        story=Story(ProjectState.FAILED, submitted=110, opens=-95, days=60, raised=0.46),
    ),
    DemoProject(
        title="Séchoir et salle de conditionnement pour le safran de Taliouine",
        organisation="azafrane",
        commune="C0760",
        point=(30.533, -7.918),
        sector="32161",
        sdgs=(5, 8),
        funding=FLEXIBLE,
        summary=(
            "Une salle propre, un séchoir contrôlé et du matériel de conditionnement pour que "
            "la coopérative vende un safran de catégorie I, analysé et étiqueté."
        ),
        description="""## Le besoin

Séché sur des tamis dans les maisons, le safran des adhérentes est souvent classé en
**catégorie III** : il se vend alors deux fois moins cher que le même safran bien séché.

## Le projet

- aménager une salle propre de 40 m² ;
- installer un séchoir à air chaud contrôlé, une balance de précision et une étiqueteuse ;
- faire analyser selon la norme ISO 3632 les trois premières récoltes.
""",
        budget=(
            ("Aménagement d'une salle propre de 40 m²", 52_000),
            ("Séchoir à air chaud contrôlé", 34_000),
            ("Balance de précision, boîtes et étiqueteuse", 19_000),
            ("Analyses ISO 3632 des trois premières récoltes", 12_000),
            ("Formation des 35 adhérentes aux bonnes pratiques", 8_000),
        ),
        milestones=(
            ("Salle aménagée", 1),
            ("Séchoir et matériel installés", 2),
            ("Première récolte analysée et conditionnée", 2),
        ),
        story=Story(
            ProjectState.LIVE,
            submitted=24,
            opens=-11,
            days=75,
            raised=0.27,
            reviewer="reviewer2",
        ),
    ),
    DemoProject(
        title="Goutte-à-goutte solaire pour 12 hectares de safran",
        organisation="azafrane",
        commune="C0760",
        point=(30.545, -7.880),
        sector="31140",
        sdgs=(2, 6, 7),
        funding=ALL_OR_NOTHING,
        summary=(
            "Un forage, une pompe solaire et un réseau goutte-à-goutte pour irriguer 12 "
            "hectares de safran avec trois fois moins d'eau."
        ),
        description="""## Le besoin

Les safranières sont irriguées par submersion depuis un puits qui **s'assèche en septembre**,
au moment précis où les bulbes doivent fleurir.

## Le projet

- un forage équipé d'une pompe solaire ;
- un bassin de régulation et un réseau goutte-à-goutte pour 12 hectares ;
- un système de filtration et de fertigation.
""",
        budget=(
            ("Forage et pompe solaire", 138_000),
            ("Bassin de régulation", 44_000),
            ("Réseau goutte-à-goutte pour 12 ha", 126_000),
            ("Filtration et fertigation", 22_000),
        ),
        milestones=(
            ("Forage équipé", 1),
            ("Bassin et réseau posés", 2),
            ("Mise en eau", 1),
        ),
        story=Story(
            ProjectState.CHANGES_REQUESTED,
            submitted=13,
            opens=30,
            reviewer="reviewer2",
            comment=(
                "Le forage nécessite une autorisation de l'Agence du bassin hydraulique du "
                "Souss-Massa : joignez-la. Le devis du forage date de 2022, merci de l'actualiser."
            ),
            failed_item=("budget_realism", "Devis de forage ancien ; autorisation ABH manquante."),
        ),
    ),
    DemoProject(
        title="Restauration de la seguia de Zenaga et de ses canaux",
        organisation="zenaga",
        commune="C0300",
        point=(32.103, -1.232),
        sector="31140",
        sdgs=(6, 15),
        funding=ALL_OR_NOTHING,
        summary=(
            "Curer et rendre étanches 3 km de seguia, reconstruire 14 répartiteurs en pierre et "
            "un bassin traditionnel pour irriguer les jardins de la palmeraie de Zenaga."
        ),
        description="""## Le besoin

Les fuites de la seguia de Zenaga font perdre **près de 40 % de l'eau** avant les jardins.
Les répartiteurs abîmés faussent les tours d'eau et attisent les conflits entre familles.

## Le projet

- curer et rendre étanches 3 km de seguia ;
- reconstruire 14 répartiteurs en pierre et le bassin de stockage (majen) ;
- mesurer les débits et tenir un registre des tours d'eau partagé.
""",
        budget=(
            ("Curage et étanchéité de 3 km de seguia", 118_000),
            ("Reconstruction de 14 répartiteurs en pierre", 46_000),
            ("Bassin de stockage traditionnel (majen)", 64_000),
            ("Comptage de l'eau et registre des tours d'eau", 12_000),
        ),
        milestones=(
            ("Seguia curée et étanchée", 1),
            ("Répartiteurs et bassin reconstruits", 2),
            ("Tours d'eau enregistrés", 1),
        ),
        story=Story(ProjectState.LIVE, submitted=38, opens=-24, days=90, raised=0.58),
    ),
    DemoProject(
        title="Khettara de Figuig : curage et consolidation de la galerie",
        organisation="zenaga",
        commune="C0300",
        point=(32.118, -1.220),
        sector="31140",
        sdgs=(6, 13),
        funding=ALL_OR_NOTHING,
        summary=(
            "Curer 1,2 km de galerie souterraine et consolider ses puits d'aération pour "
            "rendre à la khettara son débit d'avant la sécheresse."
        ),
        description="""## Le besoin

Ensablée et menacée d'effondrement, la khettara ne donnait plus que **4 litres par seconde**
contre 11 il y a vingt ans.

## Les travaux

- curage de 1,2 km de galerie par des puisatiers de l'oasis ;
- consolidation et sécurisation des puits d'aération ;
- suivi du débit pendant deux saisons.
""",
        budget=(
            ("Curage de 1,2 km de galerie souterraine", 86_000),
            ("Consolidation des puits d'aération", 54_000),
            ("Sécurisation des regards", 18_000),
            ("Suivi du débit pendant deux saisons", 7_000),
        ),
        milestones=(
            ("Galerie curée", 1),
            ("Puits consolidés et sécurisés", 2),
            ("Débit mesuré", 1),
        ),
        story=Story(
            ProjectState.COMPLETED,
            submitted=440,
            opens=-420,
            days=90,
            raised=1.0,
            funded_after=70,
        ),
    ),
    DemoProject(
        title="Serre pédagogique pour les jeunes agriculteurs de l'oasis",
        organisation="zenaga",
        commune="C0300",
        point=(32.125, -1.240),
        sector="31191",
        sdgs=(4, 8),
        funding=FLEXIBLE,
        summary=(
            "Une serre tunnel de 500 m² où 25 jeunes de Figuig apprennent le maraîchage "
            "économe en eau pendant deux saisons."
        ),
        description="""## Le besoin

Les jeunes de l'oasis quittent la palmeraie faute de **revenus agricoles** suffisants.

## Le projet

- monter une serre tunnel de 500 m² irriguée au goutte-à-goutte ;
- former 25 jeunes pendant deux saisons ;
- fournir semences et intrants de la première saison.
""",
        budget=(
            ("Serre tunnel de 500 m²", 58_000),
            ("Irrigation et filtration", 16_000),
            ("Formation de 25 jeunes sur deux saisons", 22_000),
            ("Semences et intrants de la première saison", 9_000),
        ),
        milestones=(
            ("Serre montée et irriguée", 2),
            ("Formations et première saison", 2),
        ),
        story=Story(
            ProjectState.REJECTED,
            submitted=40,
            opens=10,
            comment=(
                "Ces dépenses sont déjà financées à 80 % par le programme INDH de la province de "
                "Figuig (convention 112/2024). Un second financement des mêmes dépenses n'est "
                "pas possible."
            ),
            failed_item=("no_double_funding", "Déjà financé par l'INDH (convention 112/2024)."),
        ),
    ),
    DemoProject(
        title="Puits et pompe solaire pour le douar Tiguert",
        organisation="mirleft",
        commune="C0502",
        point=(29.565, -10.010),
        sector="14031",
        sdgs=(6, 7),
        funding=FLEXIBLE,
        summary=(
            "Un forage de 85 m, une pompe solaire et un château d'eau pour amener l'eau "
            "potable aux 52 foyers du douar Tiguert, ravitaillés aujourd'hui par camion-citerne."
        ),
        description="""## Le besoin

Tiguert n'a **ni puits ni réseau** : un camion-citerne passe deux fois par semaine et
l'eau coûte aux familles jusqu'à 60 MAD le mètre cube.

## Le projet

- un forage de 85 m et une pompe solaire de 10 panneaux ;
- un château d'eau de 30 m³ et quatre bornes-fontaines ;
- un comité de gestion qui fixe un tarif social et paie l'entretien.
""",
        budget=(
            ("Forage de 85 m", 96_000),
            ("Pompe solaire et 10 panneaux", 71_000),
            ("Château d'eau de 30 m³", 58_000),
            ("Raccordements et quatre bornes-fontaines", 33_000),
            ("Comité de gestion et tarification sociale", 4_000),
        ),
        milestones=(
            ("Forage réalisé", 1),
            ("Pompe et château d'eau en service", 2),
            ("Eau distribuée, comité en place", 2),
        ),
        story=Story(ProjectState.LIVE, submitted=15, opens=-3, days=60, raised=0.06),
    ),
    DemoProject(
        title="Terrain de sport de proximité pour les jeunes de Mirleft",
        organisation="mirleft",
        commune="C0502",
        point=(29.583, -10.036),
        sector="16061",
        sdgs=(3, 11),
        funding=FLEXIBLE,
        summary=(
            "Un terrain multisport éclairé à l'énergie solaire, ouvert aux filles comme aux "
            "garçons, à côté de la maison des jeunes."
        ),
        description="""## Le besoin

Les jeunes de Mirleft jouent au football **sur un terrain vague** couvert de cailloux ;
les filles n'ont aucun lieu pour faire du sport.

## Le projet

- une dalle et un revêtement synthétique de 30 × 18 m ;
- des buts, des paniers et une clôture ;
- un éclairage solaire pour jouer après l'école, avec des créneaux réservés aux filles.
""",
        budget=(
            ("Terrassement et dalle", 64_000),
            ("Revêtement synthétique", 88_000),
            ("Buts, paniers et clôture", 31_000),
            ("Éclairage solaire", 22_000),
        ),
        milestones=(
            ("Dalle coulée", 1),
            ("Revêtement et équipements posés", 2),
            ("Éclairage et ouverture", 1),
        ),
        story=Story(ProjectState.DRAFT, opens=45),
    ),
    DemoProject(
        title="Dar Taliba de Tamegroute : 24 lits pour les collégiennes des douars",
        organisation="dar-taliba",
        commune=TAMEGROUTE_KEY,
        point=(30.262, -5.681),
        sector="11322",
        sdgs=(4, 5, 10),
        funding=FLEXIBLE,
        summary=(
            "Réhabiliter et équiper la Dar Taliba pour loger 24 collégiennes de plus, qui "
            "sinon arrêteraient l'école après le primaire."
        ),
        description="""## Le besoin

Chaque rentrée, **une vingtaine de filles** des douars de la vallée du Drâa renoncent au
collège : il est à 30 km et la Dar Taliba est pleine.

## Le projet

- réhabiliter deux dortoirs et les sanitaires ;
- les meubler de 24 lits, matelas et armoires ;
- équiper la cuisine collective et une salle d'étude avec bibliothèque.
""",
        budget=(
            ("Réhabilitation de deux dortoirs", 126_000),
            ("Sanitaires et douches", 60_000),
            ("24 lits, matelas et armoires", 48_000),
            ("Cuisine collective équipée", 57_000),
            ("Salle d'étude avec bibliothèque", 29_000),
        ),
        milestones=(
            ("Dortoirs et sanitaires réhabilités", 2),
            ("Chambres meublées, cuisine équipée", 2),
            ("Salle d'étude ouverte", 1),
        ),
        story=Story(
            ProjectState.LIVE,
            submitted=60,
            opens=-41,
            days=75,
            raised=0.66,
            reviewer="reviewer2",
        ),
    ),
    DemoProject(
        title="Chauffe-eau solaires et éclairage pour la Dar Taliba",
        organisation="dar-taliba",
        commune=TAMEGROUTE_KEY,
        point=(30.263, -5.683),
        sector="23231",
        sdgs=(7,),
        funding=FLEXIBLE,
        summary=(
            "Quatre chauffe-eau solaires et un kit photovoltaïque pour l'eau chaude et la "
            "lumière des pensionnaires, sans facture de gaz."
        ),
        description="""## Le besoin

La Dar Taliba dépense **1 800 MAD par mois** en bonbonnes de gaz pour l'eau chaude, et les
coupures de courant privent les filles de lumière pour réviser.

## Le projet

- quatre chauffe-eau solaires de 300 litres ;
- un kit photovoltaïque de 3 kWc avec batteries ;
- un éclairage LED des dortoirs et de la cour.
""",
        budget=(
            ("Quatre chauffe-eau solaires de 300 litres", 44_000),
            ("Kit photovoltaïque de 3 kWc avec batteries", 52_000),
            ("Éclairage LED des dortoirs et de la cour", 11_000),
        ),
        milestones=(
            ("Chauffe-eau installés", 1),
            ("Photovoltaïque et éclairage en service", 2),
        ),
        story=Story(ProjectState.SUBMITTED, submitted=2, opens=30),
    ),
    DemoProject(
        title="Atelier de couscous roulé main : équipement pour 30 femmes d'Oulmès",
        organisation="nour",
        commune="C0601",
        point=(33.428, -6.005),
        sector="32161",
        sdgs=(5, 8),
        funding=ALL_OR_NOTHING,
        summary=(
            "Une rouleuse, un séchoir solaire et une ensacheuse pour que la coopérative Nour "
            "triple sa production et vende aux épiceries de Rabat et de Meknès."
        ),
        description="""## Le besoin

Les 30 adhérentes roulent et sèchent le couscous **sur les terrasses**, à la merci du vent
et de la poussière : la production plafonne à 200 kg par semaine.

## Le projet

- mettre le local aux normes ;
- installer une rouleuse-calibreuse, un séchoir solaire ventilé et une ensacheuse ;
- obtenir l'agrément sanitaire de l'ONSSA.
""",
        budget=(
            ("Mise aux normes du local", 41_000),
            ("Rouleuse et calibreuse de couscous", 58_000),
            ("Séchoir solaire ventilé", 36_000),
            ("Ensacheuse et balance", 27_000),
            ("Formation et agrément ONSSA", 13_000),
        ),
        milestones=(
            ("Local mis aux normes", 1),
            ("Équipements installés", 3),
            ("Agrément sanitaire obtenu", 1),
        ),
        story=Story(ProjectState.LIVE, submitted=44, opens=-29, days=45, raised=0.35),
    ),
    DemoProject(
        title="Agrément sanitaire et mise en marché des produits de la coopérative Nour",
        organisation="nour",
        commune="C0601",
        point=(33.425, -6.000),
        sector="32130",
        sdgs=(8, 12),
        funding=FLEXIBLE,
        summary=(
            "Obtenir l'agrément ONSSA, créer une marque et des emballages, et vendre sur les "
            "souks et les salons régionaux."
        ),
        description="""## Le besoin

Sans agrément ni étiquette, les produits de la coopérative **ne peuvent pas entrer** dans les
épiceries et les grandes surfaces.

## Le projet

- constituer le dossier d'agrément et faire les analyses ;
- créer la marque et les emballages ;
- vendre sur un stand mobile dans les souks et sur deux salons régionaux.
""",
        budget=(
            ("Dossier d'agrément ONSSA et analyses", 18_000),
            ("Création de la marque et des emballages", 24_000),
            ("Stand de vente mobile pour les souks", 15_000),
            ("Participation à deux salons régionaux", 11_000),
        ),
        milestones=(
            ("Agrément obtenu", 1),
            ("Marque et emballages prêts", 1),
            ("Ventes sur les souks et les salons", 2),
        ),
        story=Story(
            ProjectState.DRAFT,
            submitted=26,
            opens=40,
            revised=True,
            comment=(
                "Justifiez le poste « salons régionaux » par des devis et joignez l'accord de "
                "la commune d'Oulmès signé par son président."
            ),
            failed_item=("commune_approval", "L'accord joint n'est pas signé."),
        ),
    ),
    DemoProject(
        title="Blocs sanitaires et lave-mains pour trois écoles de Ksar Sghir",
        organisation="al-amal",
        commune="C0410",
        point=(35.830, -5.570),
        sector="14032",
        sdgs=(6, 4),
        funding=ALL_OR_NOTHING,
        summary=(
            "Des toilettes séparées filles et garçons, raccordées à l'eau, et des lave-mains "
            "pour les 640 élèves de trois écoles rurales."
        ),
        description="""## Le besoin

Dans trois écoles de Ksar Sghir, **640 élèves** partagent des latrines hors d'usage. Beaucoup
de filles ne boivent pas de la journée pour ne pas avoir à s'y rendre.

## Le projet

- construire trois blocs sanitaires séparés filles et garçons ;
- les raccorder à l'eau et à des fosses septiques ;
- installer des lave-mains collectifs et animer une année d'ateliers d'hygiène.
""",
        budget=(
            ("Trois blocs sanitaires séparés filles et garçons", 132_000),
            ("Raccordement à l'eau et fosses septiques", 54_000),
            ("Lave-mains collectifs", 18_000),
            ("Kits d'hygiène et ateliers pendant un an", 8_000),
        ),
        milestones=(
            ("Blocs construits", 1),
            ("Eau et assainissement raccordés", 2),
            ("Ateliers d'hygiène menés", 1),
        ),
        story=Story(ProjectState.IN_REVIEW, submitted=4, opens=30, reviewer="reviewer2"),
    ),
    DemoProject(
        title="Digital literacy classroom for young people of Ksar Sghir",
        organisation="al-amal",
        commune="C0410",
        point=(35.845, -5.556),
        sector="11231",
        sdgs=(4, 8),
        funding=FLEXIBLE,
        summary=(
            "Twenty refurbished laptops, a fibre connection and a year of evening classes "
            "for 120 young people who have left school."
        ),
        description="""## Why

Most young people of Ksar Sghir who left school **have never used a computer**, yet the
factories of the Tanger Med zone, 15 km away, now ask for basic digital skills.

## What we will do

- fit out a room in the youth centre;
- equip it with twenty refurbished laptops, a projector and a fibre connection;
- run a year of evening classes: office tools, online job applications, safe use of the web.
""",
        budget=(
            ("Fitting out a room in the youth centre", 22_000),
            ("Twenty refurbished laptops and a projector", 61_000),
            ("Fibre connection and network for two years", 9_000),
            ("Trainer's fees for a year of evening classes", 48_000),
        ),
        milestones=(
            ("Room fitted out and equipped", 2),
            ("Connected, classes under way", 2),
        ),
        story=Story(ProjectState.APPROVED, submitted=11, opens=21, days=60),
    ),
    DemoProject(
        title="Un minibus scolaire pour 40 élèves de Laaounate",
        organisation="al-khayr",
        commune="C0422",
        point=(32.745, -8.225),
        sector="11220",
        sdgs=(4, 10),
        funding=FLEXIBLE,
        summary=(
            "Un minibus de 40 places et son chauffeur pour que les enfants des douars "
            "éloignés ne fassent plus 7 km à pied pour aller à l'école."
        ),
        description="""## Le besoin

Les enfants de cinq douars de Laaounate marchent **jusqu'à 7 km** pour rejoindre l'école
centrale. L'hiver, beaucoup abandonnent, surtout les filles.

## Le projet

- acheter un minibus de 40 places récent et l'équiper pour la sécurité ;
- assurer le véhicule et payer le chauffeur pendant la première année scolaire ;
- la commune reprend ensuite les frais de fonctionnement.
""",
        budget=(
            ("Minibus de 40 places d'occasion récente", 248_000),
            ("Ceintures, signalisation et équipements de sécurité", 14_000),
            ("Assurance et visite technique la première année", 18_000),
            ("Salaire du chauffeur pendant l'année scolaire", 40_000),
        ),
        milestones=(
            ("Minibus acheté et sécurisé", 2),
            ("Première année scolaire de transport", 2),
        ),
        story=Story(
            ProjectState.LIVE,
            submitted=27,
            opens=-14,
            days=45,
            raised=0.19,
            reviewer="reviewer2",
        ),
    ),
    DemoProject(
        title="Health caravan: eye and dental screening for 1,500 villagers of Laaounate",
        organisation="al-khayr",
        commune="C0422",
        point=(32.740, -8.230),
        sector="12220",
        sdgs=(3,),
        funding=ALL_OR_NOTHING,
        summary=(
            "Ten days of free eye and dental screening in the douars, with 400 pairs of "
            "reading glasses and the first dental care on the spot."
        ),
        description="""## Why

The nearest ophthalmologist is in El Jadida, **80 km away**. Older villagers go without
glasses and children's tooth decay goes untreated.

## What we will do

- rent a mobile medical unit for ten days and bring an ophthalmologist and a dentist;
- hand out 400 pairs of reading glasses and give first dental care;
- announce the caravan on the local radio and publish a follow-up report.
""",
        budget=(
            ("Mobile medical unit rental for ten days", 36_000),
            ("Ophthalmologist and dentist fees", 28_000),
            ("400 pairs of reading glasses", 16_000),
            ("Medicines and dental care consumables", 14_000),
            ("Outreach in the douars with the local radio", 4_000),
        ),
        milestones=(
            ("Caravan organised and staff booked", 2),
            ("Screening days held", 2),
            ("Follow-up report published", 1),
        ),
        story=Story(ProjectState.SUBMITTED, submitted=21, opens=25),
    ),
)
