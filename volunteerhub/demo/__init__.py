"""The demo city (Binzhou): each domain's demo data, loaded in order by `volunteerhub seed demo` (demo.loader)."""
