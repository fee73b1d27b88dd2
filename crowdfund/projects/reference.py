"""Reference lists a project is described with: DAC sectors, SDGs, the vetting checklist."""

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

#: OECD DAC 5-digit purpose codes that local development projects use.
SECTORS = {
    "11120": _l("Education facilities and training"),
    "11220": _l("Primary education"),
    "11231": _l("Basic life skills for youth"),
    "11240": _l("Early childhood education"),
    "11322": _l("Upper secondary education"),
    "12220": _l("Basic health care"),
    "12230": _l("Basic health infrastructure"),
    "12240": _l("Basic nutrition"),
    "12261": _l("Health education"),
    "14020": _l("Water supply and sanitation – large systems"),
    "14030": _l("Basic drinking water supply and basic sanitation"),
    "14031": _l("Basic drinking water supply"),
    "14032": _l("Basic sanitation"),
    "14050": _l("Waste management and disposal"),
    "16010": _l("Social protection"),
    "16020": _l("Employment creation"),
    "16061": _l("Culture and recreation"),
    "21020": _l("Road transport"),
    "23231": _l("Solar energy for isolated grids and standalone systems"),
    "31120": _l("Agricultural development"),
    "31140": _l("Agricultural water resources"),
    "31163": _l("Livestock"),
    "31191": _l("Agricultural services"),
    "31220": _l("Forestry development"),
    "32130": _l("Small and medium-sized enterprise development"),
    "32161": _l("Agro-industries"),
    "32163": _l("Textiles, leather and substitutes"),
    "33210": _l("Tourism"),
    "41030": _l("Biodiversity"),
    "43030": _l("Urban development and management"),
    "43040": _l("Rural development"),
    "74020": _l("Multi-hazard response preparedness"),
}

#: The 17 Sustainable Development Goals.
SDGS = {
    1: _l("No poverty"),
    2: _l("Zero hunger"),
    3: _l("Good health and well-being"),
    4: _l("Quality education"),
    5: _l("Gender equality"),
    6: _l("Clean water and sanitation"),
    7: _l("Affordable and clean energy"),
    8: _l("Decent work and economic growth"),
    9: _l("Industry, innovation and infrastructure"),
    10: _l("Reduced inequalities"),
    11: _l("Sustainable cities and communities"),
    12: _l("Responsible consumption and production"),
    13: _l("Climate action"),
    14: _l("Life below water"),
    15: _l("Life on land"),
    16: _l("Peace, justice and strong institutions"),
    17: _l("Partnerships for the goals"),
}

#: The version of the vetting checklist reviewers answer today.
CHECKLIST_VERSION = "2026.1"

#: Checklist items, in the order reviewers answer them.
CHECKLIST = {
    "eligibility": _l("Eligibility: the organisation and the project fit the programme's rules"),
    "budget_realism": _l("Budget realism: costs match local prices and the milestones"),
    "commune_approval": _l("Commune approval: the commune's approval document is attached"),
    "no_double_funding": _l("No double funding: not already funded by another programme"),
    "environmental_social_risk": _l("Environmental and social risk: assessed and acceptable"),
}


def sector_choices():
    """The sectors as form choices, "11120 — Education facilities…", in the reader's language."""
    return [SelectChoice(code, f"{code} — {label}") for code, label in SECTORS.items()]


def sector_label(code):
    return SECTORS.get(code, code)


def sdg_label(number):
    return SDGS.get(number, str(number))
