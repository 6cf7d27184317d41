"""The API documentation page (Swagger UI) under a loosened CSP.

It comes from drf-spectacular-sidecar and styles itself with inline <style> (and
may start a web worker from a blob: URL), which the site-wide policy in
settings.CONTENT_SECURITY_POLICY forbids. Only this page gets the extra sources;
scripts stay 'self' only (Swagger UI's start-up script is served as a separate
file by the split view). There is no ReDoc page: its bundle fetches Redocly's logo
from their CDN, and one self-hosted documentation page is enough.
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularSwaggerSplitView

DOCS_POLICY = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}

swagger_ui = csp_update(DOCS_POLICY)(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
