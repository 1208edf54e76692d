"""A Digital Bazaar ``vc`` process for the interoperability tests.

One node process per test module (``tests/interop/node/server.mjs``) answers JSON-lines
requests to sign and verify credentials and presentations with Digital Bazaar's libraries.
Starting node and loading those libraries costs about half a second, so the process is shared
by the module instead of being started for each credential.

The node packages are installed by ``make node-deps``. When node or the packages are missing
the tests fail (they never skip): an interoperability claim that was not checked must not
look like one that passed. The server starts on the first request, inside a test, so that a
missing node shows as a failed test with the fix in its message.
"""

from __future__ import annotations

import base64
import collections
import json
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

from credstack.core.crypto.keys import Ed25519KeyPair, KeyPair

NODE_DIR = Path(__file__).parent / "node"
INSTALL_HINT = "run `make node-deps` (it runs `npm ci` in tests/interop/node)"
STARTUP_TIMEOUT = 30.0
CALL_TIMEOUT = 30.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """One HTTP response the node verifier's web document loader received."""

    url: str
    status: int
    content_type: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class NodeVerification:
    """What Digital Bazaar's ``vc.verifyCredential`` (or ``vc.verify``) said about a credential
    (or a presentation)."""

    verified: bool
    errors: tuple[str, ...]
    statuses: tuple[tuple[str, bool], ...] = ()
    """Each status entry checked: its purpose and whether its bit is set (revoked)."""
    credentials: tuple[bool, ...] = ()
    """For a presentation: whether each credential in it verified."""
    fetched: tuple[Fetched, ...] = ()
    """What the verifier fetched over HTTP, in order (:meth:`DigitalBazaar.verify_on_the_web`)."""
    read_errors: tuple[str, ...] = ()
    """Errors of reading the credential as JSON-LD in safe mode (empty: every term defined)."""

    def fetched_from(self, url: str) -> Fetched:
        """The response for ``url``; fails the test if the verifier did not fetch it."""
        for response in self.fetched:
            if response.url == url:
                return response
        pytest.fail(f"the verifier did not fetch {url}; it fetched {[f.url for f in self.fetched]}")


