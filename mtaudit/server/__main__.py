"""`python -m mtaudit.server`: the same as `mtaudit serve`."""

from mtaudit.server.cli import serve

serve(prog_name="mtaudit serve")
