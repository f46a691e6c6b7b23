"""Write a picture as one self-contained HTML page that opens by double-click with no network.

pyvis's own template fetches vis-network and Bootstrap from CDNs; ours inlines the copy of
vis-network that pyvis ships in its package, adds a heading and a legend, stops the physics once
the layout has settled, and fetches nothing. `display` shows the same page in a notebook.
"""
from __future__ import annotations

import html
import json
from functools import lru_cache
from pathlib import Path

from pyvis.network import Network

from .atomic import write_atomically
from .picture_style import SHAPE_GLYPHS

VIS_VERSION = "9.1.2"


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and CSS, read from the copy inside the installed pyvis package."""
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / f"vis-{VIS_VERSION}"
    try:
        return ((folder / "vis-network.min.js").read_text(encoding="utf-8"),
                (folder / "vis-network.css").read_text(encoding="utf-8"))
    except OSError as exc:
        raise RuntimeError(f"pyvis is installed without vis-network {VIS_VERSION} ({exc}); "
                           "reinstall it with: pip install --force-reinstall 'pyvis>=0.3.2'") from exc


def script_json(value) -> str:
    """JSON that is safe inside a <script> element."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")


def legend(net: Network) -> dict[str, list[dict]]:
    """One entry per kind of node and per style of edge that the picture draws."""
    kinds: dict[str, dict] = {}
    for node in net.nodes:
        colour = node["color"]["background"] if isinstance(node["color"], dict) else node["color"]
        key = node.get("kindLabel")
        if key and key not in kinds:
            kinds[key] = {"label": key, "colour": colour, "glyph": SHAPE_GLYPHS.get(node["shape"], "●")}
    edges: dict[str, dict] = {}
    for edge in net.edges:
        key = edge.get("styleLabel")
        if key and key not in edges:
            edges[key] = {"label": key, "colour": edge["color"], "dashes": bool(edge.get("dashes"))}
    return {"nodes": sorted(kinds.values(), key=lambda e: e["label"].lower()),
            "edges": sorted(edges.values(), key=lambda e: e["label"].lower())}


def to_html(net: Network) -> str:
    """The page: heading, legend, the drawing, vis-network and our script, all in one file."""
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(loader=jinja2.PackageLoader("oscb_graph", "templates"), autoescape=True)
    js, css = vis_assets()
    options = net.options if isinstance(net.options, dict) else json.loads(net.options.to_json())
    return env.get_template("picture.html").render(
        heading=net.heading or "oscb-graph picture",
        legend=legend(net),
        counts={"nodes": len(net.nodes), "edges": len(net.edges)},
        vis_js=Markup(js.replace("</script", "<\\/script")),
        vis_css=Markup(css),
        nodes=Markup(script_json(net.nodes)),
        edges=Markup(script_json(net.edges)),
        options=Markup(script_json(options)),
    )


def write_html(net: Network, path: str | Path) -> Path:
    page = to_html(net)
    return write_atomically(path, lambda tmp: tmp.write_text(page, encoding="utf-8"))


class InlinePicture:
    """A picture for Jupyter, JupyterLab and VS Code: the whole page in an iframe's srcdoc.

    Notebooks do not run scripts that an output's HTML loads from elsewhere, and pyvis's `show()`
    writes a file the notebook then cannot reach; a srcdoc iframe carries everything with it.
    """

    def __init__(self, net: Network, height: int = 760):
        self.page = to_html(net)
        self.height = height

    def _repr_html_(self) -> str:
        return (f'<iframe srcdoc="{html.escape(self.page, quote=True)}" '
                f'style="width:100%;height:{self.height}px;border:1px solid #ddd" '
                'sandbox="allow-scripts" loading="eager"></iframe>')


def display(net: Network, height: int = 760) -> InlinePicture:
    """Show a picture inline in a notebook: `display(pictures.ownership(graph))` as a cell's last line."""
    return InlinePicture(net, height)
