"""Random postings and reversals keep every invariant, and exactly the overdrafts are refused.

A model of the balances says, before each posting, whether it must be refused.
"""

import sqlalchemy as sa
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from crowdfund.extensions import db
from crowdfund.ledger.checks import check_ledger
from crowdfund.ledger.errors import InsufficientFunds
from crowdfund.ledger.models import HELD_KINDS, AccountKind, LedgerAccount, TransactionKind
from crowdfund.ledger.posting import account_for, post, reverse
from crowdfund.ledger.reading import project_money
from tests.ledger.builders import clearing, disbursed, escrow, fund_id, pool

amounts = st.integers(min_value=1, max_value=50_000)
project_indexes = st.integers(min_value=0, max_value=1)


class LedgerMachine(RuleBasedStateMachine):
    #: The two projects money goes to, set by the test.
    projects = ()

    def __init__(self):
        super().__init__()
        # Each run of the machine starts from an empty ledger and leaves nothing behind.
        self.savepoint = db.session.begin_nested()
        self.escrows = [escrow(project) for project in self.projects]
        self.disbursed = [disbursed(project) for project in self.projects]
        self.clearing = clearing()
        self.fees = account_for(AccountKind.PROCESSING_FEES)
        self.sponsor = account_for(AccountKind.SPONSOR_FUNDING, matching_fund_id=fund_id(1))
        self.pool = pool(1)
        self.institution = account_for(AccountKind.INSTITUTIONAL_FUNDING)
        self.expected = {}
        self.reversible = []
        self.posted = 0

    def teardown(self):
        self.savepoint.rollback()

    def _post(self, kind, lines, reversing=None):
        changes = {}
        for account, amount in lines:
            changes[account] = changes.get(account, 0) + amount
        overdraws = any(
            account.kind in HELD_KINDS and self.expected.get(account.id, 0) + change < 0
            for account, change in changes.items()
        )
        self.posted += 1
        try:
            if reversing is None:
                transaction = post(kind, f"{kind}:{self.posted}", lines)
            else:
                transaction = reverse(reversing)
        except InsufficientFunds:
            assert overdraws
            return
        assert not overdraws
        for account, change in changes.items():
            self.expected[account.id] = self.expected.get(account.id, 0) + change
        self.reversible.append(transaction)
        if reversing is not None:
            self.reversible.remove(reversing)

    @rule(index=project_indexes, amount=amounts, fee=st.integers(0, 500))
    def capture(self, index, amount, fee):
        lines = [(self.clearing, -amount - fee), (self.escrows[index], amount)]
        if fee:
            lines.append((self.fees, fee))
        self._post(TransactionKind.CAPTURE, lines)

    @rule(index=project_indexes, amount=amounts)
    def refund(self, index, amount):
        lines = [(self.escrows[index], -amount), (self.clearing, amount)]
        self._post(TransactionKind.REFUND, lines)

    @rule(amount=amounts)
    def fund_pool(self, amount):
        self._post(TransactionKind.POOL_FUNDING, [(self.sponsor, -amount), (self.pool, amount)])

    @rule(index=project_indexes, amount=amounts)
    def match(self, index, amount):
        self._post(TransactionKind.MATCH, [(self.pool, -amount), (self.escrows[index], amount)])

    @rule(index=project_indexes, amount=amounts)
    def co_fund(self, index, amount):
        lines = [(self.institution, -amount), (self.escrows[index], amount)]
        self._post(TransactionKind.CO_FUNDING, lines)

    @rule(index=project_indexes, amount=amounts)
    def disburse(self, index, amount):
        lines = [(self.escrows[index], -amount), (self.disbursed[index], amount)]
        self._post(TransactionKind.DISBURSEMENT, lines)

    @rule(data=st.data())
    def reverse_one(self, data):
        if self.reversible:
            transaction = data.draw(st.sampled_from(self.reversible))
            lines = [(entry.account, -entry.amount) for entry in transaction.entries]
            self._post(transaction.kind, lines, reversing=transaction)

    @rule()
    def post_the_last_one_again(self):
        if self.reversible:
            last = self.reversible[-1]
            if last.reverses is None:
                lines = [(entry.account, entry.amount) for entry in last.entries]
                assert post(last.kind, last.key, lines) is last
            else:
                assert reverse(last.reverses) is last

    @invariant()
    def ledger_is_sound(self):
        assert check_ledger() == []

    @invariant()
    def balances_are_the_model_s(self):
        stored = dict(db.session.execute(sa.select(LedgerAccount.id, LedgerAccount.balance)).all())
        assert stored == {account_id: self.expected.get(account_id, 0) for account_id in stored}
        for project, held, paid in zip(self.projects, self.escrows, self.disbursed, strict=True):
            raised = self.expected.get(held.id, 0) + self.expected.get(paid.id, 0)
            assert project_money(project).raised == raised


def test_random_postings_and_reversals_keep_the_invariants(project, other_project):
    machine = type("Machine", (LedgerMachine,), {"projects": (project, other_project)})
    run_state_machine_as_test(
        machine,
        settings=settings(max_examples=20, stateful_step_count=10, deadline=None, database=None),
    )
