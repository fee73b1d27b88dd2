"""The audit log's search form."""

from flask_babel import lazy_gettext as _l
from wtforms import DateField, IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from crowdfund.audit.search import AuditFilters
from crowdfund.forms_base import BaseForm


class AuditSearchForm(BaseForm):
    """Read-only filters sent by GET, so no CSRF token; `types` are the target types to offer."""

    class Meta:
        csrf = False

    actor = SearchField(_l("Email of who acted"), validators=[Optional(), Length(max=254)])
    action = SearchField(
        _l("Action"),
        validators=[Optional(), Length(max=80)],
    )
    target_type = SelectField(_l("Record"), validators=[Optional()])
    target_id = IntegerField(_l("Record number"), validators=[Optional(), NumberRange(min=1)])
    since = DateField(_l("From"), validators=[Optional()])
    until = DateField(_l("To"), validators=[Optional()])

    def __init__(self, types, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.target_type.choices = [
            SelectChoice("", _l("Any record")),
            *(SelectChoice(name, name) for name in types),
        ]

    def filters(self):
        """The AuditFilters asked for; none when the form is not valid."""
        if not self.validate():
            return AuditFilters()
        return AuditFilters(
            actor_email=(self.actor.data or "").strip() or None,
            action=(self.action.data or "").strip() or None,
            target_type=self.target_type.data or None,
            target_id=self.target_id.data,
            since=self.since.data,
            until=self.until.data,
        )

    def query_arguments(self):
        """The form's values as URL arguments, for the page links; none when not valid."""
        if self.errors:
            return {}
        return {
            name: self[name].raw_data[0]
            for name in ("actor", "action", "target_type", "target_id", "since", "until")
            if self[name].raw_data and self[name].raw_data[0]
        }
