import os

os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("VOLUNTEERHUB_NO_PROGRESS", "1")
