"""The form owners draft a project with: story, place, money, dates, budget and milestones."""

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from flask_wtf.i18n import translations
from wtforms import (
    FieldList,
    Form,
    FormField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    StopValidation,
    ValidationError,
)

from crowdfund.forms_base import BaseForm
from crowdfund.forms_fields import (
    DateInputField,
    DecimalInputField,
    MoneyField,
    MultiCheckboxField,
    PositiveAmount,
)
from crowdfund.geography.forms import CommuneChooserMixin
from crowdfund.projects import rules
from crowdfund.projects.models import FundingModel
from crowdfund.projects.reference import SDGS, sector_choices
from crowdfund.timeutil import today

#: Rows offered for budget lines and for milestones; blank rows are ignored.
PLAN_ROWS = 8


def _required_in_row(message):
    """Like InputRequired, without marking the input `required`: a blank row is allowed."""

    def check(form, field):
        if not (field.raw_data and str(field.raw_data[0]).strip()):
            raise StopValidation(message)

    return check


def _check(problem):
    if problem:
        raise ValidationError(problem)


class PlanRowForm(Form):
    """One row of a plan table; a row left completely blank is not a row at all."""

    class Meta:
        def get_translations(self, form):
            return translations

    @property
    def is_blank(self):
        return not any(field.raw_data and str(field.raw_data[0]).strip() for field in self)

    def validate(self, extra_validators=None):
        if self.is_blank:
            return True
        return super().validate(extra_validators)


class BudgetLineForm(PlanRowForm):
    label = StringField(
        _l("What it pays for"),
        validators=[_required_in_row(_l("Say what this line pays for.")), Length(max=200)],
    )
    amount = MoneyField(_l("Amount (MAD)"), validators=[PositiveAmount()])


class MilestoneForm(PlanRowForm):
    title = StringField(
        _l("Milestone"),
        validators=[_required_in_row(_l("Name the milestone.")), Length(max=200)],
    )
    amount = MoneyField(_l("Amount released (MAD)"), validators=[PositiveAmount()])
    target_date = DateInputField(
        _l("Target date"), validators=[_required_in_row(_l("Give the target date."))]
    )


def _at_least_one_sdg(form, field):
    if not field.data:
        raise StopValidation(_l("Choose at least one goal."))


def _latitude_in_morocco(form, field):
    if field.data is not None:
        _check(rules.latitude_problem(field.data))


def _longitude_in_morocco(form, field):
    if field.data is not None:
        _check(rules.longitude_problem(field.data))


def _goal_within_cap(form, field):
    _check(rules.goal_problem(field.data, current_app.config["PROJECT_GOAL_CAP_MAD"]))


def _start_not_in_past(form, field):
    _check(rules.start_date_problem(field.data, today()))


