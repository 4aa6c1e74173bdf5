"""What each turn costs the Rasa server, cut down (README, "Load"; measured by `make bench`).

Profiled with py-spy under load (bench/results/load.md), the Rasa server spent its time per turn on:

1. Checking each action server response against Rasa's JSON Schema for it: Rasa 3.6 calls
   `jsonschema.validate`, which first checks the *schema itself* against the JSON Schema
   meta-schema, every time. That was about 45% of the server's CPU with our forms (every form turn
   calls the action server). `install_cached_action_validation` makes Rasa build the validator once
   and keep it; the response is still checked against the same schema, and a bad response raises
   the same error with the same message. Even so, Rasa's schema makes each check try every one of
   the 23 event kinds for every event (about 2.7 ms a reply); `DiscriminatedEvents` checks each
   event against the one kind its name picks, and only a reply that fails that goes through the
   full check, for Rasa's own error.
2. The SQL tracker store: Rasa's runs its queries and commits on the server's event loop, so every
   other conversation waits while one waits for the database (about 25% of the time, most of it the
   SQLite commit). `SQLTrackerStore` here is Rasa's, with the database work moved to worker threads
   (one for SQLite, so writes never contend; several for PostgreSQL), and SQLite in WAL mode on one
   kept connection instead of a new connection and a rollback journal per query. Rasa's queries are
   built once as SQLAlchemy Core statements, not as a new ORM query per call (SQLAlchemy worked
   out each new query's cache key every time: about 7% of the CPU). The same table, rows and
   conditions: a tracker written by one is read by the other.

3. Finding an event's class by its type name: Rasa walks every subclass of `Event` (and asks
   `inspect` whether each is abstract) for every event it reads back, about 130 per finished
   complaint, every turn (about 10% of the server's CPU). `install_event_type_table` looks the name
   up in a table built from the same walk, in the same order, so the same class is found.
4. Calling the action server: Rasa opens a new HTTP session and connection for every call and
   serialises the whole tracker with the standard library's JSON encoder (about 7%).
   `install_kept_action_sessions` gives each action endpoint one session, kept open, whose idle
   connections are reused for a shorter time than the action server keeps them, and which encodes
   with ujson (Rasa's own dependency). Same URL, headers, auth, timeouts and errors.
5. Running the prediction graphs: Rasa hands every NLU run and every policy prediction to dask's
   synchronous scheduler, which rebuilds and re-orders the graph on every call (about 12% of the
   server's Python time). `SequentialGraphRunner` works out the order once per set of targets and
   calls the same nodes with the same arguments in the same thread.
6. Copies made for debug logs nobody writes: Rasa deep-copies the latest message, each action's
   events and the slot values as arguments of `structlogger.debug` even when debug logs are off
   (about 3%). `DebugLogCopy` copies them only when debug logs are written.
7. Calling DIET's traced TensorFlow function: every call went through TensorFlow's dispatch for
   polymorphic functions, which works out a cache key from the inputs to find the one concrete
   function Rasa's fixed signature allows (about 7%). `DirectPrediction` finds it once and calls it.
8. Putting a message's sparse features side by side: `scipy.sparse.hstack` re-wraps and re-checks
   each input on its general path (about 6%). `hstack_coo` builds the same COO matrix in one step.

Together 7 and 8 took the NLU step from 7.1 to 6.4 ms of CPU a message (in-process, medians of 25
alternating runs). The store also reads event rows with ujson rather than the standard library's
JSON decoder: the same values (a test holds it) in about half the time (`json.loads` was about 5%).

endpoints.yml selects it for every deployment (SQLite and PostgreSQL alike):

    tracker_store:
      type: rasa_plugins.turn_cost.SQLTrackerStore
      url: ${TRACKER_STORE_URL}

Creating the store installs (1) and (3) to (8) as well, so one line turns them all on.
`bench/load.py --tracker-store SQL` measures Rasa's own store for comparison.
"""

from __future__ import annotations

import asyncio
import copy
import functools
import graphlib
import itertools
import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import numpy as np
import scipy.sparse
import sqlalchemy as sa
import structlog
import tensorflow as tf
import ujson
from rasa.core.tracker_store import SQLTrackerStore as RasaSQLTrackerStore
from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.utils import endpoints as rasa_endpoints
from rasa.utils.endpoints import EndpointConfig
from scipy.sparse._sputils import get_index_dtype, upcast

