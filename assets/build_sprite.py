"""Bootstrap Italia's icon sprite cut down to the icons our templates use.

The full sprites.svg holds ~600 icons (96 KB, 32 KB compressed) and a page that uses
one icon from it downloads all of them. Run by `make install`: it reads every template
for `#it-<name>` references and writes only those <symbol>s to static/vendor/, where
base.html points. A template that starts using an icon gets it at the next build.

    .venv/bin/python assets/build_sprite.py SOURCE_SPRITE OUTPUT_SPRITE
"""

import re
import sys
from pathlib import Path
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
SVG = "http://www.w3.org/2000/svg"
ICON_REFERENCE = re.compile(r"#(it-[a-z0-9-]+)")


def used_icons() -> set[str]:
    templates = [*ROOT.glob("templates/**/*.html"), *ROOT.glob("*/templates/**/*.html")]
    return {name for path in templates for name in ICON_REFERENCE.findall(path.read_text())}


def main(source: Path, output: Path) -> None:
    ElementTree.register_namespace("", SVG)
    # The sprite is Bootstrap Italia's own file from the pinned npm package, not user input.
    sprite = ElementTree.parse(source).getroot()  # noqa: S314
    wanted = used_icons()
    for symbol in list(sprite):
        if symbol.get("id") not in wanted:
            sprite.remove(symbol)
    missing = wanted - {symbol.get("id") for symbol in sprite}
    if missing:
        sys.exit(f"Icons used in templates but not in {source}: {', '.join(sorted(missing))}")
    output.parent.mkdir(parents=True, exist_ok=True)
    ElementTree.ElementTree(sprite).write(output, encoding="unicode")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
