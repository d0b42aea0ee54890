"""The protocol both LLM engines (``openai``, ``llm``) speak: one system message with the
instructions, house style and glossary; one user message holding the segments as JSON; a JSON
object ``{"translations": [{"id", "text"}]}`` back.

Written once so that the two engines send the same prompt and read replies the same way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from translate_cli.engines.base import BadReply, Batch, Drafts

# Part of every cache key through Engine.version: change it when the prompt changes.
PROMPT_VERSION = "chat-1"

_INSTRUCTIONS = """\
You are the translator of a Syrian news site's English edition, turning Arabic news articles \
into English ready to publish.

Rules:
- Translate every segment in "segments" completely and faithfully. Each one is a sentence, \
heading or title of the article named in "title"; "before" and "after" hold the segments \
around them so that you translate each sentence as part of its article. Translate only \
"segments".
- House style: plain, neutral news English; keep every number, date, name and quotation; \
keep the sense of attribution ("said", "according to"); write no Arabic script.
- The glossary below is binding. Wherever a segment contains one of its Arabic terms, write \
the English rendering exactly as given (capitalise its first letter only at the start of a \
sentence), and never write a rendering listed as forbidden.
- Some segments hold placeholder tags such as <t1/>. Each stands for a name; copy every tag \
exactly once and unchanged to where that name belongs in the English.
- Answer with one JSON object and nothing else: {"translations": [{"id": "...", "text": \
"..."}]}, with exactly one entry for every id in "segments" and the same ids."""

_REPAIR = """\
This is a correction. Each entry of "fix" holds an earlier English draft of the segment with \
the same id, the glossary renderings it must use ("use") and the renderings it must not \
contain ("avoid"). Return each draft corrected so that it uses every rendering in "use" and \
none in "avoid"; change nothing else."""

#: The JSON schema of a reply, for servers that support structured output.
REPLY_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "translations": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "text": {"type": "string"}},
                "required": ["id", "text"],
                "additionalProperties": False,
            },
        }
    },
    "required": ["translations"],
    "additionalProperties": False,
}


def system_message(batch: Batch) -> str:
    """Instructions, house style and the batch's glossary terms."""
    parts = [_INSTRUCTIONS]
    terms = batch.terms
    if terms:
        lines = ["", "Glossary (Arabic term → the house's English rendering):"]
        for t in terms:
            line = f"- {t.source} → {t.target}"
            if t.forbidden:
                line += " (forbidden: " + "; ".join(t.forbidden) + ")"
            lines.append(line)
        parts.append("\n".join(lines))
    if batch.kind == "repair":
        parts.append("\n" + _REPAIR)
    return "\n".join(parts)


def user_message(batch: Batch) -> str:
    """The segments as JSON: ``segments`` of ``{"id", "text"}``, with context and fixes."""
    payload: dict[str, Any] = {"title": batch.title}
    if batch.before:
        payload["before"] = batch.before
    payload["segments"] = [{"id": item.id, "text": item.text} for item in batch.items]
    if batch.after:
        payload["after"] = batch.after
    if batch.kind == "repair":
        payload["fix"] = [
            {
                "id": item.id,
                "draft": item.draft or "",
                "use": [t.target for t in item.missing],
                "avoid": list(item.forbidden_found),
            }
            for item in batch.items
        ]
    return json.dumps(payload, ensure_ascii=False)


_FENCE = re.compile(r"^```(?:json)?\s*|\s*```$", re.IGNORECASE)


def parse_reply(text: str) -> dict[str, str]:
    """The drafts by id from a model's answer, or :class:`BadReply` saying what is wrong.

    Read leniently where the meaning is plain: prose or a code fence around the object, ids as
    numbers, ``translations`` as an object of id → text, a bare list of rows. An id answered
    twice with different texts keeps its first text and is marked ambiguous (the caller asks
    again before trusting it).
    """
    body = _FENCE.sub("", (text or "").strip())
    data = _json_in(body)
    rows: Any = data.get("translations") if isinstance(data, dict) else data
    if isinstance(rows, dict):
        rows = [{"id": key, "text": value} for key, value in rows.items()]
    if not isinstance(rows, list):
        raise BadReply('the model\'s answer has no "translations" list')
    drafts = Drafts()
    for row in rows:
        if not isinstance(row, dict):
            continue
        value = row.get("text")
        if isinstance(value, dict):  # {"id": {"text": ...}} from the object form
            value = value.get("text")
        key = row.get("id")
        if not isinstance(value, str) or isinstance(key, bool) or not isinstance(key, str | int):
            continue
        key = str(key).strip()
        if key in drafts and drafts[key].strip() != value.strip():
            drafts.ambiguous.add(key)
        drafts.setdefault(key, value)
    return drafts


def _json_in(body: str) -> Any:
    """The JSON object (or list) in ``body``, prose around it allowed."""
    pairs = [("{", "}"), ("[", "]")]
    brace, bracket = body.find("{"), body.find("[")
    if 0 <= bracket < brace or brace < 0 <= bracket:
        pairs.reverse()  # a bare list of rows
    seen = False
    for opener, closer in pairs:
        start, end = body.find(opener), body.rfind(closer)
        if start < 0 or end < start:
            continue
        seen = True
        try:
            return json.loads(body[start : end + 1])
        except ValueError:
            continue
    if seen:
        raise BadReply("the model's answer is not valid JSON")
    raise BadReply("the model did not answer with a JSON object")