from bot.sqlite import SQLITE_BUSY_SECONDS, configure_connection, private_sqlite_file

logger = logging.getLogger(__name__)

# Worker threads for PostgreSQL (each holds a pooled connection while it works).
DB_URL_PARTS = ("dialect", "host", "port", "db", "username", "password", "login_db", "query")
POSTGRES_THREADS = int(os.environ.get("TRACKER_STORE_THREADS", "4"))


# --- 1. action server responses, validated with a validator built once -------------------------


class DiscriminatedEvents:
    """A quick yes to a valid action server response, by each event's own part of Rasa's schema.

    Rasa's schema lists every event kind under `oneOf`, each fixed by its `event` name, so checking
    an event means trying all 23 kinds to prove exactly one fits: about 2.7 ms for a five-event
    reply. Here each event is checked against the kind its name picks, which accepts exactly what
    `oneOf` accepts (the other kinds fail on their name). Anything this does not accept goes to the
    full check, which gives Rasa's own error."""

    def __init__(self, schema: dict[str, Any], validator_class: Any) -> None:
        items = schema["properties"]["events"]["items"]
        common = {key: value for key, value in items.items() if key != "oneOf"}
        self.kinds: dict[str, Any] = {}
        for kind in items["oneOf"]:
            name = kind.get("properties", {}).get("event", {}).get("const")
            if not isinstance(name, str) or name in self.kinds:
                raise ValueError("event kinds are not told apart by their names")
            self.kinds[name] = validator_class({"allOf": [common, kind]})
        outer = copy.deepcopy(schema)
        outer["properties"]["events"]["items"] = common
        self.outer = validator_class(outer)

    def accepts(self, result: Any) -> bool:
        if not self.outer.is_valid(result):
            return False
        for event in result.get("events") or ():  # each an object with a string "event"
            kind = self.kinds.get(event["event"])
            if kind is None or not kind.is_valid(event):
                return False
        return True


def install_cached_action_validation() -> None:
    """Make Rasa's RemoteAction validate responses with one validator, built on first use."""
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction._validate_action_result, "_cached_validator", False):
        return
    from jsonschema import exceptions, validators
    from rasa.shared.constants import DOCS_BASE_URL

    cache: dict[str, Any] = {}

    def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
        validator = cache.get("validator")
        if validator is None:
            schema = self.action_response_format_spec()
            cls = validators.validator_for(schema)
            cls.check_schema(schema)  # once, as jsonschema.validate would on every call
            validator = cache["validator"] = cls(schema)
            try:
                cache["quick"] = DiscriminatedEvents(schema, cls)
            except (KeyError, TypeError, ValueError):  # a schema of another shape: full checks
                cache["quick"] = None
        quick = cache["quick"]
        if quick is not None and quick.accepts(result):
            return True
        # jsonschema.validate's own reporting: the most relevant error, raised.
        error = exceptions.best_match(validator.iter_errors(result))
        if error is None:
            return True
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _validate_action_result._cached_validator = True  # type: ignore[attr-defined]
    _validate_action_result.rasa_original = RemoteAction._validate_action_result  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    logger.debug("action server responses: validator built once and reused")


# --- 3. event classes found in a table -----------------------------------------------------------


def install_event_type_table() -> None:
    """Make Rasa's `Event.resolve_by_type` look type names up in a table."""
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    if getattr(Event.resolve_by_type, "_table", None) is not None:
        return
    original = Event.resolve_by_type
    table: dict[str, type[Event]] = {}

    def build() -> None:
        # Rasa's own walk and order: the first class with a type name is the one Rasa returns.
        table.clear()
        for cls in all_subclasses(Event):
            table.setdefault(cls.type_name, cls)

    def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
        found = table.get(type_name)
        if found is None:
            build()  # first use, or a class imported since the table was built
            found = table.get(type_name)
        # Not an event class: Rasa's own answer (None for "topic", the default, or its error).
        return found if found is not None else original(type_name, default)

    resolve_by_type._table = table  # type: ignore[attr-defined]
    resolve_by_type.rasa_original = original  # type: ignore[attr-defined]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


# --- 4. one kept session per action endpoint -----------------------------------------------------

