"""The map of the network: the cities as pins on Europe's country outlines, drawn as a
server-rendered SVG, so it works without JavaScript and loads nothing from another host.

One projection serves both halves: `manage.py build_map_outlines` projects the country
outlines with it into the committed `static/map/europe.svg` (built once, a static file
the page shows as the map's background), and `network_map()` projects each city's
coordinates with it on every request. Change the frame and both must be rebuilt.

The projection is Mercator over a box around Europe, in the SVG's own units (its
viewBox): west-east spans `WIDTH` units, and the map is as high as Mercator makes it.
Every pin is a link with a text name; the page lists the same cities and counts beside
the map, and that list also holds any city that has no coordinates (left off the map).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Count, Model, QuerySet
from django.utils.translation import ngettext

from iap.models import Need
from partnerships.models import City, Partnership
from ulg.models import SmallScaleAction

# The frame, in degrees: from Portugal to the Baltic and from Andalusia to southern
# Finland, which holds every CITIES4CSR city with some context around it.
WEST, EAST = -11.0, 31.0
SOUTH, NORTH = 35.0, 60.0
WIDTH = 800

# A map with more pins than this shows no names beside them (they would overlap, as
# with the synthetic data); the pins keep their names as links and the list has them all.
MAX_LABELLED_PINS = 12
# How far a name reaches to the right of its pin, in SVG units: a name that would run
# into another pin goes on the left of its own.
LABEL_REACH = 80
LABEL_HEIGHT = 16
# A name starts this far from its pin's centre, and sits this far below it (its baseline).
LABEL_GAP = 13
LABEL_BASELINE = 5


def _mercator(latitude: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))


_SCALE = WIDTH / math.radians(EAST - WEST)
HEIGHT = round((_mercator(NORTH) - _mercator(SOUTH)) * _SCALE)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """A point's position on the map, (x, y) in SVG units from the top-left corner."""
    # Mercator has no north pole: latitudes beyond 85° are drawn at 85°.
    latitude = max(-85.0, min(85.0, latitude))
    x = math.radians(longitude - WEST) * _SCALE
    y = (_mercator(NORTH) - _mercator(latitude)) * _SCALE
    return x, y


def on_map(x: float, y: float) -> bool:
    return 0 <= x <= WIDTH and 0 <= y <= HEIGHT


@dataclass(frozen=True)
class MapCity:
    """A city as the map and its list show it: where (None when unknown or off the map),
    and how many of its partnerships, needs and Small-Scale Actions are public."""

    city: City
    position: tuple[float, float] | None
    partnerships: int
    needs: int
    small_scale_actions: int
    current: bool = False
    label_left: bool = False

    @property
    def counts(self) -> str:
        """What the city has, in words: the list shows it, and each pin's name ends with it."""
        return ", ".join(
            [
                ngettext("%(counter)s partnership", "%(counter)s partnerships", self.partnerships)
                % {"counter": self.partnerships},
                ngettext("%(counter)s need", "%(counter)s needs", self.needs)
                % {"counter": self.needs},
                ngettext(
                    "%(counter)s Small-Scale Action",
                    "%(counter)s Small-Scale Actions",
                    self.small_scale_actions,
                )
                % {"counter": self.small_scale_actions},
            ]
        )

    @property
    def x(self) -> float | None:
        return round(self.position[0], 1) if self.position else None

    @property
    def y(self) -> float | None:
        return round(self.position[1], 1) if self.position else None

    @property
    def label_x(self) -> float | None:
        if self.x is None:
            return None
        return round(self.x - LABEL_GAP if self.label_left else self.x + LABEL_GAP, 1)

    @property
    def label_y(self) -> float | None:
        return None if self.y is None else round(self.y + LABEL_BASELINE, 1)


@dataclass(frozen=True)
class NetworkMap:
    cities: list[MapCity]
    width: int = WIDTH
    height: int = HEIGHT

    @property
    def pins(self) -> list[MapCity]:
        placed = [entry for entry in self.cities if entry.position is not None]
        # The page's own city last: drawn on top of a neighbour that overlaps it.
        return sorted(placed, key=lambda entry: entry.current)

    @property
    def unplaced(self) -> list[MapCity]:
        return [entry for entry in self.cities if entry.position is None]

    @property
    def labelled(self) -> bool:
        return len(self.pins) <= MAX_LABELLED_PINS


