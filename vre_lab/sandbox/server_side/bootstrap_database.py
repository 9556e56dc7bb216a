"""Create the Rucio schema, the default VO and the root account in the configured database.

Run with the server venv's Python and RUCIO_CONFIG pointing at the server's rucio.cfg.
"""

from rucio.db.sqla.util import build_database, create_base_vo, create_root_account

if __name__ == "__main__":
    build_database()
    create_base_vo()
    create_root_account()
