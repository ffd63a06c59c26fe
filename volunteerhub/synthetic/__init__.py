"""Synthetic data at city and province scale: `volunteerhub seed city|province [--seed N]`, and the benchmarks'.

city: about 160,000 volunteers, 5,000 service posts, 30,000 activities and 3 million ledger entries
(each a checked-out sign-up with its decision); province: 1,000,000 volunteers and 1,000,000 service
posts (the mapped points) around Shandong's 16 city centres.

Rows are generated with numpy from the seed (same seed, same data; only the Fernet ciphertext of ID
numbers differs, by design): each kind of data draws from its own random stream (`Run.rng`). They are
written in large batches (`bulk`): COPY on PostgreSQL, executemany on SQLite, all in one transaction,
which also moves the data versions the caches are keyed by (`core.versions`). The kept figures
(VolunteerHours, TeamHours, stats MonthlyRollup and its subtree counters and volunteer tallies, activity
seat counts) are computed from the very rows inserted, as the services would have kept them.
On PostgreSQL the deferred foreign-key triggers are switched off for the load when the role may do
so (as pg_restore --disable-triggers does): every reference is made valid by construction.

Modules: sizes (the datasets), words (kinds and names), geography (where things are), bulk (writing
rows), run (one load in progress), one module per kind of data (teams, posts, volunteers, activities,
ledger, figures), loader (the order and the transaction).
"""

from volunteerhub.synthetic.loader import load, seed_scale
from volunteerhub.synthetic.sizes import SIZES, Size, small

__all__ = ["SIZES", "Size", "load", "seed_scale", "small"]
