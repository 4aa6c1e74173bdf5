"""The prediction graphs run node by node, without dask.

Replaces `rasa.engine.runner.dask.DaskGraphRunner`, as `rasa.core.processor` uses it to load a
model (Rasa 3.6.21, `rasa/core/processor.py`):

    metadata, runner = loader.load_predict_graph_runner(
        Path(temporary_directory), Path(model_tar), LocalModelStorage, DaskGraphRunner,
    )

and whose `run` is, for every message (NLU) and every action predicted (the policies):

    minimal_schema = self._graph_schema.minimal_graph_schema(run_targets)
    run_graph = self._build_dask_graph(minimal_schema)
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph)
    ...
    dask_result = dask.get(run_graph, run_targets)
    return dict(dask_result)

Written for Rasa 3.6.21 with dask 2022.10.2. No upstream issue found.

Why: dask's synchronous scheduler rebuilds and re-orders the graph on every call: about 12% of the
Rasa server's Python time (bench/results/load-notes.md). Only models loaded after `install()` use
the runner, so it is installed before Rasa loads its model (rasa_plugins/launch.py).
"""

from __future__ import annotations

import graphlib
import logging
from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.runner.dask import DaskGraphRunner

NAME = "graph_runner"

logger = logging.getLogger(__name__)


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


def is_installed() -> bool:
    import rasa.core.processor

    return rasa.core.processor.DaskGraphRunner is SequentialGraphRunner


def install() -> None:
    """Make Rasa's message processor load its model's graphs into a `SequentialGraphRunner`."""
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner  # type: ignore[misc]


def uninstall() -> None:
    import rasa.core.processor

    rasa.core.processor.DaskGraphRunner = DaskGraphRunner  # type: ignore[misc]
