"""A deterministic local stand-in for the Appwrite Functions executions API.

It answers like an Appwrite server of a chosen version - any release line from
0.7.x to 1.8.x, and newer versions as 1.8 - so client tests can record
byte-stable cassettes without a real server::

    from appwrite_standin import StandIn, DEFAULT_PROJECT, DEFAULT_KEY

    with StandIn(version="1.8.1") as server:
        server.url   # "http://127.0.0.1:PORT/v1"
        server.reset()                       # back to the seeded state
        server.executions(BUSY_FUNCTION_ID)  # ground truth, 1.8-shaped dicts

or from a shell (prints the URL first, stops on SIGTERM/SIGINT)::

    PYTHONPATH=standin python -m appwrite_standin --version 0.9.4 --port 8080 --seed 7

Each line has its own execution and list shape, list parameters, create body,
error shape and auth schemes (see ``_generations.py``); all of them render the
same internal executions.  :data:`REPRESENTATIVE_VERSIONS` names one server
version per release line (``{"0.7": "0.7.2", ..., "1.8": "1.8.1"}``).

Seeded functions: ``reports`` (237 executions), ``empty`` (none) and ``mailer``
(41 edge cases).  Time is a fake clock starting at :data:`CLOCK_START`; created
executions advance by *reads* (waiting -> processing -> completed), never by wall
time.  ``before_request`` is a hook for injecting faults at chosen requests.
"""

from ._clock import CLOCK_START, CLOCK_STEP_MS
from ._data import (
    BUSY_FUNCTION_ID,
    DEFAULT_SEED,
    EMPTY_FUNCTION_ID,
    MIXED_FUNCTION_ID,
    OUTPUT_CAP,
    SEEDED_COUNTS,
)
from ._errors import QUERY_PARAM_ERROR_TYPE
from ._generations import (
    GENERATIONS,
    LEGACY_0_9,
    MODERN_1_8,
    REPRESENTATIVE_VERSIONS,
    Generation,
    generation_for,
)
from ._queries import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERIES
from ._server import (
    DEFAULT_HOST,
    DEFAULT_JWT,
    DEFAULT_KEY,
    DEFAULT_PROJECT,
    DEFAULT_SESSION,
    STANDIN_USER_ID,
    StandIn,
)
from ._wire import Reply, Request, RequestHook

DEFAULT_VERSION = "1.8.1"

__all__ = [
    "BUSY_FUNCTION_ID",
    "CLOCK_START",
    "CLOCK_STEP_MS",
    "DEFAULT_HOST",
    "DEFAULT_JWT",
    "DEFAULT_KEY",
    "DEFAULT_LIMIT",
    "DEFAULT_PROJECT",
    "DEFAULT_SEED",
    "DEFAULT_SESSION",
    "DEFAULT_VERSION",
    "EMPTY_FUNCTION_ID",
    "GENERATIONS",
    "LEGACY_0_9",
    "MAX_LIMIT",
    "MAX_QUERIES",
    "MIXED_FUNCTION_ID",
    "MODERN_1_8",
    "OUTPUT_CAP",
    "QUERY_PARAM_ERROR_TYPE",
    "REPRESENTATIVE_VERSIONS",
    "SEEDED_COUNTS",
    "STANDIN_USER_ID",
    "Generation",
    "Reply",
    "Request",
    "RequestHook",
    "StandIn",
    "generation_for",
]