# Idle connections to the action server are dropped after this long: well inside the 5 seconds for
# which the action server (Sanic) keeps an idle connection open, so a call never goes out on a
# connection the server is closing.
KEEPALIVE_SECONDS = 2.0


class _LeaveOpen:
    """`async with` on a kept session that leaves it open for the next call."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *exc_info: object) -> None:
        return None


class KeptSessionEndpoint(EndpointConfig):
    """An action endpoint whose HTTP session (and its connections) outlives each call.

    Rasa's `EndpointConfig.request` opens `self.session()` for every request and closes it after;
    here `session()` hands out one session per event loop and the close leaves it open. Requests,
    headers, auth, per-request timeouts and errors are Rasa's own."""

    _kept: tuple[asyncio.AbstractEventLoop, aiohttp.ClientSession] | None = None

    @classmethod
    def from_endpoint(cls, endpoint: EndpointConfig) -> KeptSessionEndpoint:
        return cls(
            endpoint.url,
            endpoint.params,
            endpoint.headers,
            endpoint.basic_auth,
            endpoint.token,
            endpoint.token_name,
            endpoint.cafile,
            type=endpoint.type,
            **endpoint.kwargs,
        )

    def session(self) -> Any:
        loop = asyncio.get_running_loop()
        if self._kept is None or self._kept[0] is not loop or self._kept[1].closed:
            basic = self.basic_auth
            session = aiohttp.ClientSession(
                headers=self.headers,
                auth=aiohttp.BasicAuth(basic["username"], basic["password"]) if basic else None,
                timeout=aiohttp.ClientTimeout(total=rasa_endpoints.DEFAULT_REQUEST_TIMEOUT),
                connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=KEEPALIVE_SECONDS),
                json_serialize=ujson.dumps,
            )
            self._kept = (loop, session)
        return _LeaveOpen(self._kept[1])


def install_kept_action_sessions() -> None:
    """Make every RemoteAction call its endpoint through one kept session per endpoint."""
    from rasa.core.actions.action import RemoteAction

    if getattr(RemoteAction.__init__, "_kept_sessions", None) is not None:
        return
    original_init = RemoteAction.__init__
    # Rasa passes the same EndpointConfig object to every action it creates: one kept copy each.
    kept: dict[int, tuple[EndpointConfig, KeptSessionEndpoint]] = {}

    def __init__(self: RemoteAction, name: str, action_endpoint: EndpointConfig | None) -> None:
        if action_endpoint is not None and not isinstance(action_endpoint, KeptSessionEndpoint):
            entry = kept.get(id(action_endpoint))
            if entry is None or entry[0] is not action_endpoint:
                entry = kept[id(action_endpoint)] = (
                    action_endpoint,
                    KeptSessionEndpoint.from_endpoint(action_endpoint),
                )
            action_endpoint = entry[1]
        original_init(self, name, action_endpoint)

    __init__._kept_sessions = kept  # type: ignore[attr-defined]
    __init__.rasa_original = original_init  # type: ignore[attr-defined]
    RemoteAction.__init__ = __init__  # type: ignore[method-assign]


# --- 5. the prediction graphs, run node by node without dask -------------------------------------


