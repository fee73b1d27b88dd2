"""The fixed texts of the IATI files in every language of the platform, translated once per file."""

from flask import current_app
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from crowdfund.opendata.flows import FlowSource, FlowType
from crowdfund.projects.reference import SDGS, SECTORS

DIASPORA_DONORS = _l("Diaspora donors")
INSTITUTIONAL_COFUNDERS = _l("Institutional co-funders")
PROJECT_PAGE = _l("Project page on Twiza")

#: What each kind of money flow is, as a transaction's description.
FLOW_DESCRIPTIONS = {
    (FlowType.INCOMING, FlowSource.DIASPORA): _l("Gifts from diaspora donors"),
    (FlowType.INCOMING, FlowSource.MATCHING): _l("Matching funds"),
    (FlowType.INCOMING, FlowSource.CO_FUNDING): _l("Institutional co-funding"),
    (FlowType.REFUND, FlowSource.DIASPORA): _l("Refunds to diaspora donors"),
    (FlowType.REFUND, FlowSource.MATCHING): _l("Matching given back with refunds"),
    (FlowType.REFUND, FlowSource.CO_FUNDING): _l("Co-funding given back"),
}


class Words:
    """Every fixed text, as [(language, text)] for IATI's narratives.

    A text that reads the same as in an earlier language (not translated yet, or
    the same word) is given once, under the first language.
    """

    def __init__(self, languages):
        self._texts = {}
        for language in languages:
            with force_locale(language):
                for key, text in self._fixed_texts():
                    texts = self._texts.setdefault(key, [])
                    if all(str(text) != known for _language, known in texts):
                        texts.append((language, str(text)))

    @staticmethod
    def _fixed_texts():
        yield "diaspora_donors", DIASPORA_DONORS
        yield "institutional_cofunders", INSTITUTIONAL_COFUNDERS
        yield "project_page", PROJECT_PAGE
        for key, text in FLOW_DESCRIPTIONS.items():
            yield ("flow", *key), text
        for code, text in SECTORS.items():
            yield ("sector", code), text
        for number, text in SDGS.items():
            yield ("sdg", number), text

    def __getitem__(self, key):
        return self._texts[key]


def platform_words():
    """The fixed texts in the platform's languages."""
    return Words(current_app.config["LANGUAGES"])