def public_counts_by_city(model: type[Model], cities: QuerySet[City]) -> dict[int, int]:
    """How many public records of a model each city has, grouped along the model's own
    declared path to its city (the scoping's `city_path`), through its one `public()`."""
    path: str = model.city_path
    rows = (
        model.objects.public()
        .filter(**{f"{path}__in": cities})
        .values_list(path)
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


def network_map(cities: QuerySet[City], *, current: City | None = None) -> NetworkMap:
    """The map of these cities (give public ones only), `current` marked as the page's."""
    counts = {
        model: public_counts_by_city(model, cities)
        for model in (Partnership, Need, SmallScaleAction)
    }
    positions = {city.pk: _position(city) for city in cities}
    placed = [position for position in positions.values() if position is not None]
    return NetworkMap(
        cities=[
            MapCity(
                city=city,
                position=positions[city.pk],
                partnerships=counts[Partnership].get(city.pk, 0),
                needs=counts[Need].get(city.pk, 0),
                small_scale_actions=counts[SmallScaleAction].get(city.pk, 0),
                current=current is not None and city.pk == current.pk,
                label_left=_label_goes_left(positions[city.pk], placed),
            )
            for city in cities
        ]
    )


def _position(city: City) -> tuple[float, float] | None:
    if city.latitude is None or city.longitude is None:
        return None
    x, y = project(float(city.latitude), float(city.longitude))
    return (x, y) if on_map(x, y) else None


def _label_goes_left(
    position: tuple[float, float] | None, others: Sequence[tuple[float, float]]
) -> bool:
    """Whether a pin's name goes on its left: it would run off the map on the right, or
    into another pin there, and there is room on the left."""
    if position is None:
        return False
    x, y = position
    if x + LABEL_REACH > WIDTH:
        return True
    crowded = any(
        other != position and 0 < other[0] - x < LABEL_REACH and abs(other[1] - y) < LABEL_HEIGHT
        for other in others
    )
    return crowded and x > LABEL_REACH


# Country outlines -----------------------------------------------------------------------

Point = tuple[float, float]
# How close two points of an outline may be before the second is dropped: about a
# pixel at the map's usual width, where nobody can see the difference.
SIMPLIFY_TOLERANCE = 1.0
# Outlines are clipped a little outside the frame, so no coast ends visibly at its edge.
CLIP_MARGIN = 4.0


def clip_ring(ring: Sequence[Point]) -> list[Point]:
    """A closed polygon ring cut to the map's frame (Sutherland-Hodgman, one edge at a
    time): the part outside the frame would only add bytes nobody sees."""
    low_x, low_y = -CLIP_MARGIN, -CLIP_MARGIN
    high_x, high_y = WIDTH + CLIP_MARGIN, HEIGHT + CLIP_MARGIN
    edges = [
        (lambda p: p[0] >= low_x, lambda a, b: _cross_x(a, b, low_x)),
        (lambda p: p[0] <= high_x, lambda a, b: _cross_x(a, b, high_x)),
        (lambda p: p[1] >= low_y, lambda a, b: _cross_y(a, b, low_y)),
        (lambda p: p[1] <= high_y, lambda a, b: _cross_y(a, b, high_y)),
    ]
    points = list(ring)
    for inside, cross in edges:
        if not points:
            break
        clipped: list[Point] = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    clipped.append(cross(previous, point))
                clipped.append(point)
            elif inside(previous):
                clipped.append(cross(previous, point))
            previous = point
        points = clipped
    return points


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return x, a[1] + t * (b[1] - a[1])


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return a[0] + t * (b[0] - a[0]), y


def simplify_ring(ring: Sequence[Point], tolerance: float = SIMPLIFY_TOLERANCE) -> list[Point]:
    """The ring without the points closer than `tolerance` to the last point kept."""
    kept: list[Point] = []
    for point in ring:
        if not kept or math.dist(point, kept[-1]) >= tolerance:
            kept.append(point)
    return kept


def ring_path(ring: Sequence[Point]) -> str:
    """SVG path data of a closed ring, in whole units (a unit is about a pixel)."""
    first, *rest = [f"{round(x)} {round(y)}" for x, y in ring]
    return f"M{first}L{' '.join(rest)}Z"


def country_path(polygons: Iterable[Sequence[Sequence[Sequence[float]]]]) -> str:
    """One country's SVG path data from its GeoJSON polygons ([longitude, latitude]
    rings), projected, clipped and simplified; empty if none of it is on the map."""
    parts = []
    for polygon in polygons:
        for ring in polygon:
            projected = [project(latitude, longitude) for longitude, latitude, *_ in ring]
            kept = simplify_ring(clip_ring(projected))
            # Fewer than three points, or a speck smaller than a few pixels: nothing to see.
            if len(kept) >= 3 and _extent(kept) >= 3 * SIMPLIFY_TOLERANCE:
                parts.append(ring_path(kept))
    return "".join(parts)


def _extent(ring: Sequence[Point]) -> float:
    xs = [x for x, _ in ring]
    ys = [y for _, y in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))
