"""Geometry of the flowcharts as drawn: columns, nodes, label sizes, accessible name.

Material draws each diagram inside a *closed* shadow root (see ``apoyo.py``). Chromium's
DevTools protocol reaches it without touching the page: ``DOM.getDocument`` with ``pierce``
finds every ``<svg>`` under a ``div.mermaid``, ``DOM.resolveNode`` gives a handle on it and
``Runtime.callFunctionOn`` measures it in the page (``getBoundingClientRect``, computed styles).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

MEASURE = r"""
function () {
  const svg = this;
  const vb = svg.viewBox && svg.viewBox.baseVal;
  const r = svg.getBoundingClientRect();
  const scale = vb && vb.width ? r.width / vb.width : 1;
  const box = e => { const b = e.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
  const union = boxes => boxes.length ? [Math.min(...boxes.map(b => b[0])), Math.min(...boxes.map(b => b[1])),
                                        Math.max(...boxes.map(b => b[2])), Math.max(...boxes.map(b => b[3]))] : null;
  const lanes = [...svg.querySelectorAll("g.cluster.swimlane")].map(g => ({
    id: g.id, box: union([...g.querySelectorAll(":scope > rect")].map(box))}));
  const nodes = [...svg.querySelectorAll("g.node")].map(g => {
    const label = g.querySelector("foreignObject div");
    const poly = g.querySelector(":scope > polygon, :scope > g > polygon");
    const link = g.querySelector("a[href]");
    const text = label ? label.innerText : g.textContent;     // innerText: <br> counts as a space
    return {id: g.id, box: box(g), text: text.replace(/\s+/g, " ").trim(),
            font: label ? parseFloat(getComputedStyle(label).fontSize) * scale : null,
            polygon: poly ? poly.getAttribute("points") : null,
            href: link ? link.getAttribute("href") : null, tip: link ? link.getAttribute("title") : null,
            linkText: link ? link.textContent.replace(/\s+/g, " ").trim() : null,
            linkBox: link ? (b => [b.left, b.top, b.right, b.bottom])(link.getClientRects()[0] || link.getBoundingClientRect()) : null};
  });
  const edgeLabels = [...svg.querySelectorAll("g.edgeLabel")].map(g => g.textContent.trim()).filter(t => t);
  const byId = id => id ? svg.querySelector(`[id="${id}"]`) : null;
  const title = byId(svg.getAttribute("aria-labelledby"));
  const desc = byId(svg.getAttribute("aria-describedby"));
  return JSON.stringify({
    box: box(svg), scale, roledescription: svg.getAttribute("aria-roledescription"),
    title: title ? [title.localName, title.textContent] : null,
    desc: desc ? [desc.localName, desc.textContent] : null,
    lanes, nodes, edgeLabels});
}
"""

# Mermaid 11 names node groups ``<diagram id>-flowchart-<node id>-<counter>``.
NODE_ID = re.compile(r"-flowchart-([A-Za-z0-9_]+)-\d+$")


@dataclass
class Node:
    id: str                  # generated id (s3, d3, h0, inicio…)
    box: tuple               # left, top, right, bottom (CSS px, page)
    text: str
    font: float | None       # label font size as drawn (px)
    polygon: str | None
    href: str | None
    tip: str | None
    link_text: str | None    # text of the link to the table row (the step's short label)
    link_box: tuple | None   # its first line box


@dataclass
class Drawing:
    box: tuple
    scale: float
    roledescription: str | None
    title: tuple | None      # (element name, text) that aria-labelledby points to
    desc: tuple | None
    lanes: list[tuple[str, tuple]] = field(default_factory=list)   # (id, box), in document order
    nodes: dict[str, Node] = field(default_factory=dict)
    edge_labels: list[str] = field(default_factory=list)

    def columns(self) -> list[tuple[str, tuple]]:
        """Lanes left to right."""
        return sorted(self.lanes, key=lambda lane: lane[1][0])


def _svg_backend_ids(node: dict, inside_mermaid: bool, out: list[int]) -> None:
    if node.get("nodeType") == 1:
        attrs = node.get("attributes") or []
        classes = dict(zip(attrs[::2], attrs[1::2])).get("class", "").split()
        if node.get("localName") == "svg" and inside_mermaid:
            out.append(node["backendNodeId"])
            return
        inside_mermaid = inside_mermaid or "mermaid" in classes
    for child in node.get("children") or ():
        _svg_backend_ids(child, inside_mermaid, out)
    for root in node.get("shadowRoots") or ():
        if root.get("shadowRootType") != "user-agent":
            _svg_backend_ids(root, inside_mermaid, out)


def drawings(page) -> list[Drawing]:
    """Every rendered Mermaid diagram on ``page``, measured."""
    cdp = page.context.new_cdp_session(page)
    try:
        document = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})
        ids: list[int] = []
        _svg_backend_ids(document["root"], False, ids)
        out = []
        for backend in ids:
            handle = cdp.send("DOM.resolveNode", {"backendNodeId": backend})["object"]["objectId"]
            result = cdp.send("Runtime.callFunctionOn", {"objectId": handle, "functionDeclaration": MEASURE,
                                                         "returnByValue": True})
            data = json.loads(result["result"]["value"])
            nodes = {}
            for n in data["nodes"]:
                match = NODE_ID.search(n["id"])
                if match:
                    nodes[match.group(1)] = Node(match.group(1), tuple(n["box"]), n["text"], n["font"],
                                                 n["polygon"], n["href"], n["tip"], n["linkText"],
                                                 tuple(n["linkBox"]) if n["linkBox"] else None)
            out.append(Drawing(tuple(data["box"]), data["scale"], data["roledescription"],
                               tuple(data["title"]) if data["title"] else None,
                               tuple(data["desc"]) if data["desc"] else None,
                               [(lane["id"], tuple(lane["box"])) for lane in data["lanes"] if lane["box"]],
                               nodes, data["edgeLabels"]))
        return out
    finally:
        cdp.detach()


def is_diamond(points: str | None, tolerance: float = 1.0) -> bool:
    """Four vertices: two on a vertical axis, two on a horizontal one, crossing at the centre."""
    if not points:
        return False
    pts = [tuple(float(v) for v in p.split(",")) for p in points.split()]
    if len(pts) != 4:
        return False
    xs = sorted(pts, key=lambda p: p[0])
    ys = sorted(pts, key=lambda p: p[1])
    left, right = xs[0], xs[-1]
    top, bottom = ys[0], ys[-1]
    cx, cy = (left[0] + right[0]) / 2, (top[1] + bottom[1]) / 2
    return (abs(top[0] - cx) <= tolerance and abs(bottom[0] - cx) <= tolerance
            and abs(left[1] - cy) <= tolerance and abs(right[1] - cy) <= tolerance
            and right[0] - left[0] > 10 and bottom[1] - top[1] > 10)
