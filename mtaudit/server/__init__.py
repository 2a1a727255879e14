"""`mtaudit serve`: the audit as an HTTP service a CMS calls before publishing.

`app.create_app` builds the ASGI application (Starlette, run by uvicorn), `engine` is the one
adapter between HTTP requests and the audit pipeline, `languagetool` speaks LanguageTool's
`/v2` protocol, and `cli.serve` is the click command. See docs/server.md.
"""
