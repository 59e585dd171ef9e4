import shutil

import pytest

# The desk's fixtures, for the disk-full upload.
from tests.desk.conftest import category, login, staff  # noqa: F401
from tests.faults.servers import PG_BIN, Postgres, Site, manage, site_environment


@pytest.fixture
def postgres():
    if not (PG_BIN / "initdb").exists() or not shutil.which("redis-server"):
        pytest.skip(f"the fault tests need PostgreSQL binaries in {PG_BIN} and redis-server")
    server = Postgres()
    server.start()
    server.create_database()
    yield server
    server.destroy()


def prepared_site(postgres, **env):
    """Migrate the throwaway database, add a story, and return (site, article id, url)."""
    environment = site_environment(DATABASE_URL=postgres.url, **env)
    manage("migrate", "--noinput", env=environment)
    setup = (Site.__module__.rsplit(".", 1)[0] + ".setup_site").replace(".", "/") + ".py"
    output = manage("shell", "-c", open(setup).read(), env=environment).stdout.split()
    site = Site(environment)
    site.start()
    return site, int(output[-2]), output[-1]
