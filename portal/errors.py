"""The one exception a refused action raises, with a message fit to show the user."""
from typing import Any


class ActionRefused(Exception):
    """A state change or action was refused; ``str(exc)`` is a translated message for the user.

    ``article`` names the article of the regulation when that is the reason (e.g. "Art. 12").
    """

    def __init__(self, message: Any, *, article: Any = "") -> None:
        super().__init__(message)
        self.message = message
        self.article = article

    def __str__(self) -> str:
        return str(self.message)


def ensure(condition: Any, message: Any, *, article: Any = "") -> None:
    """Raise ActionRefused(message) unless condition holds."""
    if not condition:
        raise ActionRefused(message, article=article)
