"""`flask ledger check` exits 0 on a sound ledger and 1, naming each breach, otherwise."""

from tests.ledger.builders import capture, escrow, set_raw_balance


def test_a_sound_ledger_is_reported_clean(app, project):
    capture(project, 10_000, "capture:pi_1", fee=300)
    capture(project, 5_000, "capture:pi_2")

    result = app.test_cli_runner().invoke(args=["ledger", "check"])

    assert result.exit_code == 0
    assert result.output == "Ledger clean: 2 transactions, 5 entries, 3 accounts.\n"


def test_an_empty_ledger_is_clean(app):
    result = app.test_cli_runner().invoke(args=["ledger", "check"])

    assert result.exit_code == 0
    assert result.output == "Ledger clean: 0 transactions, 0 entries, 0 accounts.\n"


def test_each_breach_is_printed_and_the_command_fails(app, project):
    capture(project, 10_000, "capture:pi_1")
    account = escrow(project)
    set_raw_balance(account, "balance - 1")

    result = app.test_cli_runner().invoke(args=["ledger", "check"])

    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"project_escrow account #{account.id} of project {project.id} has a balance of 9999 "
        "but its entries sum to 10000.",
        "The ledger breaks its invariants in 1 place(s).",
    ]
