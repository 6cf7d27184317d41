"""Build static/map/europe.svg, the country outlines behind the map of the network.

Run after changing the map's frame (portal/network_map.py) or the outlines package;
the result is committed, so neither Node nor the package is needed at run time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from portal import network_map

SOURCE = Path("node_modules/@geo-maps/countries-land-10km/map.geo.json")
TARGET = Path("static/map/europe.svg")

# The package's data licence and source, repeated inside the file it becomes.
NOTICE = (
    "Country outlines: @geo-maps/countries-land-10km 0.6.0 (https://github.com/simonepri/"
    "geo-maps), data (c) OpenStreetMap contributors, ODbL 1.0 "
    "(https://www.openstreetmap.org/copyright). Projected, clipped and simplified by "
    "`manage.py build_map_outlines` (portal/network_map.py)."
)


def outlines_svg(geojson: dict[str, Any]) -> str:
    """The SVG document of the countries' outlines within the map's frame."""
    paths = []
    for feature in sorted(geojson["features"], key=lambda f: f["properties"].get("A3", "")):
        geometry = feature["geometry"]
        polygons = (
            geometry["coordinates"]
            if geometry["type"] == "MultiPolygon"
            else [geometry["coordinates"]]
        )
        data = network_map.country_path(polygons)
        if data:
            paths.append(f'<path d="{data}"/>')
    width, height = network_map.WIDTH, network_map.HEIGHT
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}">\n'
        f"<!-- {NOTICE} -->\n"
        '<g fill="#e9edf0" stroke="#ffffff" stroke-width="1" stroke-linejoin="round">\n'
        + "\n".join(paths)
        + "\n</g>\n</svg>\n"
    )


class Command(BaseCommand):
    help = "Build static/map/europe.svg (the map's country outlines) from the npm package."

    def handle(self, *args, **options) -> None:
        source = settings.BASE_DIR / SOURCE
        target = settings.BASE_DIR / TARGET
        svg = outlines_svg(json.loads(source.read_text()))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg)
        self.stdout.write(f"{TARGET}: {len(svg.encode()) / 1024:.1f} KB")