class ProjectForm(CommuneChooserMixin, BaseForm):
    title = StringField(
        _l("Title"), validators=[DataRequired(_l("Give the project a title.")), Length(max=160)]
    )
    summary = TextAreaField(
        _l("Summary"),
        validators=[DataRequired(_l("Write a short summary.")), Length(max=500)],
        render_kw={"maxlength": 500, "rows": 3},
    )
    description = TextAreaField(
        _l("Description"),
        validators=[DataRequired(_l("Describe the project."))],
        render_kw={"rows": 12},
    )
    sector_code = SelectField(
        _l("Sector"),
        validators=[InputRequired(_l("Choose a sector."))],
        invalid_choice_message=_l("Choose a sector from the list."),
    )
    sdgs = MultiCheckboxField(
        _l("Sustainable Development Goals"),
        coerce=int,
        choices=[SelectChoice(number, label) for number, label in SDGS.items()],
        validators=[_at_least_one_sdg],
        invalid_choice_message=_l("Choose goals from the list."),
    )
    latitude = DecimalInputField(
        _l("Latitude"),
        validators=[InputRequired(_l("Give the latitude.")), _latitude_in_morocco],
    )
    longitude = DecimalInputField(
        _l("Longitude"),
        validators=[InputRequired(_l("Give the longitude.")), _longitude_in_morocco],
    )
    cover_image = FileField(
        _l("Cover image"), render_kw={"accept": "image/jpeg,image/png,image/webp"}
    )
    commune_approval = FileField(
        _l("Commune approval document"), render_kw={"accept": "application/pdf"}
    )
    goal_amount = MoneyField(
        _l("Goal (MAD)"), validators=[PositiveAmount(_l("Give the goal.")), _goal_within_cap]
    )
    funding_model = RadioField(
        _l("Funding model"),
        choices=[SelectChoice(model.value, model.label) for model in FundingModel],
        invalid_choice_message=_l("Choose a funding model."),
    )
    start_date = DateInputField(
        _l("Campaign start"),
        validators=[InputRequired(_l("Give the start date.")), _start_not_in_past],
    )
    end_date = DateInputField(
        _l("Campaign end"), validators=[InputRequired(_l("Give the end date."))]
    )
    budget_lines = FieldList(
        FormField(BudgetLineForm), min_entries=PLAN_ROWS, max_entries=PLAN_ROWS
    )
    milestones = FieldList(FormField(MilestoneForm), min_entries=PLAN_ROWS, max_entries=PLAN_ROWS)
    save = SubmitField(_l("Save the draft"))

    #: Shown under each funding model so that owners choose knowingly.
    funding_explanations = {model.value: model.explanation for model in FundingModel}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sector_code.choices = [
            SelectChoice("", _("Choose a sector")),
            *sector_choices(),
        ]

    def validate_end_date(self, field):
        if self.start_date.data is not None and not self.start_date.errors:
            _check(rules.end_date_problem(self.start_date.data, field.data))

    def validate(self, extra_validators=None):
        fields_valid = super().validate(extra_validators)
        dates_valid = self._check_milestone_dates()
        totals_valid = self._check_plan_totals()
        return fields_valid and dates_valid and totals_valid

    def _filled_rows(self, rows):
        return [row.form for row in rows if not row.form.is_blank]

    def _check_milestone_dates(self):
        """Each milestone falls due on or after the campaign's end; the error goes on its row."""
        end_date = self.end_date.data if not self.end_date.errors else None
        if end_date is None:
            return True
        valid = True
        for row in self._filled_rows(self.milestones):
            if row.target_date.data is not None and not row.target_date.errors:
                problem = rules.milestone_date_problem(row.target_date.data, end_date)
                if problem:
                    row.target_date.errors.append(problem)
                    valid = False
        return valid

    def _check_plan_totals(self):
        """At least one row in each table, and each table adding up to the goal."""
        errors_before = len(self.form_errors)
        budget_rows = self._filled_rows(self.budget_lines)
        milestone_rows = self._filled_rows(self.milestones)
        if not budget_rows:
            self.form_errors.append(_("Add at least one budget line."))
        if not milestone_rows:
            self.form_errors.append(_("Add at least one milestone."))
        goal = self.goal_amount.data if not self.goal_amount.errors else None
        for rows, total_problem in (
            (budget_rows, rules.budget_total_problem),
            (milestone_rows, rules.milestones_total_problem),
        ):
            amounts = [row.amount.data for row in rows]
            # Totals mean something only once the goal and every amount could be read.
            if goal and rows and all(amount and amount > 0 for amount in amounts):
                problem = total_problem(amounts, goal)
                if problem:
                    self.form_errors.append(problem)
        return len(self.form_errors) == errors_before

    def project_data(self):
        """What was entered, as the services expect it."""
        return {
            "title": self.title.data.strip(),
            "summary": self.summary.data.strip(),
            "description": self.description.data.strip(),
            "sector_code": self.sector_code.data,
            "sdgs": sorted(set(self.sdgs.data)),
            "commune": self.chosen_commune,
            "latitude": self.latitude.data,
            "longitude": self.longitude.data,
            "cover_image": self.cover_image.data,
            "commune_approval": self.commune_approval.data,
            "goal_amount": self.goal_amount.data,
            "funding_model": FundingModel(self.funding_model.data),
            "start_date": self.start_date.data,
            "end_date": self.end_date.data,
            "budget_lines": [
                (row.label.data.strip(), row.amount.data)
                for row in self._filled_rows(self.budget_lines)
            ],
            "milestones": [
                (row.title.data.strip(), row.amount.data, row.target_date.data)
                for row in self._filled_rows(self.milestones)
            ],
        }


def initial_data(project):
    """The values a saved project puts in the form."""
    return {
        "title": project.title,
        "summary": project.summary,
        "description": project.description,
        "sector_code": project.sector_code,
        "sdgs": project.sdgs,
        "commune_id": project.commune_id,
        "latitude": project.latitude,
        "longitude": project.longitude,
        "goal_amount": project.goal_amount,
        "funding_model": project.funding_model.value,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "budget_lines": [
            {"label": line.label, "amount": line.amount} for line in project.budget_lines
        ],
        "milestones": [
            {"title": m.title, "amount": m.amount, "target_date": m.target_date}
            for m in project.milestones
        ],
    }


class ProjectActionForm(BaseForm):
    """An empty form that carries the CSRF token of a button (submit, revise)."""
