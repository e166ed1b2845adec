"""Response headers of the signed-in portal: nothing a signed-in user was shown stays in a cache.

``NoStoreWhenSignedInMiddleware`` sends ``Cache-Control: no-store`` on every response to a signed-in
user (pages, exports, private downloads) unless the view chose already; the public pages (register,
verification, notices) stay cacheable. The Content-Security-Policy (django-csp, with a nonce for the
few inline scripts) and the Permissions-Policy (django-permissions-policy) are set in settings.
"""
from typing import Any


class NoStoreWhenSignedInMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        response = self.get_response(request)
        # Only a response made for its user (the view or its template read request.user): the probes
        # and the static files never load a session for this.
        user = request.__dict__.get("_cached_user")
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store, private"
        return response
