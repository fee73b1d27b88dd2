"""Forms to register an organisation and to correct it until it is verified."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectChoice, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from crowdfund.forms_base import BaseForm
from crowdfund.geography.forms import CommuneChooserMixin
from crowdfund.organisations.models import DocumentKind, OrganisationKind

#: The kinds of file accepted as documents (see crowdfund.files.services).
DOCUMENT_FILE_KINDS = frozenset({"pdf", "jpeg", "png"})
_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _optional_kind(value):
    return OrganisationKind(value) if value else None


def _document_field(kind, required):
    validators = [FileRequired(message=_l("Attach this document."))] if required else []
    return FileField(kind.label, validators=validators, render_kw={"accept": _ACCEPT})


class OrganisationForm(CommuneChooserMixin, BaseForm):
    """What members may change until verification; a document given replaces the earlier one."""

    name = StringField(
        _l("Name of the organisation"),
        filters=[_strip],
        validators=[
            InputRequired(message=_l("Enter the name of the organisation.")),
            Length(max=200),
        ],
        render_kw={"autocomplete": "organization"},
    )
    description = TextAreaField(
        _l("Short description"),
        filters=[_strip],
        validators=[
            InputRequired(message=_l("Describe the organisation in a few sentences.")),
            Length(max=1000),
        ],
    )
    statutes = _document_field(DocumentKind.STATUTES, required=False)
    registration_certificate = _document_field(
        DocumentKind.REGISTRATION_CERTIFICATE, required=False
    )
    board_decision = _document_field(DocumentKind.BOARD_DECISION, required=False)

    def document_fields(self):
        """(DocumentKind, field) for each document, in the order of DocumentKind."""
        return [(kind, self[kind.value]) for kind in DocumentKind]


class RegisterOrganisationForm(OrganisationForm):
    """Everything a reviewer needs to verify a new organisation, documents included."""

    kind = SelectField(
        _l("Kind of organisation"),
        coerce=_optional_kind,
        choices=[
            SelectChoice("", _l("Choose…")),
            *(SelectChoice(kind.value, kind.label) for kind in OrganisationKind),
        ],
        validators=[DataRequired(message=_l("Choose the kind of organisation."))],
    )
    registration_number = StringField(
        _l("Registration number"),
        filters=[_strip],
        validators=[
            InputRequired(message=_l("Enter the registration number.")),
            Length(max=64),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    statutes = _document_field(DocumentKind.STATUTES, required=True)
    registration_certificate = _document_field(DocumentKind.REGISTRATION_CERTIFICATE, required=True)
    board_decision = _document_field(DocumentKind.BOARD_DECISION, required=True)
