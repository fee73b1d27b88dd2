"""Forms reviewers fill in: decisions on organisations and the project vetting checklist."""

from flask_babel import lazy_gettext as _l
from wtforms import Form, FormField, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from crowdfund.forms_base import BaseForm
from crowdfund.projects.models import ReviewDecision
from crowdfund.projects.reference import CHECKLIST

PASSED = "passed"
FAILED = "failed"


class RejectOrganisationForm(BaseForm):
    # Whether a reason is needed is the service's rule; it answers with a ReviewError.
    reason = TextAreaField(_l("Reason for rejection"), validators=[Length(max=2000)])


class ChecklistAnswerForm(Form):
    """One checklist item: passed or failed, with an optional note."""

    result = RadioField(
        choices=[SelectChoice(PASSED, _l("Passed")), SelectChoice(FAILED, _l("Failed"))],
        validators=[InputRequired(message=_l("Say whether this item passed or failed."))],
    )
    note = StringField(_l("Note (optional)"), validators=[Optional(), Length(max=1000)])


class VettingForm(BaseForm):
    """The checklist of today's version, the decision and the comments for the owner."""

    decision = RadioField(
        _l("Decision"),
        choices=[SelectChoice(decision.value, decision.label) for decision in ReviewDecision],
        validators=[InputRequired(message=_l("Choose a decision."))],
    )
    comments = TextAreaField(
        _l("Comments for the project owner"), validators=[Optional(), Length(max=5000)]
    )

    def checklist_fields(self):
        """The sub-form of each checklist item, in checklist order."""
        return [self[_field_name(key)] for key in CHECKLIST]

    def answers(self):
        """The answers in the shape reviews store: {item key: {"passed", "note"}}."""
        return {
            key: {
                "passed": self[_field_name(key)].result.data == PASSED,
                "note": self[_field_name(key)].note.data or "",
            }
            for key in CHECKLIST
        }


def _field_name(key):
    # Prefixed so that no checklist key can ever shadow an attribute of the form.
    return f"item_{key}"


def _add_checklist_fields(form_class):
    for key, label in CHECKLIST.items():
        setattr(form_class, _field_name(key), FormField(ChecklistAnswerForm, label=label))


_add_checklist_fields(VettingForm)
