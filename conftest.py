import os

os.environ.setdefault("VOLUNTEERHUB_NO_PROGRESS", "1")
