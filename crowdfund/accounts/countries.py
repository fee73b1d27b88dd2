"""Countries of residence, named in the reader's language, where most donors live first."""

import unicodedata

from flask_babel import get_locale

#: Where most Moroccans abroad live, then Morocco itself: listed first, in this order.
FIRST_COUNTRIES = ("FR", "ES", "IT", "BE", "NL", "DE", "CA", "US", "GB", "AE", "SA", "QA", "MA")

#: Codes Babel names that are not countries one lives in. Western Sahara is part of
#: Morocco on this platform: people living there choose Morocco.
NOT_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "EH", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
)


def _sort_key(name):
    """Sort names as a reader expects: accents and case do not move a name."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def country_names():
    """Every country code with its name in the current locale."""
    territories = get_locale().territories
    return {
        code: name
        for code, name in territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES
    }


def country_choices():
    """(code, name) pairs for a select: FIRST_COUNTRIES, then the rest alphabetically."""
    names = country_names()
    first = [(code, names[code]) for code in FIRST_COUNTRIES]
    rest = sorted(
        ((code, name) for code, name in names.items() if code not in FIRST_COUNTRIES),
        key=lambda choice: _sort_key(choice[1]),
    )
    return first + rest
