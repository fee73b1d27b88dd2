"""Column types and mixins shared by the domain models."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column

from crowdfund.timeutil import utcnow


def enum_column(enum_class, **kwargs):
    """A string column holding the values of a Python enum, portable across databases."""
    return sa.Enum(
        enum_class,
        native_enum=False,
        length=32,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
        **kwargs,
    )


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(sa.DateTime, nullable=False, default=utcnow)


#: Indexes on expressions, which Alembic cannot reflect and so cannot compare.
EXPRESSION_INDEXES = frozenset({"ix_projects_search", "ix_projects_newest"})


def include_in_autogenerate(obj, name, type_, reflected, compare_to):
    """Leave expression indexes out of autogenerate: migrations create them by hand."""
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


def append_only_function_ddl(function_name, subject, remedy=""):
    """The PostgreSQL trigger function refusing any change to `subject`'s tables.

    Migrations carry a copy of this text; it avoids "%" so that it runs unchanged through
    sa.DDL and op.execute.
    """
    return f"""\
CREATE OR REPLACE FUNCTION {function_name}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = '{subject} is append-only: ' || TG_OP || ' on ' || TG_TABLE_NAME
            || ' is refused{remedy}',
        ERRCODE = 'restrict_violation';
END;
$$"""


def append_only_trigger_ddl(table, function_name):
    """The statement trigger calling `function_name` before any change to `table`."""
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {function_name}()"
    )


def make_append_only(
    models, *, error, row_message, bulk_message, function_name, subject, remedy=""
):
    """Refuse every change or deletion of the rows of `models` once written.

    The ORM refuses through mapper events and, since bulk UPDATE and DELETE statements skip
    those, through a session event; on PostgreSQL statement triggers refuse whatever the
    client. `models` come in the order their tables are created: the trigger function is
    created with the first table and dropped with it, once the others are gone.

    `error` is the exception raised, `row_message` a format string given `model` (the class
    name) and `id`; `function_name`, `subject` and `remedy` make the trigger function
    (append_only_function_ddl).
    """
    models = tuple(models)

    def refuse_change(_mapper, _connection, target):
        raise error(row_message.format(model=type(target).__name__, id=target.id))

    def refuse_bulk_change(state):
        if (state.is_update or state.is_delete) and any(
            mapper.class_ in models for mapper in state.all_mappers
        ):
            raise error(bulk_message)

    for model in models:
        sa.event.listen(model, "before_update", refuse_change)
        sa.event.listen(model, "before_delete", refuse_change)
    sa.event.listen(Session, "do_orm_execute", refuse_bulk_change)

    first_table = models[0].__table__
    function = append_only_function_ddl(function_name, subject, remedy)
    sa.event.listen(first_table, "after_create", _on_postgresql(function))
    for model in models:
        trigger = append_only_trigger_ddl(model.__tablename__, function_name)
        sa.event.listen(model.__table__, "after_create", _on_postgresql(trigger))
    sa.event.listen(
        first_table, "after_drop", _on_postgresql(f"DROP FUNCTION IF EXISTS {function_name}()")
    )


def _on_postgresql(statement):
    return sa.DDL(statement).execute_if(dialect="postgresql")