class DigitalBazaar:
    """Signs and verifies with Digital Bazaar's libraries, through ``server.mjs``."""

    def __init__(self, node_dir: Path = NODE_DIR) -> None:
        self.node_dir = node_dir
        self.versions: dict[str, str] = {}
        self._process: subprocess.Popen[str] | None = None
        self._responses: queue.Queue[str | None] = queue.Queue()
        self._stderr: collections.deque[str] = collections.deque(maxlen=50)
        self._readers: list[threading.Thread] = []
        self._next_id = 0

    def sign(
        self,
        credential: Mapping[str, Any],
        key_pair: Ed25519KeyPair,
        cryptosuite: str,
        *,
        verification_method: str,
        controller: str,
        date: str,
    ) -> dict[str, Any]:
        """Issue ``credential`` with ``vc.issue`` and return it with its proof."""
        signed: dict[str, Any] = self._call(
            "sign",
            {
                "credential": credential,
                "keyPair": {
                    "id": verification_method,
                    "controller": controller,
                    "publicKeyMultibase": key_pair.public_key.multikey,
                    "secretKeyMultibase": key_pair.secret_multikey,
                },
                "cryptosuite": cryptosuite,
                "date": date,
            },
        )
        return signed

    def verify(
        self,
        credential: Mapping[str, Any],
        controller_documents: Sequence[Mapping[str, Any]] = (),
        status_lists: Sequence[Mapping[str, Any]] = (),
        contexts: Mapping[str, Any] | None = None,
    ) -> NodeVerification:
        """Verify ``credential`` with ``vc.verifyCredential`` (both EdDSA cryptosuites).

        did:key DIDs are resolved by Digital Bazaar's did:key driver; any other controller
        must be in ``controller_documents``. A credential with a ``credentialStatus`` is
        checked with ``vc-bitstring-status-list`` against ``status_lists`` (served by id).
        ``contexts`` (URL → context document) are served besides the bundled ones.
        """
        result = self._call(
            "verify",
            {
                "credential": credential,
                "controllerDocuments": list(controller_documents),
                "statusListCredentials": list(status_lists),
                "contexts": dict(contexts or {}),
            },
        )
        return NodeVerification(
            verified=result["verified"],
            errors=tuple(result["errors"]),
            statuses=tuple((s["purpose"], s["set"]) for s in result.get("statuses", [])),
        )

    def present(
        self,
        credentials: Sequence[Mapping[str, Any]],
        *,
        holder: str | None = None,
        key_pair: KeyPair | None = None,
        verification_method: str | None = None,
        cryptosuite: str = "eddsa-rdfc-2022",
        challenge: str | None = None,
        domain: str | None = None,
        date: str | None = None,
    ) -> dict[str, Any]:
        """A presentation of ``credentials`` made by ``vc.createPresentation``, signed by
        ``vc.signPresentation`` with ``key_pair`` (if given) answering ``challenge``."""
        request: dict[str, Any] = {"verifiableCredential": list(credentials)}
        optional = {"holder": holder, "challenge": challenge, "domain": domain, "date": date}
        request.update({k: v for k, v in optional.items() if v is not None})
        if key_pair is not None:
            assert isinstance(key_pair, Ed25519KeyPair), "the node side signs with Ed25519"
            request["cryptosuite"] = cryptosuite
            request["keyPair"] = {
                "id": verification_method,
                "controller": str(verification_method).partition("#")[0],
                "publicKeyMultibase": key_pair.public_key.multikey,
                "secretKeyMultibase": key_pair.secret_multikey,
            }
        presented: dict[str, Any] = self._call("present", request)
        return presented

    def verify_presentation(
        self,
        presentation: Mapping[str, Any],
        *,
        challenge: str | None = None,
        domain: str | None = None,
        unsigned_presentation: bool = False,
    ) -> NodeVerification:
        """Verify ``presentation`` with ``vc.verify`` (both EdDSA cryptosuites); ``statuses``
        of the answer hold nothing, ``credentials`` whether each credential verified."""
        request: dict[str, Any] = {
            "presentation": presentation,
            "unsignedPresentation": unsigned_presentation,
        }
        request.update(
            {k: v for k, v in {"challenge": challenge, "domain": domain}.items() if v is not None}
        )
        result = self._call("verifyPresentation", request)
        return NodeVerification(
            verified=result["verified"],
            errors=tuple(result["errors"]),
            credentials=tuple(result["credentials"]),
        )

    def verify_on_the_web(self, credential: Mapping[str, Any], origin: str) -> NodeVerification:
        """Verify ``credential`` as a verifier that credstack does not control does.

        The verifier has the W3C and 1EdTech contexts and nothing else (did:key resolves
        offline): it fetches every other document (contexts, the did:web DID document, status
        lists) over HTTP from ``origin``, and refuses any other URL
        (``node/webDocumentLoader.mjs``). After verifying, it reads the credential as JSON-LD
        in safe mode, as a verifier showing the claims does.
        """
        result = self._call("verifyOnTheWeb", {"credential": credential, "origin": origin})
        return NodeVerification(
            verified=result["verified"],
            errors=tuple(result["errors"]),
            statuses=tuple((s["purpose"], s["set"]) for s in result.get("statuses", [])),
            fetched=tuple(
                Fetched(f["url"], f["status"], f["contentType"], base64.b64decode(f["body"]))
                for f in result["fetched"]
            ),
            read_errors=tuple(result["readErrors"]),
        )

    def start(self) -> None:
        """Start ``server.mjs``; fail (never skip) when node or its packages are missing."""
        node = shutil.which("node")
        if node is None:
            pytest.fail(
                f"node is not installed or not on PATH; install node 20+, then {INSTALL_HINT}"
            )
        if not (self.node_dir / "node_modules" / "@digitalbazaar" / "vc").is_dir():
            pytest.fail(f"the node packages of the interop tests are not installed: {INSTALL_HINT}")
        self._responses = queue.Queue()
        self._process = subprocess.Popen(
            [node, str(self.node_dir / "server.mjs")],
            cwd=self.node_dir,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        self._readers = [
            threading.Thread(target=_pump, args=(self._process.stdout, self._responses)),
            threading.Thread(target=_drain, args=(self._process.stderr, self._stderr)),
        ]
        for reader in self._readers:
            reader.daemon = True
            reader.start()
        try:
            self._check_ready()
        except BaseException:
            self.close()
            raise

    def _check_ready(self) -> None:
        ready = json.loads(self._read_line(STARTUP_TIMEOUT))
        self.versions = ready["versions"]
        stale = {
            name: {"package.json": pinned, "installed": self.versions.get(name)}
            for name, pinned in _pinned_versions(self.node_dir).items()
            if self.versions.get(name, pinned) != pinned
        }
        if stale:
            pytest.fail(
                f"the installed node packages are not the pinned ones {stale}: {INSTALL_HINT}"
            )

    def close(self) -> None:
        """End the server (closing its stdin ends it) and release the pipes."""
        process, self._process = self._process, None
        if process is None:
            return
        _stream(process.stdin).close()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for reader in self._readers:
            reader.join(timeout=5)
        _stream(process.stdout).close()
        _stream(process.stderr).close()

    def _call(self, op: str, request: Mapping[str, Any]) -> Any:
        if self._process is None:
            self.start()
        assert self._process is not None
        self._next_id += 1
        message_id = self._next_id
        stdin = _stream(self._process.stdin)
        try:
            stdin.write(json.dumps({"id": message_id, "op": op, "request": request}) + "\n")
            stdin.flush()
        except BrokenPipeError:
            pytest.fail(f"the node interop server has exited\n{self._stderr_tail()}")
        line = self._read_line(CALL_TIMEOUT)
        response = json.loads(line)
        assert response["id"] == message_id, f"out-of-order response: {line}"
        if not response["ok"]:
            pytest.fail(f"node {op} raised:\n{response['error']}")
        return response["result"]

    def _read_line(self, timeout: float) -> str:
        try:
            line = self._responses.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"the node interop server did not answer in {timeout:.0f} s")
        if line is None:
            pytest.fail(f"the node interop server has exited\n{self._stderr_tail()}")
        return line

    def _stderr_tail(self) -> str:
        return "".join(self._stderr) or "(nothing on stderr)"


def _stream(stream: IO[str] | None) -> IO[str]:
    assert stream is not None
    return stream


def _pump(stream: IO[str], into: queue.Queue[str | None]) -> None:
    for line in stream:
        into.put(line)
    into.put(None)


def _drain(stream: IO[str], into: collections.deque[str]) -> None:
    for line in stream:
        into.append(line)


def _pinned_versions(node_dir: Path) -> dict[str, str]:
    manifest = json.loads((node_dir / "package.json").read_text(encoding="utf-8"))
    dependencies: dict[str, str] = manifest["dependencies"]
    return dependencies


@pytest.fixture(scope="module")
def digitalbazaar() -> Iterator[DigitalBazaar]:
    """Digital Bazaar's ``vc`` library in a node process shared by the test module."""
    server = DigitalBazaar()
    yield server
    server.close()
