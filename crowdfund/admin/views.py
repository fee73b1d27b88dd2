"""Administration pages: users and their roles, and Morocco's administrative units."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from crowdfund.accounts.models import Role, User
from crowdfund.admin.forms import (
    ACCOUNT_ACTIVE,
    ACCOUNT_INACTIVE,
    PROVINCE_KIND_LABELS,
    CommuneForm,
    ProvinceForm,
    UserAccessForm,
    UserSearchForm,
)
from crowdfund.admin.services import (
    GRANTABLE_ROLES,
    KNOWN_AFFILIATIONS,
    AccessChangeRefused,
    find_users,
    update_user_access,
)
from crowdfund.extensions import db
from crowdfund.geography import services as geography_services
from crowdfund.geography.models import CommuneKind, Province, ProvinceKind, Region
from crowdfund.permissions import Permission, require

bp = Blueprint("admin", __name__, url_prefix="/admin")

USERS_PER_PAGE = 25


@bp.get("/users")
@require(Permission.ADMINISTER)
def users():
    form = UserSearchForm(formdata=request.args)
    valid = form.validate()
    query = form.q.data if valid else ""
    role = Role(form.role.data) if valid and form.role.data else None
    page = db.paginate(
        find_users(query, role),
        page=request.args.get("page", 1, type=int),
        per_page=USERS_PER_PAGE,
        error_out=False,
    )
    return render_template(
        "admin/users.html",
        form=form,
        page=page,
        filters={"q": query or None, "role": role.value if role else None},
        grantable_roles=GRANTABLE_ROLES,
    )


def _current_access(user):
    return {
        "roles": [role for role in GRANTABLE_ROLES if user.has_role(role)],
        "affiliation": user.affiliation,
        "status": ACCOUNT_ACTIVE if user.is_active_account else ACCOUNT_INACTIVE,
    }


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@require(Permission.ADMINISTER)
def user(user_id):
    user = db.get_or_404(User, user_id)
    form = UserAccessForm(data=None if request.method == "POST" else _current_access(user))
    if form.validate_on_submit():
        try:
            update_user_access(
                user, form.roles.data, form.affiliation.data, form.active, admin=current_user
            )
        except AccessChangeRefused as refusal:
            form.form_errors.append(str(refusal))
        else:
            db.session.commit()
            flash(_("The access of %(name)s has been updated.", name=user.name), "success")
            return redirect(url_for(".user", user_id=user.id))
    return render_template(
        "admin/user.html",
        user=user,
        form=form,
        grantable_roles=GRANTABLE_ROLES,
        known_affiliations=KNOWN_AFFILIATIONS,
        is_self=user.id == current_user.id,
    )


def _geography_forms(overview):
    """The two forms for adding units, their choices taken from the overview already loaded."""
    province_form = ProvinceForm([region for region, _provinces in overview])
    commune_form = CommuneForm(
        [(region, [province for province, _count in provinces]) for region, provinces in overview]
    )
    return province_form, commune_form


def _render_geography(overview, province_form, commune_form):
    return render_template(
        "admin/geography.html",
        overview=overview,
        province_form=province_form,
        commune_form=commune_form,
        province_kind_labels=PROVINCE_KIND_LABELS,
    )


@bp.get("/geography")
@require(Permission.ADMINISTER)
def geography():
    overview = geography_services.provinces_by_region()
    return _render_geography(overview, *_geography_forms(overview))


def _add_unit(kind, add, region_of):
    """Validate the `kind` ("province" or "commune") form, add its unit with `add`, and go
    back to the unit's region; on a problem, show both forms again."""
    overview = geography_services.provinces_by_region()
    province_form, commune_form = _geography_forms(overview)
    form = province_form if kind == "province" else commune_form
    if form.validate_on_submit():
        try:
            unit = add(form)
        except geography_services.DuplicateUnitName as duplicate:
            form.name_fr.errors.append(str(duplicate))
        else:
            db.session.commit()
            flash(_("%(name)s has been added.", name=unit.name), "success")
            return redirect(url_for(".geography", _anchor=f"region-{region_of(unit).code}"))
    return _render_geography(overview, province_form, commune_form)


@bp.post("/geography/provinces")
@require(Permission.ADMINISTER)
def add_province():
    return _add_unit(
        "province",
        lambda form: geography_services.add_province(
            db.session.get(Region, form.region.data), ProvinceKind(form.kind.data), form.names
        ),
        region_of=lambda province: province.region,
    )


@bp.post("/geography/communes")
@require(Permission.ADMINISTER)
def add_commune():
    return _add_unit(
        "commune",
        lambda form: geography_services.add_commune(
            db.session.get(Province, form.province.data), CommuneKind(form.kind.data), form.names
        ),
        region_of=lambda commune: commune.province.region,
    )
