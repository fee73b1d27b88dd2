"""The milestone evidence an owner sends from the browser, in the run's language."""

from playwright.sync_api import expect

from tests.e2e.in_language import assert_page_language
from tests.factories.files import PDF_BYTES
from tests.factories.milestones import camera_photo

NARRATIVE = "Forage terminé à 120 m ; l'eau est apparue à 85 m.\n\nLa pompe suit."


def owner_sends_the_evidence(page, slug, milestone, catalog, folder, shot):
    """The owner sends the first milestone's evidence: a located camera photo, an invoice and
    the acceptance record."""
    _ = catalog._
    photo = folder / "chantier-forage.jpg"
    photo.write_bytes(camera_photo(size=(640, 480)))
    invoice = folder / "facture-forage.pdf"
    invoice.write_bytes(PDF_BYTES)
    record = folder / "proces-verbal-reception.pdf"
    record.write_bytes(PDF_BYTES)

    page.goto(f"/manage/projects/{slug}/milestones")
    assert_page_language(page, catalog.language)
    expect(page.get_by_role("heading", level=1, name=_("Milestones and evidence"))).to_be_visible()
    form = page.get_by_role(
        "region",
        name=_(
            "Send evidence for milestone %(position)d: %(title)s",
            position=1,
            title=milestone,
        ),
    )
    form.get_by_label(_("What was done")).fill(NARRATIVE)
    form.get_by_label(_("Photos of the work")).set_input_files(photo)
    form.get_by_label(_("Invoices"), exact=True).set_input_files(invoice)
    form.get_by_label(_("Acceptance record"), exact=True).set_input_files(record)
    shot(page, "owner fills in the evidence")
    form.get_by_role("button", name=_("Send the evidence")).click()

    expect(
        page.get_by_text(_("Your evidence is sent: a reviewer from the ministry will check it."))
    ).to_be_visible()
    first = page.get_by_role("article", name=milestone_heading(catalog, 1, milestone))
    expect(first).to_contain_text(_("Evidence under review"))
    shot(page, "owner sees the evidence sent")


def milestone_heading(catalog, position, title):
    return catalog._("Milestone %(position)d: %(title)s", position=position, title=title)
