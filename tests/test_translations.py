"""Every message the code and templates use is translated into French and Arabic (the
complete languages; Spanish and Tamazight have their own rules in tests/i18n)."""

import pytest

from tests.i18n.messages import untranslated, used_messages


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_message_used_is_translated(language):
    assert untranslated(language, used_messages().keys()) == []
