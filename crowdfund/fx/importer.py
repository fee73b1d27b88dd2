"""Importing rates from a CSV file: every row valid and written, or nothing written."""

import csv
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from crowdfund.fx.services import (
    RateAlreadyRecorded,
    checked_rate,
    lazy_date,
    record_rate,
    recorded_rate,
)

COLUMNS = ("currency", "rate", "date", "source")
_RATE = re.compile(r"[0-9]+(\.[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class ImportRefused(ValueError):
    """The file has errors, so nothing was imported; `errors` is [(line number, message), …]."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


@dataclass(frozen=True)
class ImportSummary:
    imported: int
    #: Rows identical to a rate already recorded (or to an earlier row), left alone.
    skipped: int


def _parse_row(row):
    """Arguments for `checked_rate` from one CSV row; raises ValueError with a message."""
    if None in row or None in row.values():
        raise ValueError(_l("Expected 4 columns: currency, rate, date, source."))
    rate, day = row["rate"].strip(), row["date"].strip()
    if not _RATE.fullmatch(rate):
        raise ValueError(_l("The rate must be a number with a dot for decimals, like 10.8525."))
    try:
        effective_date = date.fromisoformat(day) if _DATE.fullmatch(day) else None
    except ValueError:
        effective_date = None
    if effective_date is None:
        raise ValueError(_l("The date must be a real date written YYYY-MM-DD."))
    return {
        "currency": row["currency"].strip().upper(),
        "rate": Decimal(rate),
        "effective_date": effective_date,
        "source": row["source"],
    }


def _check_rows(reader):
    """([rate arguments to record, …], rows skipped, [(line, error), …]) for every row."""
    new, skipped, errors = {}, 0, []
    for row in reader:
        line = reader.line_num
        try:
            arguments = _parse_row(row)
            values = checked_rate(**arguments)
        except ValueError as error:
            errors.append((line, str(error)))
            continue
        key = (values["currency"], values["effective_date"])
        fact = (values["rate_micro"], values["source"])
        if key in new:
            earlier_line, earlier_fact, _arguments = new[key]
            if earlier_fact == fact:
                skipped += 1
            else:
                errors.append((line, str(_conflict_in_file(earlier_line, *key))))
            continue
        existing = recorded_rate(*key)
        if existing is None:
            new[key] = (line, fact, arguments)
        elif (existing.rate_micro, existing.source) == fact:
            skipped += 1
        else:
            errors.append((line, str(RateAlreadyRecorded(existing))))
    return [arguments for _line, _fact, arguments in new.values()], skipped, errors


def _conflict_in_file(earlier_line, currency, effective_date):
    return _l(
        "Line %(line)d already gives a different rate for %(currency)s on %(date)s.",
        line=earlier_line,
        currency=currency,
        date=lazy_date(effective_date),
    )


def import_rates(lines):
    """Import every rate of a CSV file (an iterable of lines) with a header row.

    Raises ImportRefused, having written nothing, when any row is invalid or
    contradicts a recorded rate; rows identical to recorded rates are skipped,
    so importing a file again changes nothing.
    """
    reader = csv.DictReader(lines)
    if reader.fieldnames is not None:
        reader.fieldnames = [name.strip().lower() for name in reader.fieldnames]
    if reader.fieldnames != list(COLUMNS):
        raise ImportRefused(
            [(1, str(_l("The first line must name the columns: currency,rate,date,source.")))]
        )
    to_record, skipped, errors = _check_rows(reader)
    if errors:
        raise ImportRefused(errors)
    for arguments in to_record:
        record_rate(**arguments, audit_action="fx_rate.imported")
    return ImportSummary(imported=len(to_record), skipped=skipped)
