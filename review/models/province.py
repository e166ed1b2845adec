"""Models: see review/models/__init__.py."""

__all__ = []
