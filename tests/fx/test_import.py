"""Importing rates from CSV: all rows or none, errors by line, and importing again is harmless."""

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from crowdfund.extensions import db
from crowdfund.fx.importer import ImportRefused, import_rates
from crowdfund.fx.models import FxRate
from crowdfund.timeutil import today
from tests.fx.conftest import BAM, days_ago

HEADER = "currency,rate,date,source\n"


def _csv(*rows):
    return io.StringIO(HEADER + "".join(f"{row}\n" for row in rows))


def _stored():
    return db.session.execute(
        sa.select(
            FxRate.currency, FxRate.rate_micro, FxRate.effective_date, FxRate.source
        ).order_by(FxRate.currency, FxRate.effective_date)
    ).all()


def _errors(lines):
    with pytest.raises(ImportRefused) as refusal:
        import_rates(lines)
    return refusal.value.errors


def test_every_row_is_imported(app):
    d1, d2 = days_ago(2).isoformat(), days_ago(1).isoformat()

    summary = import_rates(
        _csv(f"EUR,10.8525,{d1},{BAM}", f"eur,10.86,{d2},{BAM}", f'USD,9.95,{d2},"BAM, fixing"')
    )

    assert (summary.imported, summary.skipped) == (3, 0)
    assert _stored() == [
        ("EUR", 10_852_500, days_ago(2), BAM),
        ("EUR", 10_860_000, days_ago(1), BAM),
        ("USD", 9_950_000, days_ago(1), "BAM, fixing"),
    ]
    assert all(fx_rate.created_by_id is None for fx_rate in db.session.scalars(sa.select(FxRate)))


def test_one_bad_row_imports_nothing_and_every_error_names_its_line(app):
    tomorrow = (today() + timedelta(days=1)).isoformat()
    d = days_ago(1).isoformat()

    errors = _errors(
        _csv(
            f"EUR,10.8525,{d},{BAM}",
            f"EUR,10,85,{d},{BAM}",
            f"USD,9.95,{tomorrow},{BAM}",
            f"GBP,12.70,2025-02-30,{BAM}",
            f"JPY,0.065,{d},{BAM}",
            f"MAD,1,{d},{BAM}",
            f"CAD,7.2530001,{d},{BAM}",
            f"CAD,0,{d},{BAM}",
            f"CAD,7.25,{d}",
            f"CAD,7.25,{d},",
        )
    )

    assert [line for line, _message in errors] == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    messages = dict(errors)
    assert "Expected 4 columns" in messages[3]
    assert "future" in messages[4]
    assert "YYYY-MM-DD" in messages[5]
    assert "JPY is not a supported currency" in messages[6]
    assert "MAD needs no rate" in messages[7]
    assert "at most 6 decimals" in messages[8]
    assert "more than 0" in messages[9]
    assert "Expected 4 columns" in messages[10]
    assert "source" in messages[11]
    assert _stored() == []


@pytest.mark.parametrize("rate", ["10,85", "1e1", "-10.85", " ", "10.", ".5"])
def test_rates_must_be_written_with_a_dot(app, rate):
    errors = _errors(_csv(f'EUR,"{rate}",{days_ago(1).isoformat()},{BAM}'))

    assert errors == [(2, "The rate must be a number with a dot for decimals, like 10.8525.")]


@pytest.mark.parametrize(
    "header",
    ["", "currency,rate,date\n", "rate,currency,date,source\n", "EUR,10.85,2025-01-02,x\n"],
)
def test_the_header_row_is_required(app, header):
    assert _errors(io.StringIO(header)) == [
        (1, "The first line must name the columns: currency,rate,date,source.")
    ]


def test_a_header_with_spaces_and_capitals_is_understood(app):
    lines = io.StringIO(f"Currency, Rate, Date, Source\nEUR,10.85,{days_ago(1).isoformat()},x\n")

    assert import_rates(lines).imported == 1


def test_importing_the_same_file_again_changes_nothing(app):
    d = days_ago(1).isoformat()
    rows = (f"EUR,10.8525,{d},{BAM}", f"USD,9.95,{d},{BAM}")
    import_rates(_csv(*rows))
    before = _stored()

    summary = import_rates(_csv(*rows))

    assert (summary.imported, summary.skipped) == (0, 2)
    assert _stored() == before


def test_a_row_repeated_in_the_file_is_imported_once(app):
    d = days_ago(1).isoformat()

    summary = import_rates(_csv(f"EUR,10.8525,{d},{BAM}", f"EUR,10.852500,{d},{BAM}"))

    assert (summary.imported, summary.skipped) == (1, 1)


def test_a_row_contradicting_a_recorded_rate_is_an_error(app, rate):
    rate("EUR", "10.8525", days_ago(1))
    d = days_ago(1).isoformat()

    errors = _errors(_csv(f"USD,9.95,{d},{BAM}", f"EUR,10.90,{d},{BAM}"))

    assert [line for line, _message in errors] == [3]
    assert "EUR already has a rate for" in errors[0][1]
    assert _stored() == [("EUR", 10_852_500, days_ago(1), BAM)]


def test_rows_contradicting_each_other_are_an_error(app):
    d = days_ago(1).isoformat()

    errors = _errors(_csv(f"EUR,10.8525,{d},{BAM}", f"EUR,10.8525,{d},Another bank"))

    assert len(errors) == 1
    assert errors[0][0] == 3
    assert "Line 2 already gives a different rate for EUR" in errors[0][1]


def _write(tmp_path, text):
    path = tmp_path / "rates.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_command_imports_and_says_how_many(app, tmp_path):
    d = days_ago(1).isoformat()
    path = _write(tmp_path, f"\ufeff{HEADER}EUR,10.8525,{d},{BAM}\nUSD,9.95,{d},{BAM}\n")

    result = app.test_cli_runner().invoke(args=["fx", "import", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output == "Imported 2 rates.\n"
    assert len(_stored()) == 2

    again = app.test_cli_runner().invoke(args=["fx", "import", str(path)])

    assert again.exit_code == 0
    assert again.output == "Imported 0 rates.\n2 already recorded, left as they were.\n"
    assert len(_stored()) == 2


def test_the_command_prints_each_error_and_exits_1(app, tmp_path):
    d = days_ago(1).isoformat()
    path = _write(tmp_path, f"{HEADER}EUR,10.8525,{d},{BAM}\nEUR,abc,{d},{BAM}\nMAD,1,{d},{BAM}\n")

    result = app.test_cli_runner().invoke(args=["fx", "import", str(path)])

    assert result.exit_code == 1
    assert "Line 3: The rate must be a number with a dot" in result.output
    assert "Line 4: Rates convert to the dirham: MAD needs no rate." in result.output
    assert "Nothing was imported." in result.output
    assert _stored() == []
