"""The API documentation pages (Swagger UI and ReDoc) under a loosened CSP.

Both come from drf-spectacular-sidecar and style themselves with inline <style>
(ReDoc also runs a web worker from a blob: URL), which the site-wide policy in
settings.CONTENT_SECURITY_POLICY forbids. Only these two pages get the extra
sources; scripts stay 'self' only (Swagger UI's start-up script is served as a
separate file by the split view).
"""

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerSplitView

DOCS_POLICY = {"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}

swagger_ui = csp_update(DOCS_POLICY)(SpectacularSwaggerSplitView.as_view(url_name="api:schema"))
# ReDoc shows Redocly's logo from their CDN (an image only, no script).
redoc = csp_update({**DOCS_POLICY, "img-src": ["https://cdn.redoc.ly"]})(
    SpectacularRedocView.as_view(url_name="api:schema")
)
