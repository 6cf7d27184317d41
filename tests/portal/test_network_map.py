"""The map of the network: pins placed from the cities' coordinates, each a link named in
words, the same cities and counts in the list beside it, public records only."""

import json
import math
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings

from partnerships.models import PublicationStatus
from portal import network_map
from portal.demo.factories import (
    CityFactory,
    NeedFactory,
    PartnershipFactory,
    PriorityFactory,
    SmallScaleActionFactory,
    UrbactLocalGroupFactory,
)
from portal.management.commands.build_map_outlines import SOURCE, TARGET, outlines_svg

DRAFT = PublicationStatus.DRAFT

# GeoNames' coordinates of Milan (3173435) and Sofia (727011).
MILAN = (Decimal("45.46427"), Decimal("9.18951"))
SOFIA = (Decimal("42.69751"), Decimal("23.32415"))


class MapLinks(HTMLParser):
    """The links of a page's map: those of its SVG (pins) and those of its list."""

    def __init__(self) -> None:
        super().__init__()
        self.pins: list[dict] = []
        self.listed: list[dict] = []
        self.circles: list[dict] = []
        self._in_svg = self._in_list = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "svg" and "network-map-svg" in attributes.get("class", ""):
            self._in_svg = True
        elif tag == "ul" and "network-map-list" in attributes.get("class", ""):
            self._in_list = True
        elif tag == "a" and self._in_svg:
            self.pins.append(attributes)
        elif tag == "a" and self._in_list:
            self.listed.append(attributes)
        elif tag == "circle" and self._in_svg:
            self.circles.append(attributes)

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        elif tag == "ul":
            self._in_list = False


def map_links(client, url: str) -> MapLinks:
    response = client.get(url)
    assert response.status_code == 200
    parser = MapLinks()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def network(milan, sofia):
    milan.latitude, milan.longitude = MILAN
    milan.save()
    sofia.latitude, sofia.longitude = SOFIA
    sofia.network = milan.network
    sofia.save()
    return milan.network


def test_projection_puts_the_frame_corners_at_the_corners_of_the_map():
    assert network_map.project(network_map.NORTH, network_map.WEST) == pytest.approx((0, 0))
    assert network_map.project(network_map.SOUTH, network_map.EAST) == pytest.approx(
        (network_map.WIDTH, network_map.HEIGHT), abs=0.5
    )


def test_projection_is_mercator_over_the_frame():
    x, y = network_map.project(45.46427, 9.18951)
    # West-east is linear: Milan lies (9.19 + 11) / 42 of the way across.
    assert x == pytest.approx((9.18951 + 11) / 42 * network_map.WIDTH)

    def mercator(latitude):
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2))

    # North-south stretches with latitude, at the same scale as west-east.
    scale = network_map.WIDTH / math.radians(42)
    assert y == pytest.approx((mercator(60) - mercator(45.46427)) * scale)


def test_pins_stand_where_the_coordinates_put_them(client, network):
    links = map_links(client, "/en/network/")

    positions = {
        pin["href"]: (float(circle["cx"]), float(circle["cy"]))
        for pin, circle in zip(links.pins, links.circles, strict=True)
    }
    milan_x, milan_y = positions["/en/cities/milano/"]
    sofia_x, sofia_y = positions["/en/cities/sofia/"]
    assert (milan_x, milan_y) == pytest.approx(network_map.project(*map(float, MILAN)), abs=0.05)
    # Sofia is east and south of Milan.
    assert sofia_x > milan_x and sofia_y > milan_y


def test_every_pin_is_a_link_named_with_the_city_and_its_counts(client, network, milan):
    PartnershipFactory.create_batch(2, city=milan)
    NeedFactory(priority=PriorityFactory(city=milan))

    links = map_links(client, "/en/")

    milan_pin = next(pin for pin in links.pins if pin["href"] == "/en/cities/milano/")
    assert milan_pin["aria-label"] == ("Milano: 2 partnerships, 1 need, 0 Small-Scale Actions")


def test_the_list_beside_the_map_has_the_same_cities_and_links(client, network):
    for url in ("/it/", "/en/network/", "/en/cities/sofia/"):
        links = map_links(client, url)

        assert sorted(pin["href"] for pin in links.pins) == sorted(
            item["href"] for item in links.listed
        ), url
        assert len(links.pins) == 2, url


