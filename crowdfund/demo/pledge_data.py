"""Who gives to the demo's campaigns, in which currency, with which words, and how much.

Each project whose story raised money gets pledges from several of the donors
abroad, taken in turn; the sizes follow WEIGHTS so that gifts differ, and the
last gift brings the project to its story's share of the goal.
"""

from dataclasses import dataclass

from crowdfund.payments.gateway import CARD_DECLINED_AT_CHARGE, CARD_REQUIRES_AUTHENTICATION


@dataclass(frozen=True)
class DemoDonor:
    #: The key of the donor's account in accounts.ACCOUNTS.
    key: str
    #: What they write beside their name; they give anonymously on every third pledge.
    messages: tuple
    #: The currency they pay in when not the one of their country of residence.
    currency: str | None = None


DONORS = (
    DemoDonor(
        "leila",
        ("Pour le douar de ma mère, avec toute mon affection.", "De Lyon, bon courage à tous !"),
    ),
    DemoDonor("mohamed", ("من برشلونة، بالتوفيق لأهل الدوار.", "تضامنا مع أهلنا في البلاد.")),
    DemoDonor(
        "khadija",
        ("Bravo à l'association, nous suivrons chaque étape.", "En pensant à mes grands-parents."),
    ),
    DemoDonor("rachid", ("صدقة جارية على روح والدي رحمه الله.", "من تورينو، بارك الله فيكم.")),
    DemoDonor(
        "naima", ("From Rotterdam, with love for the valley.", "Please keep posting photos!")
    ),
    DemoDonor("abdelilah", ("Happy to help from Frankfurt.", "Good luck to the whole team.")),
    DemoDonor(
        "meryem",
        ("De Montréal, fière de participer.", "Pour que les enfants aient la même chance que moi."),
    ),
    DemoDonor("said", ("Proud to support this from Chicago.", "For my father's village.")),
    # A Moroccan bank card, kept from home: he pays in dirhams.
    DemoDonor("hamza", ("من دبي، الله يعاونكم.", "مساهمة متواضعة، والله الموفق."), currency="MAD"),
    DemoDonor("imane", ("In memory of my grandmother.", "From London, with admiration.")),
)

#: The demo donor of the README gives first to these projects, with these words.
DEMO_DONOR = "donor"
DEMO_DONOR_GIVES_TO = {
    # Flexible: charged at once.
    "Toiture et isolation de l'école satellite d'Aït Ziri": (
        "Pour l'école où mon père a appris à lire."
    ),
    # All-or-nothing and still live: the card is saved until the campaign ends.
    "Reconstruction du dispensaire rural d'Ighil": "Pour le dispensaire de mon enfance.",
}

#: The relative sizes of a project's gifts, in turn.
WEIGHTS = (4, 2, 3, 1, 3, 2, 4, 1, 3, 2)
#: A project gets about one gift per this many dirhams of its target, within these bounds
#: (enough for every gift to stay within the largest a donor may give).
DIRHAMS_PER_GIFT = 35_000
FEWEST_GIFTS, MOST_GIFTS = 3, 8

ARGAN_PRESS = "Unité de pressage d'huile d'argan pour 48 femmes de Tamanar"
DAR_TALIBA = "Dar Taliba de Tamegroute : 24 lits pour les collégiennes des douars"
TABANT_ROAD = "Piste rurale Tabant – Agouti : 6 km praticables toute l'année"

#: Cards that do more than succeed: (project title, gift number from 0) -> test card.
#: A card declined on a flexible project is followed by the same gift with another card; a
#: card asking for 3-D Secure is authenticated by its donor, on the all-or-nothing road when
#: the campaign is settled.
UNUSUAL_CARDS = {
    (ARGAN_PRESS, 1): CARD_DECLINED_AT_CHARGE,
    (DAR_TALIBA, 2): CARD_REQUIRES_AUTHENTICATION,
    (TABANT_ROAD, 3): CARD_REQUIRES_AUTHENTICATION,
}
