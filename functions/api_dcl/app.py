"""Lambda: DCL routes."""

# Every route here uses the DCL engine (DuckDB, Arrow, the matcher): import it at cold start
# (the init phase; the local gateway warms each function before serving) rather than inside
# the first request, where it took seconds and held the import lock against the others.
import autonomos.dcl.service  # noqa: F401
from api_dcl.routes import api
from autonomos.http import create_app

app = create_app("dcl", api)
