"""One helper that runs axe-core on the page in the browser and fails with every violation."""

from axe_playwright_python.sync_playwright import Axe

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

_axe = Axe()


def assert_accessible(page, context=None):
    """Assert that axe-core finds no WCAG 2.2 A or AA violation on the page as it is now.

    It first waits for the page's load event: right after a click that navigates, the new
    page can be parsed before its stylesheet applies, and axe would judge unstyled links."""
    page.wait_for_load_state("load")
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}
    results = _axe.run(page, context=context, options=options)
    violations = results.response["violations"]
    if violations:
        lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['failureSummary']}")
        raise AssertionError("\n".join(lines))
    return results
