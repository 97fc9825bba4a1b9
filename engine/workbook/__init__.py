"""Workbooks in and out, safely: the zip container inspected before parsing (``archive``), cells read
with their 'Sheet'!A1 location (``read``, ``cells``), files replaced atomically (``atomic``)."""
