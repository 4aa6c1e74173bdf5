"""The domain named by its digest in each action call (the Rasa patch `action_domain`) and held by
the action server (rasa_sdk_plugins/domain.py): the action server supplies exactly the domain Rasa
would have sent, and a call naming another domain never runs with the wrong one (it goes again,
whole). docs/rasa-patches.md, "action_domain"."""

from __future__ import annotations

import asyncio
import copy
import hashlib
import json
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import ClientResponseError, EndpointConfig
from rasa_sdk import Action
from rasa_sdk.executor import ActionExecutor

from rasa_plugins import patches
from rasa_plugins.patches import action_domain
from rasa_sdk_plugins import domain as held_domain

pytestmark = pytest.mark.usefixtures("rasa_as_released")

ROOT = Path(__file__).resolve().parents[2]
MODELS = Path.home() / ".cache" / "complaints-assistant" / "models"
RELEASED = dict(patches.WRITTEN_FOR)
URL = "http://127.0.0.1:5055/webhook"


@pytest.fixture(scope="module")
def held() -> dict[str, held_domain.FrozenDict]:
    return held_domain.load_domains()


def _domain() -> Domain:
    return Domain.load(str(ROOT / "domain.yml"))


def _model_for_this_data() -> Path | None:
    """The model scripts/train.sh trains for this checkout's data, if it has been trained (the
    same key: config, domain, lock file, how it trains and data files, hashed)."""
    files = [ROOT / "config.yml", ROOT / "domain.yml", ROOT / "requirements.lock"]
    files.append(ROOT / "rasa_plugins" / "train.py")
    names = subprocess.run(  # noqa: S603 - find, as train.sh lists the data
        ["find", "data", "-type", "f", "-name", "*.yml"],  # noqa: S607
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    files += [ROOT / name for name in sorted(names, key=lambda n: n.encode())]
    key = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()[:16]
    for folder in (ROOT / "models", MODELS):
        if (folder / f"assistant-{key}.tar.gz").exists():
            return folder / f"assistant-{key}.tar.gz"
    return None


def _served_domain() -> tuple[str, Domain]:
    """The domain a Rasa server serving this checkout's model holds: the trained model's (Rasa
    reads it from the model's metadata) or, with no model trained yet, the domain as `rasa train`
    loads it (its data importer) put through the same metadata round trip."""
    model = _model_for_this_data()
    if model is not None:
        from rasa.engine.storage.local_model_storage import LocalModelStorage

        return f"the trained model {model.name}", LocalModelStorage.metadata_from_archive(
            model
        ).domain
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    trained = importer.get_domain()
    return "rasa train's loading (no model trained for this data)", Domain.from_dict(
        copy.deepcopy(trained.as_dict())
    )


def _call(domain: Domain, action_name: str = "validate_complaint_form") -> dict[str, Any]:
    """The call Rasa makes for `action_name` (as it is sent: JSON there and back)."""
    action = RemoteAction(action_name, EndpointConfig(URL))
    tracker = DialogueStateTracker.from_events("someone", [], domain.slots)
    return json.loads(json.dumps(action._action_call_format(tracker, domain)))


class Recording(Action):
    """An action that keeps the domain it was given."""

    given: list[Any] = []

    def name(self) -> str:
        return "validate_complaint_form"

    def run(self, dispatcher: Any, tracker: Any, domain: Any) -> list[dict[str, Any]]:
        self.given.append(domain)
        return []


def _executed(call: dict[str, Any]) -> Any:
    """What rasa_sdk's executor gives the action for this call."""
    executor = ActionExecutor()
    Recording.given = []
    executor.register_action(Recording())
    asyncio.run(executor.run(call))
    (domain,) = Recording.given
    return domain


def test_the_action_server_holds_the_domain_rasa_sends(held: dict[str, Any]) -> None:
    domain = _domain()
    sent = copy.deepcopy(domain.as_dict())
    assert held[held_domain.digest_of(sent)] == sent
    hash(domain)  # Domain.fingerprint() rewrites the dict as_dict() returns, in place
    after_hashing = domain.as_dict()
    assert after_hashing != sent
    assert held[held_domain.digest_of(after_hashing)] == after_hashing
    assert all(held_domain.digest_of(value) == key for key, value in held.items())


def test_the_held_domain_is_the_one_the_served_model_holds(held: dict[str, Any]) -> None:
    """Not skipped without a model: then compared with the domain as training loads it."""
    source, served = _served_domain()
    sent = copy.deepcopy(served.as_dict())
    assert held.get(held_domain.digest_of(sent)) == sent, source
    hash(served)
    assert held.get(held_domain.digest_of(served.as_dict())) == served.as_dict(), source


def test_both_sides_work_out_the_same_digest() -> None:
    sent = _domain().as_dict()
    assert action_domain.digest_of(sent) == held_domain.digest_of(sent)
    assert action_domain.digest_of({"b": [1], "a": "é"}) == held_domain.digest_of(
        {"a": "é", "b": [1]}
    )


def test_rasa_as_released_sends_the_whole_domain_and_the_action_server_leaves_it() -> None:
    domain = _domain()
    call = _call(domain)
    assert call["domain"] == domain.as_dict() and action_domain.DIGEST_FIELD not in call
    assert held_domain.fill_domain(call, {}) is True
    assert _executed(call) == domain.as_dict()


def test_with_the_patch_the_call_names_the_domain_and_the_action_server_fills_it(
    held: dict[str, Any],
) -> None:
    """The action reads the domain Rasa as released would have sent, read-only."""
    patches.install(environ={}, versions=RELEASED)
    domain = _domain()
    call = _call(domain)
    assert "domain" not in call
    assert call[action_domain.DIGEST_FIELD] == held_domain.digest_of(domain.as_dict())
    assert len(json.dumps(call)) < 0.5 * len(json.dumps({**call, "domain": domain.as_dict()}))
    assert held_domain.fill_domain(call, held) is True
    given = _executed(call)
    assert given == domain.as_dict()
    with pytest.raises(TypeError):
        given["forms"]["complaint_form"]["required_slots"].remove("customer_name")
    assert isinstance(copy.deepcopy(given)["forms"]["complaint_form"]["required_slots"], list)


def test_after_rasa_hashes_its_domain_the_call_names_the_new_shape(held: dict[str, Any]) -> None:
    patches.install(environ={}, versions=RELEASED)
    domain = _domain()
    before = _call(domain)[action_domain.DIGEST_FIELD]
    hash(domain)
    after = _call(domain)
    assert after[action_domain.DIGEST_FIELD] != before
    assert held_domain.fill_domain(after, held) is True
    assert after["domain"] == domain.as_dict()


def test_with_the_patches_off_the_call_still_carries_the_domain() -> None:
    patches.install(environ={"RASA_PATCHES": "off"}, versions=RELEASED)
    domain = _domain()
    assert _call(domain)["domain"] == domain.as_dict()


def test_a_compressed_call_carries_the_whole_domain(monkeypatch: pytest.MonkeyPatch) -> None:
    patches.install(environ={}, versions=RELEASED)
    monkeypatch.setenv("COMPRESS_ACTION_SERVER_REQUEST", "true")
    domain = _domain()
    assert _call(domain)["domain"] == domain.as_dict()


def test_a_call_for_another_domain_is_refused_before_any_action_runs(
    held: dict[str, Any],
) -> None:
    other = copy.deepcopy(_domain().as_dict())
    other["responses"]["utter_greet"] = [{"text": "Another checkout's greeting"}]
    call = {"next_action": "validate_complaint_form", "tracker": {}, "version": "3.6.21"}
    call[held_domain.DIGEST_FIELD] = held_domain.digest_of(other)
    assert held_domain.fill_domain(call, held) is False
    assert "domain" not in call

    middleware = []
    app = SimpleNamespace(middleware=lambda kind: middleware.append)
    held_domain.attach(app, held)
    (door,) = middleware
    request = SimpleNamespace(method="POST", path="/webhook", headers={}, json=call)
    answer = asyncio.run(door(request))
    assert answer.status == 409 and json.loads(answer.body)["domain_needed"] is True
    assert "domain" not in call


def test_the_door_fills_a_call_naming_this_checkouts_domain(held: dict[str, Any]) -> None:
    middleware = []
    held_domain.attach(SimpleNamespace(middleware=lambda kind: middleware.append), held)
    (door,) = middleware
    sent = _domain().as_dict()
    call = {
        "next_action": "x",
        "tracker": {},
        held_domain.DIGEST_FIELD: held_domain.digest_of(sent),
    }
    assert (
        asyncio.run(door(SimpleNamespace(method="POST", path="/webhook", headers={}, json=call)))
        is None
    )
    assert call["domain"] == sent


class ActionServer:
    """A stand-in for the action server's door and rasa_sdk, holding `held`: what each call carried
    and which domain each action that ran was given."""

    def __init__(self, held: dict[str, Any]) -> None:
        self.held = held
        self.calls: list[dict[str, Any]] = []
        self.ran_with: list[Any] = []

    async def request(self, **kwargs: Any) -> dict[str, Any]:
        call = copy.deepcopy(kwargs["json"])
        self.calls.append(copy.deepcopy(call))
        if not held_domain.fill_domain(call, self.held):
            body = {"error": "another domain", "domain_needed": True, "action_name": "x"}
            raise ClientResponseError(409, "Conflict", json.dumps(body).encode())
        self.ran_with.append(call.get("domain"))
        return {"events": [], "responses": []}


def _run(action: RemoteAction, domain: Domain) -> None:
    tracker = DialogueStateTracker.from_events("someone", [], domain.slots)
    asyncio.run(action.run(None, None, tracker, domain))  # type: ignore[arg-type]


def test_an_action_server_holding_another_domain_gets_the_call_again_whole(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Never run with its own domain: the model's goes whole, and keeps going whole to it."""
    patches.install(environ={}, versions=RELEASED)
    domain = _domain()
    other = copy.deepcopy(domain.as_dict())
    other["forms"]["complaint_form"]["required_slots"] = ["customer_name"]
    server = ActionServer({held_domain.digest_of(other): held_domain.frozen(other)})
    action = RemoteAction("validate_complaint_form", EndpointConfig(URL))
    action.action_endpoint.request = server.request  # type: ignore[method-assign]

    _run(action, domain)
    assert [("domain" in c, action_domain.DIGEST_FIELD in c) for c in server.calls] == [
        (False, True),
        (True, False),
    ]
    assert server.ran_with == [domain.as_dict()]
    assert any("holds another domain" in r.getMessage() for r in caplog.records)

    _run(action, domain)  # the next call goes whole at once
    assert "domain" in server.calls[-1] and len(server.calls) == 3
    assert server.ran_with == [domain.as_dict()] * 2


def test_an_action_server_holding_the_models_domain_runs_the_call_once() -> None:
    patches.install(environ={}, versions=RELEASED)
    domain = _domain()
    server = ActionServer(held_domain.load_domains())
    action = RemoteAction("validate_complaint_form", EndpointConfig(URL))
    action.action_endpoint.request = server.request  # type: ignore[method-assign]
    _run(action, domain)
    assert len(server.calls) == 1 and "domain" not in server.calls[0]
    assert server.ran_with == [domain.as_dict()]


def test_endpoints_leave_rasas_selective_domain_off() -> None:
    """Our actions all read the domain: Rasa's `enable_selective_domain` would give them none,
    patches on or off."""
    endpoint = yaml.safe_load((ROOT / "endpoints.yml").read_text())["action_endpoint"]
    assert "enable_selective_domain" not in endpoint
