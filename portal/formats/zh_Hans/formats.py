# One date form for the whole portal, the same as English: see portal/formats/__init__.py.
from portal.formats.en.formats import *  # noqa: F403
