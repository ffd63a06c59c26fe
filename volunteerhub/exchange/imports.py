"""`volunteerhub import volunteers ROSTER.xlsx [--as PHONE]`: all rows or none, with a row-by-row report."""

from volunteerhub.exchange.services import roster_import


def run(path, *, user=None):
    return roster_import(path, user=user, file_name=str(path))


IMPORTS = {"volunteers": run}
