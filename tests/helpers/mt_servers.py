"""Machine-translation servers on 127.0.0.1 for the pretranslate and engine tests.

``ChatServer`` speaks OpenAI chat completions (``POST /v1/chat/completions``); ``DeepLServer``
speaks DeepL's v2 ``translate`` and ``glossary-language-pairs`` and v3 ``glossaries``. Both
"translate" with a phrase table: every phrase of the fixture article has an English rendering,
placeholder tags pass through, and anything unknown stays Arabic (which the caller rejects).

They misbehave on request, as real servers do: ignore the glossary (writing Turkey, "Operation
Deterrence of Aggression"), drop or reorder ids, answer 429 or 500 first, never answer, answer
garbage, refuse a JSON schema, want a key, know only some models.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from helpers import save_article
from translate_cli.store import Store

# ---- the fixture article and its glossary ----------------------------------------------------

GLOSSARY_CSV = """source,target,category,note,forbidden
ردع العدوان,Deter Aggression,operation,,Deterrence of Aggression
تركيا,Türkiye,place,,Turkey
النظام السوري,Syrian regime,actor,,Syrian government
قوات النظام,regime forces,actor,,government forces
هيئة تحرير الشام,Hayat Tahrir al-Sham,faction,,
حلب,Aleppo,place,,Halab
"""

# What a careless engine writes for each term.
WRONG = {
    "ردع العدوان": "Operation Deterrence of Aggression",
    "تركيا": "Turkey",
    "النظام السوري": "the Syrian government",
    "قوات النظام": "government forces",
    "هيئة تحرير الشام": "the Levant Liberation Board",
    "حلب": "Halab",
}
HOUSE = {
    "ردع العدوان": "Deter Aggression",
    "تركيا": "Türkiye",
    "النظام السوري": "Syrian regime",
    "قوات النظام": "regime forces",
    "هيئة تحرير الشام": "Hayat Tahrir al-Sham",
    "حلب": "Aleppo",
}
PHRASES = {
    "تعلن": "announces",
    "أعلنت": "announced",
    "بدء معركة": "the start of the battle of",
    "قرب": "near",
    "عن": "about",
    "وقالت مصادر محلية إن": "local sources said that",
    "انسحبت من مواقعها": "withdrew from their positions",
    "وأكدت": "confirmed",
    "دعمها للعملية": "its support for the operation",
    "ونفى": "denied",
    "هذه الأنباء": "these reports",
    "وتقدمت الفصائل نحو مدينة": "the factions advanced towards the city of",
    "وتشهد المنطقة حركة نزوح واسعة": "the area is seeing wide displacement",
    "وذكرت مصادر أن": "sources reported that",
    "قصفت قرى": "shelled villages",
    "وأن": "and that",
    "تراجعت لاحقاً": "later pulled back",
    "ولم تعلق": "did not comment",
    "على الهجوم": "on the attack",
    "واستمرت الاشتباكات حتى المساء": "the clashes went on until the evening",
    "الجملة": "sentence",
    "رقم": "number",
}
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")

TITLE = "هيئة تحرير الشام تعلن بدء معركة ردع العدوان"
S_OFFENSIVE = "أعلنت هيئة تحرير الشام بدء معركة ردع العدوان قرب حلب."
S_WITHDREW = "وقالت مصادر محلية إن قوات النظام انسحبت من مواقعها."
S_TURKIYE = "وأكدت تركيا دعمها للعملية."
S_DENIED = "ونفى النظام السوري هذه الأنباء."
S_HUMAN_DONE = "وتقدمت الفصائل نحو مدينة حلب."
S_HUMAN_DRAFT = "وتشهد المنطقة حركة نزوح واسعة."
S_TWICE = "وذكرت مصادر أن قوات النظام قصفت قرى قرب حلب، وأن قوات النظام تراجعت لاحقاً."
S_APPROVED = "واستمرت الاشتباكات حتى المساء."
S_NO_COMMENT = "ولم تعلق تركيا على الهجوم."

HUMAN_DONE_EN = "The factions advanced on the city of Aleppo."
HUMAN_DRAFT_EN = "The area is seeing a wide wave of displacement (my draft)."
APPROVED_EN = "The clashes went on until the evening."


def write_glossary(folder: Path) -> Path:
    path = folder / "glossary.csv"
    path.write_text(GLOSSARY_CSV, encoding="utf-8")
    return path


def make_article(db: Path) -> dict[str, Any]:
    """The fixture article: five new segments (and the title), one translated, one human
    draft, one approved. Returns its id and the numbers of each kind of segment."""
    blocks = [
        ("paragraph", [S_OFFENSIVE, S_WITHDREW, S_TURKIYE]),
        ("paragraph", [S_DENIED, S_HUMAN_DONE, S_HUMAN_DRAFT]),
        ("paragraph", [S_TWICE, S_APPROVED, S_NO_COMMENT]),
    ]
    with Store(db) as store:
        article, ids = save_article(store, TITLE, blocks, "https://www.syria.tv/mt-fixture")
        by_source = {s["source"]: s["id"] for s in store.segments(article)}
        store.update_segment(
            article, by_source[S_HUMAN_DONE], target=HUMAN_DONE_EN, status="translated"
        )
        store.update_segment(
            article, by_source[S_HUMAN_DRAFT], target=HUMAN_DRAFT_EN, status="draft"
        )
        store.update_segment(article, by_source[S_APPROVED], target=APPROVED_EN, status="approved")
    human = [by_source[s] for s in (S_HUMAN_DONE, S_HUMAN_DRAFT, S_APPROVED)]
    new = [i for i in ids if i not in human]
    return {"id": article, "new": new, "human": human, "by_source": by_source}


def numbered_article(db: Path, count: int, url: str = "https://www.syria.tv/mt-bench") -> int:
    """An article of ``count`` short sentences the phrase table translates (for speed runs)."""
    digits = "٠١٢٣٤٥٦٧٨٩"
    sentences = []
    for n in range(1, count + 1):
        arabic = "".join(digits[int(d)] for d in str(n))
        place = "عن تركيا" if n % 3 == 0 else "قرب حلب"
        sentences.append(f"الجملة رقم {arabic} {place}.")
    blocks = [("paragraph", sentences[i : i + 10]) for i in range(0, count, 10)]
    with Store(db) as store:
        article, _ = save_article(store, "الجملة رقم", blocks, url)
    return article


# ---- the phrase-table translator -------------------------------------------------------------

_PLACEHOLDER = re.compile(r"<t\d+\s*/>")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def fake_translate(text: str, terms: dict[str, str], unknown: str | None = None) -> str:
    """English for ``text``: its phrases from the table, ``terms`` (Arabic → English) winning
    for the glossary's terms, placeholder tags copied, unknown words left as they are (or,
    with ``unknown``, written as that word: any Arabic article then gets an Arabic-free draft)."""
    table = {**PHRASES, **terms}
    keys = sorted(table, key=len, reverse=True)
    out: list[str] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        m = _PLACEHOLDER.match(text, i)
        if m:
            out.append(m.group())
            i = m.end()
            continue
        for key in keys:
            end = i + len(key)
            if text.startswith(key, i) and (end >= n or not _ARABIC_LETTER.match(text[end])):
                out.append(table[key])
                i = end
                break
        else:
            if ch in ".،,":
                out.append("," if ch == "،" else ch)
                i += 1
                continue
            j = i
            while j < n and not text[j].isspace() and text[j] not in ".،,<":
                j += 1
            word = text[i:j].translate(_DIGITS)
            out.append(unknown if unknown and _ARABIC_LETTER.search(word) else word)
            i = j
    sentence = " ".join(out)
    sentence = re.sub(r"\s+([.,])", r"\1", sentence)
    return sentence[:1].upper() + sentence[1:]


def glossary_from_system(
    system: str, careless: bool = False, vague: bool = False
) -> dict[str, str]:
    """The terms a system message lists as ``- Arabic → English (forbidden: ...)``; with
    ``careless``, what an engine ignoring them writes: the first forbidden rendering, else
    the rendering in lower case with its last word left out (with ``vague``: "the other
    side" for every term)."""
    found = {}
    for line in system.splitlines():
        m = re.match(r"^- (.+?) → (.+?)(?: \(forbidden: (.*)\))?$", line.strip())
        if not m:
            continue
        source, target, forbidden = m.groups()
        if careless and vague:
            target = "the other side"
        elif careless:
            words = target.lower().split()
            target = forbidden.split("; ")[0] if forbidden else " ".join(words[:-1] or ["it"])
        found[source] = target
    return found


# ---- the chat model (OpenAI protocol, also the llm plugin's model) ---------------------------


class ChatBrain:
    """How the fake chat model answers; shared by the OpenAI server and the llm model.

    ``glossary``: "obey" (use the system message's terms), "ignore" (always the careless
    renderings, repairs included), "repair" (careless first, corrects when asked to fix).
    ``drop_once``: ids left out of the first answer that holds them. ``reorder``: answers in
    reverse order. ``arabic_once``: ids answered untranslated the first time.
    ``drop_placeholders``: masked segments come back without their tags. ``vague``: terms
    rendered as "the other side" instead of a forbidden rendering.
    """

    def __init__(self) -> None:
        self.glossary = "obey"
        self.drop_once: set[str] = set()
        self.arabic_once: set[str] = set()
        self.reorder = False
        self.drop_placeholders = False
        self.unknown: str | None = None  # write unknown Arabic words as this word
        self.vague = False  # ignoring the glossary, write "the other side" for every term
        # Hostile echoes, as real models answer: the placeholder tag in another form (a format
        # string such as "[t{}]"), the house renderings with their first letter's case
        # flipped, the translations as an object or a bare list, prose and a code fence
        # around the JSON, or prose alone.
        self.placeholder_form: str | None = None
        self.flip_case = False
        self.shape = "list"  # "list", "object" (id -> text) or "bare" (a list of rows)
        self.chatty = False
        self.prose = False
        self.duplicate_first = False  # the first id answered again, with another text
        self.extra_id = False  # an id nobody asked for
        self.decorate: Callable[[str], str] | None = None  # applied to every draft text
        self.calls: list[dict[str, Any]] = []
        self._lock = threading.Lock()

    def answer(self, system: str, user: str) -> str:
        payload = json.loads(user)
        with self._lock:
            self.calls.append({"system": system, "user": payload})
        fixes = {f["id"]: f for f in payload.get("fix", [])}
        obey = self.glossary == "obey" or (self.glossary == "repair" and fixes)
        terms = {**WRONG, **glossary_from_system(system, not obey, self.vague)}
        if self.flip_case:
            terms = {k: v[:1].swapcase() + v[1:] for k, v in terms.items()}
        if self.prose:
            return "I am sorry, but I cannot help with translating this text."
        rows = []
        for seg in payload["segments"]:
            sid = str(seg["id"])
            with self._lock:
                if sid in self.drop_once:
                    self.drop_once.discard(sid)
                    continue
                if sid in self.arabic_once:
                    self.arabic_once.discard(sid)
                    rows.append({"id": sid, "text": seg["text"]})
                    continue
            text = fake_translate(seg["text"], terms, self.unknown)
            if self.drop_placeholders:
                text = _PLACEHOLDER.sub("it", text)
            if self.placeholder_form:
                text = re.sub(r"<t(\d+)\s*/>", self._echo_placeholder, text)
            if self.decorate:
                text = self.decorate(text)
            rows.append({"id": sid, "text": text})
        if self.reorder:
            rows.reverse()
        if self.duplicate_first and rows:
            rows.append({"id": rows[0]["id"], "text": "Something else entirely."})
        if self.extra_id:
            rows.insert(0, {"id": "999", "text": "A sentence nobody asked for."})
        reply: Any = {"translations": rows}
        if self.shape == "object":
            reply = {"translations": {row["id"]: row["text"] for row in rows}}
        elif self.shape == "bare":
            reply = rows
        body = json.dumps(reply, ensure_ascii=False)
        if self.chatty:
            body = f"Here are the translations:\n```json\n{body}\n```\nLet me know!"
        return body

    def _echo_placeholder(self, match: re.Match[str]) -> str:
        return (self.placeholder_form or "<t{}/>").format(match.group(1))


class _Server:
    """A threaded HTTP server on 127.0.0.1 that counts and records requests."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        # Statuses to answer first, one per request: (status, Retry-After or None).
        self.failures: list[tuple[int, str | None]] = []
        self.hang = False  # never answer (until the server closes)
        self.delay = 0.0  # seconds before each answer
        self.garbage = False  # answer 200 with a web page
        self._released = threading.Event()
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                server._handle(self, "GET")

            def do_POST(self) -> None:
                server._handle(self, "POST")

            def do_DELETE(self) -> None:
                server._handle(self, "DELETE")

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def count(self) -> int:
        return len(self.requests)

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self._released.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handle(self, h: BaseHTTPRequestHandler, method: str) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        raw = h.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        record = {
            "method": method,
            "path": h.path,
            "headers": {k.lower(): v for k, v in h.headers.items()},
            "body": body,
        }
        with self._lock:
            self.requests.append(record)
            failure = self.failures.pop(0) if self.failures else None
        if self.hang:
            self._released.wait(60)
            return
        if self.delay:
            time.sleep(self.delay)
        if failure is not None:
            status, retry_after = failure
            headers = {"Retry-After": retry_after} if retry_after is not None else {}
            self._send(h, status, {"error": {"message": "slow down"}}, headers)
            return
        if self.garbage:
            self._send(h, 200, "<html><body>Welcome to nginx!</body></html>", {}, "text/html")
            return
        status, reply = self.route(method, h.path, record)
        self._send(h, status, reply, {})

    def route(self, method: str, path: str, record: dict[str, Any]) -> tuple[int, Any]:
        raise NotImplementedError

    @staticmethod
    def _send(
        h: BaseHTTPRequestHandler,
        status: int,
        reply: Any,
        headers: dict[str, str],
        content_type: str = "application/json",
    ) -> None:
        data = (
            reply.encode("utf-8")
            if isinstance(reply, str)
            else json.dumps(reply, ensure_ascii=False).encode("utf-8")
        )
        try:
            h.send_response(status)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(data)))
            for k, v in headers.items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass


class ChatServer(_Server):
    """OpenAI chat completions at ``/v1/chat/completions``."""

    def __init__(self) -> None:
        super().__init__()
        self.brain = ChatBrain()
        self.models = {"fake-mt"}
        self.api_key: str | None = None  # the key it wants, if any
        self.reject_schema = False  # 400 for response_format json_schema, like older servers

    @property
    def base_url(self) -> str:
        return self.url("/v1")

    @property
    def chat_requests(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["path"] == "/v1/chat/completions"]

    def route(self, method: str, path: str, record: dict[str, Any]) -> tuple[int, Any]:
        if path != "/v1/chat/completions" or method != "POST":
            return 404, {"error": {"message": f"no route {path}"}}
        if self.api_key and record["headers"].get("authorization") != f"Bearer {self.api_key}":
            return 401, {
                "error": {"message": "Incorrect API key provided", "code": "invalid_api_key"}
            }
        body = record["body"]
        if not isinstance(body, dict) or not isinstance(body.get("messages"), list):
            return 400, {"error": {"message": "messages is required"}}
        model = body.get("model")
        if model not in self.models:
            return 404, {
                "error": {
                    "message": f"The model `{model}` does not exist",
                    "type": "invalid_request_error",
                    "code": "model_not_found",
                }
            }
        fmt = (body.get("response_format") or {}).get("type")
        if self.reject_schema and fmt == "json_schema":
            return 400, {"error": {"message": "response_format json_schema is not supported"}}
        system = next((m["content"] for m in body["messages"] if m["role"] == "system"), "")
        user = body["messages"][-1]["content"]
        content = self.brain.answer(system, user)
        return 200, {
            "id": "chatcmpl-" + uuid.uuid4().hex[:12],
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                }
            ],
            "usage": {"prompt_tokens": 100, "completion_tokens": 50, "total_tokens": 150},
        }


class DeepLServer(_Server):
    """DeepL: ``/v2/translate``, ``/v2/glossary-language-pairs``, ``/v3/glossaries``."""

    KEY = "0000-test-key:fx"

    def __init__(self) -> None:
        super().__init__()
        self.arabic_glossaries = True  # whether ar→en is among the glossary pairs
        self.unknown: str | None = None  # write unknown Arabic words as this word
        self.glossaries: dict[str, dict[str, str]] = {}
        self.v3 = True  # whether it has v3 (multilingual) glossaries

    def route(self, method: str, path: str, record: dict[str, Any]) -> tuple[int, Any]:
        if record["headers"].get("authorization") != f"DeepL-Auth-Key {self.KEY}":
            return 403, {"message": "Wrong endpoint or key"}
        body = record["body"] if isinstance(record["body"], dict) else {}
        if path == "/v2/glossary-language-pairs" and method == "GET":
            pairs = [
                {"source_lang": "de", "target_lang": "en"},
                {"source_lang": "en", "target_lang": "de"},
            ]
            if self.arabic_glossaries:
                pairs.append({"source_lang": "ar", "target_lang": "en"})
            return 200, {"supported_languages": pairs}
        if path == "/v2/glossaries" and method == "POST":
            if body.get("entries_format") != "tsv":
                return 400, {"message": "entries_format must be tsv"}
            gid = str(uuid.uuid4())
            self.glossaries[gid] = dict(
                line.partition("\t")[::2] for line in body["entries"].splitlines()
            )
            return 201, {
                "glossary_id": gid,
                "name": body.get("name", ""),
                "ready": True,
                "source_lang": body.get("source_lang", "").lower(),
                "target_lang": body.get("target_lang", "").lower(),
                "creation_time": "2026-12-01T08:00:00.123456Z",
                "entry_count": len(self.glossaries[gid]),
            }
        if path == "/v3/glossaries" and method == "POST" and self.v3:
            gid = str(uuid.uuid4())
            entries: dict[str, str] = {}
            for d in body.get("dictionaries", []):
                if d.get("entries_format") != "tsv":
                    return 400, {"message": "entries_format must be tsv"}
                for line in d["entries"].splitlines():
                    source, _, target = line.partition("\t")
                    entries[source] = target
            self.glossaries[gid] = entries
            return 201, {
                "glossary_id": gid,
                "name": body.get("name", ""),
                "dictionaries": [
                    {"source_lang": "ar", "target_lang": "en", "entry_count": len(entries)}
                ],
                "creation_time": "2026-12-01T08:00:00.123456Z",
            }
        if path == "/v2/translate" and method == "POST":
            texts = body.get("text")
            if not isinstance(texts, list) or not body.get("target_lang"):
                return 400, {"message": "Parameter 'text' or 'target_lang' missing"}
            terms = dict(WRONG)
            gid = body.get("glossary_id")
            if gid:
                if gid not in self.glossaries:
                    return 404, {"message": "Glossary not found"}
                if not body.get("source_lang"):
                    return 400, {"message": "source_lang is required with a glossary"}
                terms.update(self.glossaries[gid])
            out = []
            for text in texts:
                plain = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
                source = plain if body.get("tag_handling") else text
                english = fake_translate(source, terms, self.unknown)
                out.append(
                    {
                        "detected_source_language": "AR",
                        "text": english,
                        "billed_characters": len(text),
                    }
                )
            return 200, {"translations": out}
        return 404, {"message": "Not found"}


@contextmanager
def chat_server() -> Iterator[ChatServer]:
    srv = ChatServer()
    try:
        yield srv
    finally:
        srv.close()


@contextmanager
def deepl_server() -> Iterator[DeepLServer]:
    srv = DeepLServer()
    try:
        yield srv
    finally:
        srv.close()
