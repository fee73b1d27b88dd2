"""The form every form of Twiza derives from: each field reads only the kind of value it can."""

from flask_wtf import FlaskForm
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import BadRequest
from wtforms import FileField


def _file_field_names(form):
    """The names under which `form` accepts uploaded files (its own file fields)."""
    return {field.name for field in form if isinstance(field, FileField)}


def readable_formdata(formdata, file_field_names):
    """`formdata` without the values no field could read: text, and files only for file fields.

    A browser may send a file under any name, and Flask-WTF merges the uploaded files
    with the text fields, so a text, date or number field would otherwise receive a
    FileStorage (and the body of a JSON request may put numbers or objects anywhere).
    Such a value is dropped, so the field sees it as missing and says so.
    """
    return ImmutableMultiDict(
        (name, value)
        for name, value in formdata.items(multi=True)
        if name in file_field_names or isinstance(value, str)
    )


class BaseForm(FlaskForm):
    """A FlaskForm whose fields never see a value of a kind they cannot read."""

    class Meta:
        def wrap_formdata(self, form, formdata):
            try:
                formdata = super().wrap_formdata(form, formdata)
            except (TypeError, ValueError) as error:
                # A JSON body that is not an object ("1", "[1]") has no fields to read.
                raise BadRequest() from error
            if formdata is None:
                return None
            return readable_formdata(formdata, _file_field_names(form))
