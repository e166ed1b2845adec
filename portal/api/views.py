"""The OpenAPI document and its documentation page (Swagger UI from the portal's own static files,
drf-spectacular-sidecar: no CDN)."""
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny

from .throttles import PublicThrottle

schema = SpectacularAPIView.as_view(permission_classes=[AllowAny], authentication_classes=[],
                                    throttle_classes=[PublicThrottle])
docs = SpectacularSwaggerSplitView.as_view(url_name="api:schema", permission_classes=[AllowAny],
                                           authentication_classes=[], throttle_classes=[PublicThrottle])
