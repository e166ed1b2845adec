"""Language selection: Simplified Chinese unless the user picked another language in the switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so an official on an
English-language browser would get English; the portal's language is Chinese by default and changes
only by the user's own choice (the language cookie the switcher sets).
"""
from django.conf import settings
from django.utils import translation


class PortalLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        response.headers.setdefault("Vary", "Cookie")
        return response