class SequentialGraphRunner(DaskGraphRunner):
    """Rasa's `DaskGraphRunner`, running each graph's nodes one after another with no dask.

    Rasa runs a graph for every message (NLU) and for every action it predicts (the policies)
    through `dask.get`, dask's synchronous scheduler: each node in turn, in the calling thread,
    after building the dask graph and ordering it afresh on every call (about 12% of the Rasa
    server's CPU, bench/results/load-notes.md). Here the nodes needed for a set of targets, and an
    order in which every node comes after the nodes it needs, are worked out once per set of
    targets; each run then calls the same node objects with the same arguments dask would pass
    them: an input given by name stands in for the node of that name, a name that is neither an
    input nor a node is passed as it is, a node's exception reaches the caller unchanged (a
    RuntimeError as Rasa's `GraphRunError`), and the result is Rasa's: each target's
    `(name, value)` pair in a dict. Nodes that do not need each other may run in another order
    than dask's: Rasa's graphs give them none (each gets its inputs from the nodes it names)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plans: dict[tuple[str, ...], Any] = {}

    def _plan(
        self, targets: tuple[str, ...]
    ) -> tuple[dict[str, None], list[tuple[str, Any, tuple[str, ...]]]]:
        plan = self._plans.get(targets)
        if plan is None:
            minimal = self._graph_schema.minimal_graph_schema(list(targets))
            needs = {name: tuple(node.needs.values()) for name, node in minimal.nodes.items()}
            order = graphlib.TopologicalSorter(needs).static_order()
            steps = [
                (name, self._instantiated_nodes[name], needs[name])
                for name in order
                if name in needs
            ]
            plan = self._plans[targets] = (dict.fromkeys(needs), steps)
        return plan

    def run(
        self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None
    ) -> dict[str, Any]:
        run_targets = targets if targets else self._graph_schema.target_names
        node_names, steps = self._plan(tuple(run_targets))
        values: dict[str, Any] = dict(node_names)  # node names, as keys of Rasa's dask graph
        if inputs:
            self._add_inputs_to_graph(inputs, values)  # Rasa's own check and (name, value) pairs
        overridden = set(inputs or ())
        if logger.isEnabledFor(logging.DEBUG):
            logger.debug(
                f"Running graph with inputs: {inputs}, targets: {targets} and {self._execution_context}."
            )
        try:
            for name, node, needs in steps:
                if name not in overridden:
                    values[name] = node(*[values.get(need, need) for need in needs])
            return dict(values[target] for target in run_targets)
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error


def install_sequential_graph_runner() -> None:
    """Make Rasa's message processor load its model's graphs into a `SequentialGraphRunner`.

    Only models loaded after this call use it; the tracker store calls it when it is created, which
    Rasa does before it loads the model."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]


# --- 6. debug log values copied only when debug logs are written ---------------------------------

# The Rasa modules whose only use of `copy` is `copy.deepcopy(...)` as an argument of
# `structlogger.debug(...)` (checked by tests/test_turn_cost.py against the installed Rasa).
DEBUG_COPY_MODULES = ("rasa.core.processor", "rasa.core.actions.forms")


class DebugLogCopy:
    """Stands in for the `copy` module in `DEBUG_COPY_MODULES`.

    Rasa 3.6 deep-copies what it passes to `structlogger.debug` (the latest message, the events of
    every action, the slot values), because its log processor masks personal data in place; it
    makes the copies before the call, so it copies even when debug logs are filtered out: about 3%
    of the Rasa server's CPU. Here `deepcopy` copies exactly when structlog's configured logger
    writes debug logs (`rasa run --debug`), and otherwise hands the value on: it is then only an
    argument of a call that does nothing with it."""

    def __init__(self, module: Any) -> None:
        self.module = module
        self._filtered_debug = structlog.make_filtering_bound_logger(logging.CRITICAL).debug

    def debug_logs_written(self) -> bool:
        wrapper = structlog.get_config().get("wrapper_class")
        return getattr(wrapper, "debug", None) is not self._filtered_debug

    def deepcopy(self, value: Any, *args: Any) -> Any:
        if self.debug_logs_written():
            return self.module.deepcopy(value, *args)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self.module, name)


def install_debug_log_copies() -> None:
    """Give each of `DEBUG_COPY_MODULES` a `DebugLogCopy` for its `copy`."""
    import importlib

    for name in DEBUG_COPY_MODULES:
        module = importlib.import_module(name)
        if not isinstance(module.copy, DebugLogCopy):
            module.copy = DebugLogCopy(copy)


# --- 7. the models' traced prediction step, called without re-checking its signature -------------


