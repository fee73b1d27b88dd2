"""Showing a service's refusal on the form that asked for the refused step."""


def show_refusal(form, refusal):
    """Put `refusal.message` beside the field `refusal.field` names, or at the top of the form.

    A field's errors are a tuple until the form is validated, so they are replaced,
    not appended to.
    """
    if refusal.field and refusal.field in form:
        form[refusal.field].errors = [*form[refusal.field].errors, refusal.message]
    else:
        form.form_errors.append(refusal.message)
