"""Finding words in the Python code that reach a reader without a translation function.

They reach a reader through a few doors: flashed messages, validation errors, and
the labels, descriptions and messages of form fields and validators. A plain
string literal given there is a message nobody can translate.
"""

import ast
import re

#: Calls whose first argument a reader sees.
READ_FIRST_ARGUMENT = frozenset({"flash", "ValidationError", "StopValidation"})
#: Keyword arguments a reader sees, in any call.
READ_KEYWORDS = frozenset({"label", "description", "message", "render_kw_placeholder"})
_LETTER = re.compile(r"[^\W\d_]")


def _called_name(call):
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_prose(node):
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and _LETTER.search(node.value)
    )


def unmarked_strings(source):
    """(line, text) of each string literal of `source` that reaches a reader unmarked."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _called_name(node)
        read = []
        if (name in READ_FIRST_ARGUMENT or name.endswith("Field")) and node.args:
            read.append(node.args[0])
        read += [keyword.value for keyword in node.keywords if keyword.arg in READ_KEYWORDS]
        found += [(value.lineno, value.value) for value in read if _is_prose(value)]
    return found
