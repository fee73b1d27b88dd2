"""Forms of the pledge administration pages: the filters of the list, and a refund."""

from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import MoneyField, PositiveAmount
from crowdfund.pledges.models import PledgeState

#: What each state is called in the administration, in a word or two.
PLEDGE_STATE_LABELS = {
    PledgeState.PENDING: _l("Waiting for the card"),
    PledgeState.SAVED: _l("Card saved"),
    PledgeState.PROCESSING: _l("Processing"),
    PledgeState.REQUIRES_ACTION: _l("Awaiting 3-D Secure"),
    PledgeState.CAPTURED: _l("Captured"),
    PledgeState.FAILED: _l("Declined"),
    PledgeState.LAPSED: _l("Lapsed"),
    PledgeState.RELEASED: _l("Released"),
    PledgeState.REFUNDED: _l("Refunded"),
}

REASON_MAX_LENGTH = 500


def _strip(text):
    return text.strip() if isinstance(text, str) else text


class PledgeFilterForm(BaseForm):
    """Read-only filters sent by GET, so no CSRF token; `project_choices` are (id, title) pairs."""

    class Meta:
        csrf = False

    q = SearchField(_l("Donor email"), validators=[Optional(), Length(max=254)])
    state = SelectField(_l("State"), validators=[Optional()])
    project = SelectField(_l("Project"), validators=[Optional()])

    def __init__(self, project_choices, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state.choices = [
            SelectChoice("", _l("Any state")),
            *(SelectChoice(state.value, label) for state, label in PLEDGE_STATE_LABELS.items()),
        ]
        self.project.choices = [
            SelectChoice("", _l("Any project")),
            *(SelectChoice(str(project_id), title) for project_id, title in project_choices),
        ]

    def chosen_filters(self):
        """(state, project id, donor email) chosen, each None when not given or not valid."""
        if not self.validate():
            return None, None, None
        state = PledgeState(self.state.data) if self.state.data else None
        project_id = int(self.project.data) if self.project.data else None
        return state, project_id, (self.q.data or "").strip() or None


class RefundForm(BaseForm):
    amount = MoneyField(_l("Amount to refund, in dirhams"), validators=[PositiveAmount()])
    reason = TextAreaField(
        _l("Reason"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Give the reason for the refund.")),
            Length(max=REASON_MAX_LENGTH),
        ],
    )
    confirm = BooleanField(
        _l("I confirm that this money goes back to the donor's card; it cannot be undone."),
        validators=[DataRequired(_l("Tick the box to confirm the refund."))],
    )
