"""The Excel add-in: ``kommunebench serve`` (an Office task pane and its HTTP API) and the xlwings route.

Business logic never lives here: both routes call ``engine`` and apply its mark plan. The web
framework (Starlette, uvicorn) and xlwings are imported only by the modules that need them
(:mod:`addin.server`, :mod:`addin.desktop`), and never by ``engine``.
"""
