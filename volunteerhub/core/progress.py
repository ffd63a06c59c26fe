"""Progress bars for long work on the command line (written to stderr)."""

import os
import sys

from tqdm import tqdm


def progress(iterable=None, *, total: int | None = None, desc: str = "", unit: str = "it"):
    disable = os.environ.get("VOLUNTEERHUB_NO_PROGRESS") == "1"
    return tqdm(iterable, total=total, desc=desc, unit=unit, file=sys.stderr, disable=disable,
                dynamic_ncols=True, leave=True)