class DirectPrediction:
    """Stands in for a Rasa model's traced prediction step (`RasaModel._tf_predict_step`).

    Rasa traces each model's `predict_step` once as a `tf.function` with a fixed input signature
    (every dimension open but the last) and calls it for every prediction. Each call goes through
    TensorFlow's dispatch for polymorphic functions, which flattens the inputs, works out a cache
    key from them and looks up the one concrete function it traced (about 7% of the Rasa server's
    Python time, all of it DIET's: TED has no model while there are no stories). Here the concrete
    function is found once and called with the inputs as tensors of the signature's types, as
    TensorFlow's dispatch does. Inputs that do not fit the signature (another count, type or rank,
    another last dimension) go through the `tf.function` as before, for TensorFlow's own error."""

    def __init__(self, function: Any) -> None:
        self.function = function
        self.concrete = function.get_concrete_function()
        self.specs = [
            (spec.dtype.as_numpy_dtype, spec.shape.rank, spec.shape[-1])
            for spec in tf.nest.flatten(self.concrete.structured_input_signature)
        ]

    def fits(self, batch_in: Any) -> bool:
        return (
            isinstance(batch_in, (tuple, list))
            and len(batch_in) == len(self.specs)
            and all(
                type(value) is np.ndarray
                and value.dtype == dtype
                and value.ndim == rank
                and (last is None or value.shape[-1] == last)
                for value, (dtype, rank, last) in zip(batch_in, self.specs, strict=True)
            )
        )

    def __call__(self, batch_in: Any) -> Any:
        if not self.fits(batch_in):
            return self.function(batch_in)
        tensors = [tf.convert_to_tensor(value) for value in batch_in]
        return self.concrete._call_flat(tensors, self.concrete.captured_inputs)


def install_direct_predictions() -> None:
    """After a Rasa model's first prediction (which traces its step), call the step directly."""
    from rasa.utils.tensorflow.models import RasaModel

    rasa_predict = RasaModel._rasa_predict
    if getattr(rasa_predict, "rasa_original", None) is not None:
        return

    @functools.wraps(rasa_predict)
    def _rasa_predict(self: RasaModel, batch_in: Any) -> Any:
        outputs = rasa_predict(self, batch_in)
        step = self._tf_predict_step
        if step is not None and not isinstance(step, DirectPrediction):
            self._tf_predict_step = DirectPrediction(step)
        return outputs

    _rasa_predict.rasa_original = rasa_predict  # type: ignore[attr-defined]
    RasaModel._rasa_predict = _rasa_predict  # type: ignore[method-assign]


# --- 8. a message's sparse features put side by side in one step ---------------------------------


def hstack_coo(left: scipy.sparse.coo_matrix, right: scipy.sparse.coo_matrix) -> Any:
    """`scipy.sparse.hstack([left, right])` for two COO matrices with the same number of rows.

    The same matrix as scipy's general path (`bmat`): the same shape, data type (`upcast`), index
    type, and entries in the same order, left's then right's with its columns moved along, built as
    one COO matrix; without first re-wrapping and re-checking each input as a new COO matrix."""
    dtype = upcast(left.dtype, right.dtype)
    shape = (left.shape[0], left.shape[1] + right.shape[1])
    index = get_index_dtype(maxval=max(shape))
    data = np.concatenate((left.data, right.data), dtype=dtype, casting="unsafe")
    row = np.concatenate((left.row, right.row), dtype=index, casting="unsafe")
    col = np.concatenate(
        (left.col, right.col + np.int64(left.shape[1])), dtype=index, casting="unsafe"
    )
    return scipy.sparse.coo_matrix((data, (row, col)), shape=shape)


def install_direct_sparse_combination() -> None:
    """Make Rasa combine two featurizers' COO features for a message with `hstack_coo`.

    Rasa puts each featurizer's sparse features for a message side by side with
    `scipy.sparse.hstack` (three times for each of a message's sequence and sentence features with
    our four featurizers, for every message), whose general path re-wraps and re-checks every
    input (about 6% of the Rasa server's Python time). Anything but two plain COO matrices, and
    Rasa's check for a different number of rows, go to Rasa's own method."""
    from rasa.shared.nlu.training_data.features import Features

    combine = Features._combine_sparse_features
    if getattr(combine, "rasa_original", None) is not None:
        return

    @functools.wraps(combine)
    def _combine_sparse_features(self: Features, additional_features: Features) -> None:
        left, right = self.features, additional_features.features
        if not (
            type(left) is scipy.sparse.coo_matrix
            and type(right) is scipy.sparse.coo_matrix
            and left.shape[0] == right.shape[0]
        ):
            combine(self, additional_features)
            return
        self.features = hstack_coo(left, right)
        self._cached_fingerprint = None

    _combine_sparse_features.rasa_original = combine  # type: ignore[attr-defined]
    Features._combine_sparse_features = _combine_sparse_features  # type: ignore[method-assign]


# --- 2. the SQL tracker store, off the event loop ------------------------------------------------


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    configure_connection(dbapi_connection)


