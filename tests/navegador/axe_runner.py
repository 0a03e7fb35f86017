"""axe-core in the browser tests: inject the pinned copy, run it, report violations.

``scripts/obtener_axe.sh`` downloads axe-core with ``npm pack``, checks its sha512 integrity
and leaves it in ``tests/navegador/axe/`` (not versioned, never published with the site).
The script is injected into the page under test from that file: nothing is fetched from a
CDN or from the network.

Material draws each Mermaid diagram inside a *closed* shadow root, which axe (like any
script) cannot enter. :data:`OPEN_SHADOW` is an init script that makes ``attachShadow``
open instead, so axe also checks the diagrams' SVG (its accessible name, its text contrast);
it changes only what scripts may read, not what is drawn (``scripts/pdf.py`` does the same).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

AXE_DIR = Path(__file__).resolve().parent / "axe"
AXE_JS = AXE_DIR / "axe.min.js"
MISSING = "falta tests/navegador/axe/axe.min.js: ejecute bash scripts/obtener_axe.sh (o bash scripts/probar.sh)"

# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe tags; wcag22aa adds target-size).
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa")

OPEN_SHADOW = """
(() => {
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attach.call(this, Object.assign({}, init, {mode: "open"}));
  };
})();
"""

# Every Mermaid source replaced by its drawing, and every drawing holds an <svg>.
DIAGRAMS_DRAWN = """() => !document.querySelector("pre.mermaid")
  && [...document.querySelectorAll("div.mermaid")].every(h => h.shadowRoot && h.shadowRoot.querySelector("svg"))"""

RUN = """async (tags) => {
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.map(n => ({
      target: n.target.map(t => Array.isArray(t) ? t.join(" >>> ") : t).join(" >>> "),
      html: n.html.slice(0, 200),
      summary: (n.failureSummary || "").replace(/\\s+/g, " ").slice(0, 300),
    })),
  }));
}"""


@dataclass
class AxeNode:
    target: str
    html: str
    summary: str


@dataclass
class Violation:
    page: str
    rule: str
    impact: str
    help: str
    nodes: list[AxeNode] = field(default_factory=list)


def axe_source() -> str:
    if not AXE_JS.is_file():
        raise FileNotFoundError(MISSING)
    return AXE_JS.read_text(encoding="utf-8")


def run_axe(page, label: str | None = None, tags: tuple[str, ...] = TAGS) -> list[Violation]:
    """axe-core's violations of ``tags`` on the current document of ``page``."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Through the DevTools protocol, not a <script> tag: the site's Content-Security-Policy
        # (no inline scripts) applies to the page as readers get it, and must stay on.
        cdp = page.context.new_cdp_session(page)
        try:
            cdp.send("Runtime.evaluate", {"expression": axe_source(), "returnByValue": False})
        finally:
            cdp.detach()
    found = page.evaluate(RUN, list(tags))
    where = label or page.url
    return [Violation(where, v["rule"], v["impact"], v["help"],
                      [AxeNode(n["target"], n["html"], n["summary"]) for n in v["nodes"]]) for v in found]


def report(violations: list[Violation], max_nodes: int = 8) -> str:
    """Spanish report: one block per violation with its rule, page and failing nodes."""
    lines = []
    for v in violations:
        lines.append(f"{v.page}: {v.rule} ({v.impact}) — {v.help} — {len(v.nodes)} nodo(s)")
        for node in v.nodes[:max_nodes]:
            lines.append(f"    {node.target}")
            lines.append(f"        {node.html}")
            if node.summary:
                lines.append(f"        {node.summary}")
        if len(v.nodes) > max_nodes:
            lines.append(f"    … y {len(v.nodes) - max_nodes} nodo(s) más")
    return "\n".join(lines)


def totals(violations: list[Violation]) -> dict[str, int]:
    """Failing nodes per rule."""
    out: dict[str, int] = {}
    for v in violations:
        out[v.rule] = out.get(v.rule, 0) + len(v.nodes)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def assert_no_violations(violations: list[Violation], pages_checked: int) -> None:
    if not violations:
        return
    pages = len({v.page for v in violations})
    summary = ", ".join(f"{rule}: {n}" for rule, n in totals(violations).items())
    raise AssertionError(f"axe-core encontró violaciones WCAG ({', '.join(TAGS)}) en {pages} de "
                         f"{pages_checked} páginas; nodos por regla: {summary}\n" + report(violations))