def test_counts_are_in_the_page_language(client, network, milan):
    NeedFactory.create_batch(2, priority=PriorityFactory(city=milan))

    links = map_links(client, "/it/")

    milan_pin = next(pin for pin in links.pins if pin["href"] == "/it/cities/milano/")
    assert milan_pin["aria-label"] == ("Milano: 0 partenariati, 2 bisogni, 0 Small-Scale Action")


def test_only_public_records_are_counted_and_only_public_cities_shown(client, network, milan):
    PartnershipFactory(city=milan)
    PartnershipFactory(city=milan, publication_status=DRAFT)
    NeedFactory(priority=PriorityFactory(city=milan), publication_status=DRAFT)
    # A published need under a draft priority is not public either.
    NeedFactory(priority=PriorityFactory(city=milan, publication_status=DRAFT))
    SmallScaleActionFactory(ulg=UrbactLocalGroupFactory(city=milan), publication_status=DRAFT)
    CityFactory(
        network=network, slug="draft-city", publication_status=DRAFT, latitude=50, longitude=10
    )

    links = map_links(client, "/en/")

    milan_pin = next(pin for pin in links.pins if pin["href"] == "/en/cities/milano/")
    assert milan_pin["aria-label"] == "Milano: 1 partnership, 0 needs, 0 Small-Scale Actions"
    assert "/en/cities/draft-city/" not in {pin["href"] for pin in links.pins + links.listed}


def test_a_city_without_coordinates_is_listed_but_not_pinned(client, network):
    CityFactory(network=network, name="Nowhere", slug="nowhere")

    response = client.get("/en/")
    links = map_links(client, "/en/")

    assert "/en/cities/nowhere/" in {item["href"] for item in links.listed}
    assert "/en/cities/nowhere/" not in {pin["href"] for pin in links.pins}
    assert "not on the map: no coordinates" in response.content.decode()


def test_the_city_page_marks_its_own_pin(client, network):
    links = map_links(client, "/en/cities/sofia/")

    current = [pin["href"] for pin in links.pins if pin.get("aria-current") == "page"]
    assert current == ["/en/cities/sofia/"]


def test_the_map_credits_its_sources(client, network):
    page = client.get("/en/").content.decode()

    assert 'href="https://www.geonames.org/"' in page
    assert 'href="https://www.openstreetmap.org/copyright"' in page
    # The outlines are this site's own file: nothing comes from another host.
    assert '<image href="/static/map/europe.svg"' in page


def test_names_of_crowded_pins_go_to_the_other_side():
    # Two pins side by side: the western one's name would run into the eastern pin.
    assert network_map._label_goes_left((400, 300), [(400, 300), (440, 305)])
    assert not network_map._label_goes_left((440, 305), [(400, 300), (440, 305)])
    # Near the eastern edge a name goes left, or it would be cut off.
    assert network_map._label_goes_left((network_map.WIDTH - 10, 300), [])


def test_outlines_are_clipped_to_the_frame():
    square = [(-100.0, -100.0), (100.0, -100.0), (100.0, 100.0), (-100.0, 100.0)]

    clipped = network_map.clip_ring(square)

    margin = network_map.CLIP_MARGIN
    assert {(round(x), round(y)) for x, y in clipped} == {
        (-margin, -margin),
        (100, -margin),
        (100, 100),
        (-margin, 100),
    }
    assert network_map.clip_ring([(-50.0, -50.0), (-40.0, -50.0), (-40.0, -40.0)]) == []


def test_simplification_drops_points_closer_than_a_pixel():
    ring = [(0.0, 0.0), (0.4, 0.3), (2.0, 0.0), (2.5, 0.5), (2.0, 3.0)]

    assert network_map.simplify_ring(ring) == [(0.0, 0.0), (2.0, 0.0), (2.0, 3.0)]


def test_committed_outlines_are_small_and_built_from_the_package():
    target = settings.BASE_DIR / TARGET
    assert target.stat().st_size < 60 * 1024
    source = settings.BASE_DIR / SOURCE
    if not source.exists():
        pytest.skip(f"{SOURCE} is not installed (npm install)")
    # A change of the frame without `manage.py build_map_outlines` would misplace every pin.
    assert target.read_text() == outlines_svg(json.loads(source.read_text()))