class SQLTrackerStore(RasaSQLTrackerStore):
    """Rasa's SQL tracker store with its database work in worker threads."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # A SQLite file is created readable by its owner only, before Rasa's engine creates it.
        private_sqlite_file(
            self.get_db_url(**{k: v for k, v in kwargs.items() if k in DB_URL_PARTS})
        )
        super().__init__(*args, **kwargs)
        install_cached_action_validation()
        install_event_type_table()
        install_kept_action_sessions()
        install_sequential_graph_runner()
        install_debug_log_copies()
        install_direct_predictions()
        install_direct_sparse_combination()
        if self.engine.dialect.name == "sqlite":
            # One kept connection per thread (SQLAlchemy 1.4 opens and closes a file connection
            # per session, and closing the last connection of a WAL database checkpoints it).
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(
                url,
                poolclass=sa.pool.SingletonThreadPool,
                connect_args={"timeout": SQLITE_BUSY_SECONDS, "check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _sqlite_on_connect)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
            threads = 1  # SQLite has one writer: queue the writes here, not in the database
        else:
            threads = max(1, POSTGRES_THREADS)
        self._executor = ThreadPoolExecutor(threads, thread_name_prefix="tracker-store")
        self._prepare_statements()
        logger.info(
            "tracker store: SQL (%s), database work in %d worker thread(s)",
            self.engine.dialect.name,
            threads,
        )

    async def _in_thread(self, work: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._executor, work, *args)

    def _prepare_statements(self) -> None:
        """Rasa's queries (`_event_query`, `_additional_events`), built once as Core statements.

        Rasa builds each as a new ORM query per call, and SQLAlchemy then works out its cache key
        afresh every time; a statement kept here has its key worked out once. Same tables, same
        conditions, same order (by id)."""
        events = self.SQLEvent.__table__
        of_sender = events.c.sender_id == sa.bindparam("sender_id")
        session_start = (
            sa.select(sa.func.max(events.c.timestamp))
            .where(of_sender, events.c.type_name == SessionStarted.type_name)
            .scalar_subquery()
        )
        # Events of the latest session: from its SessionStarted on, or all if there is none.
        latest = sa.and_(
            of_sender, sa.or_(events.c.timestamp >= session_start, session_start.is_(None))
        )
        self._select_all = sa.select(events.c.data).where(of_sender).order_by(events.c.id)
        self._select_latest = sa.select(events.c.data).where(latest).order_by(events.c.id)
        self._count_latest = sa.select(sa.func.count()).select_from(events).where(latest)
        self._insert = events.insert()

    def _load_events(self, sender_id: str, all_sessions: bool) -> list[dict[str, Any]]:
        query = self._select_all if all_sessions else self._select_latest
        with self.engine.connect() as connection:
            rows = connection.execute(query, {"sender_id": sender_id}).scalars().all()
        return [ujson.loads(data) for data in rows]

    async def _retrieve(
        self, sender_id: str, fetch_events_from_all_sessions: bool
    ) -> DialogueStateTracker | None:
        events = await self._in_thread(self._load_events, sender_id, fetch_events_from_all_sessions)
        if self.domain and events:
            return DialogueStateTracker.from_dict(sender_id, events, self.domain.slots)
        return None

    def _save_events(self, tracker: DialogueStateTracker) -> None:
        with self.engine.begin() as connection:  # one transaction: count, then insert
            stored = connection.execute(
                self._count_latest, {"sender_id": tracker.sender_id}
            ).scalar_one()
            rows = []
            for event in itertools.islice(tracker.events, stored, None):
                data = event.as_dict()
                rows.append(
                    {
                        "sender_id": tracker.sender_id,
                        "type_name": event.type_name,
                        "timestamp": data.get("timestamp"),
                        "intent_name": data.get("parse_data", {})
                        .get("intent", {})
                        .get(INTENT_NAME_KEY),
                        "action_name": data.get("name"),
                        "data": json.dumps(data),
                    }
                )
            if rows:
                connection.execute(self._insert, rows)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await self.stream_events(tracker)
        await self._in_thread(self._save_events, tracker)

    async def keys(self) -> list[str]:
        def sender_ids() -> list[str]:
            with self.session_scope() as session:
                rows = session.query(self.SQLEvent.sender_id).distinct().all()
                return [sender_id for (sender_id,) in rows]

        return await self._in_thread(sender_ids)
