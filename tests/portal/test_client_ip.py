"""The client's address (portal.client_ip): X-Forwarded-For is read only from a trusted proxy, and then
its right-most address that is not a trusted proxy."""
import pytest

from portal.client_ip import client_ip


@pytest.mark.parametrize("proxies, remote, forwarded, expected", [
    ([], "203.0.113.5", "", "203.0.113.5"),
    ([], "203.0.113.5", "1.2.3.4", "203.0.113.5"),                       # no proxy trusted: header ignored
    (["10.0.0.0/24"], "203.0.113.5", "1.2.3.4", "203.0.113.5"),          # not from the proxy: ignored
    (["10.0.0.0/24"], "10.0.0.5", "198.51.100.7", "198.51.100.7"),
    (["10.0.0.0/24"], "10.0.0.5", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # the client's own prefix is not believed
    (["10.0.0.0/24", "10.0.1.9"], "10.0.0.5", "198.51.100.7, 10.0.1.9", "198.51.100.7"),  # two proxies
    (["10.0.0.0/24"], "10.0.0.5", "not-an-address", "10.0.0.5"),
    (["10.0.0.0/24"], "10.0.0.5", "", "10.0.0.5"),
    (["2001:db8::/32"], "2001:db8::1", "2001:db8:ffff::2, 2400:cb00::9", "2400:cb00::9"),
])
def test_the_client_address(rf, settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    assert client_ip(rf.get("/", **meta)) == expected
