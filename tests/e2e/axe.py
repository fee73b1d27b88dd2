"""axe-core in Chromium: its serious and critical violations on the page as it stands.

axe-core (npm, `make setup` installs it under node_modules/) is added to a browser
context as an init script: it is then in every page the context opens, before the
page's own scripts, and not subject to the page's Content-Security-Policy, as a script
tag added afterwards would be.
"""

import os

import pytest

from tests.e2e.main_pages import AXE_SCRIPT

#: The impacts axe gives to failures that lock people out or nearly so.
BLOCKING_IMPACTS = {"serious", "critical"}
#: WCAG 2.1 A and AA, and axe's best practices (landmarks, headings, regions).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

RUN_AXE = """
async ([tags, exclude]) => {
  const context = exclude.length ? {exclude: exclude.map((selector) => [selector])} : document;
  const results = await axe.run(context, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + " :: " + n.failureSummary),
  }));
}
"""


def add_axe(context):
    """Put axe-core in every page `context` opens from now on; skip the test without it.

    Without axe-core the test is skipped, unless the CI environment variable is set.
    """
    if not AXE_SCRIPT.is_file():
        message = f"axe-core is not installed at {AXE_SCRIPT} (make setup runs npm ci)."
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    context.add_init_script(path=str(AXE_SCRIPT))


def blocking_violations(page, exclude=()):
    """axe's serious and critical violations on the page, outside the `exclude` selectors."""
    violations = page.evaluate(RUN_AXE, [AXE_TAGS, list(exclude)])
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def describe(url, violations):
    lines = [f"{url}:"]
    for violation in violations:
        lines.append(f"  [{violation['impact']}] {violation['id']}: {violation['help']}")
        lines += [f"      {target}" for target in violation["targets"]]
    return "\n".join(lines)
