"""Titles: the legal record the programme produces (Art. 11-16).

The title and its certificates (numbering, rendering, supersede, revoke), revocation (Art. 15),
renames and restructurings (Art. 16), the public register and verification live here, below
``applications`` and ``review``: those call ``grants.grant_title`` and never create a title themselves.
"""
