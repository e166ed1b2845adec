"""Reference data stored in both languages (a Chinese and an English column)."""
from django.utils.translation import get_language


def in_active_language(zh, en):
    """``en`` while English is active, else ``zh`` (Chinese is the portal's default)."""
    return en if (get_language() or "").startswith("en") else zh
