"""Print a valid proposal-form body for the load test (scripts/load/run.sh).

Reads the proposal page `make load` fetched and picks the first choice of every
<select> and checkbox group, so the posts pass validation whatever data is loaded.
"""

import re
import sys
from pathlib import Path
from urllib.parse import urlencode

html = Path(sys.argv[1]).read_text()
fields = {
    "csrfmiddlewaretoken": sys.argv[2],
    "organisation_name": "Load test",
    "contact_name": "Load test",
    "email": "load@example.org",
    "offer": "A proposal sent by make load.",
    "privacy_consent": "on",
}
for select in re.finditer(r'<select name="(\w+)".*?</select>', html, re.S):
    value = re.search(r'<option value="([^"]+)"', select.group(0))
    if value:
        fields[select.group(1)] = value.group(1)
for name in ("resource_kinds", "themes"):
    value = re.search(rf'name="{name}" value="([^"]+)"', html)
    if value:
        fields[name] = value.group(1)
print(urlencode(fields))
