"""What every endpoint of the open data and integration API (/api/v1/, issue #16) shares: the clients'
tokens and their scopes, the bearer authentication, the request log, throttles, cursor pagination, the
one error shape and the OpenAPI schema's conventions. Each domain's endpoints live beside their domain
(``tiers/titles/api.py``, ``tiers/api.py``, ``applications/api.py``, ``review/province/api.py``) and the
top layer assembles them (``review/api_urls.py``); nothing here knows a domain app."""
