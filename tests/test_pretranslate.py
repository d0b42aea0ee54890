"""pretranslate end to end: real engines' code paths against chat-completions and DeepL servers
on 127.0.0.1, a real database, the glossary binding checked on every draft."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import run, snapshot
from helpers.mt_servers import (
    APPROVED_EN,
    HUMAN_DONE_EN,
    HUMAN_DRAFT_EN,
    S_DENIED,
    S_TURKIYE,
    S_TWICE,
    ChatServer,
    DeepLServer,
    deepl_server,
    write_glossary,
)

from translate_cli.store import Store

REPORT_KEYS = [
    "article",
    "engine",
    "model",
    "filled",
    "failed",
    "skipped",
    "requests",
    "cached",
    "characters",
    "terms",
]


@pytest.fixture
def deepl(monkeypatch: pytest.MonkeyPatch) -> Iterator[DeepLServer]:
    monkeypatch.setenv("DEEPL_AUTH_KEY", DeepLServer.KEY)
    with deepl_server() as srv:
        yield srv


def openai_args(srv: ChatServer, article: dict[str, Any], glossary: Path, *more: str) -> list[str]:
    return [
        "pretranslate",
        str(article["id"]),
        *more,
        "--engine",
        "openai",
        "--base-url",
        srv.base_url,
        "--model",
        "fake-mt",
        "--glossary",
        str(glossary),
    ]


def deepl_args(srv: DeepLServer, article: dict[str, Any], glossary: Path, *more: str) -> list[str]:
    return [
        "pretranslate",
        str(article["id"]),
        *more,
        "--engine",
        "deepl",
        "--base-url",
        srv.url(),
        "--glossary",
        str(glossary),
    ]


def segments(db: Path, article: dict[str, Any]) -> dict[int, dict[str, Any]]:
    with Store(db) as store:
        return {s["id"]: dict(s) for s in store.segments(article["id"])}


def house_style_problems(db: Path, article: dict[str, Any], glossary: Path) -> list[str]:
    """Every missing house rendering and every forbidden rendering in the machine drafts,
    found independently of the code under test."""
    from translate_cli.glossary import load_glossary

    gloss = load_glossary(glossary)
    problems = []
    for seg in segments(db, article).values():
        if seg["id"] not in article["new"]:
            continue
        target = seg["target"] or ""
        for hit in gloss.find(seg["source"]):
            # As the house writes it; a lower-case rendering may open a sentence.
            opening = hit.target[:1].upper() + hit.target[1:]
            at_start = target.startswith(opening) or re.search(
                r"[.!?:]\s+" + re.escape(opening), target
            )
            if hit.target not in target and not (hit.target[:1].islower() and at_start):
                problems.append(f"{seg['id']}: no {hit.target!r} in {target!r}")
            term = gloss.lookup(hit.term)
            for bad in term.forbidden if term else ():
                if bad.lower() in target.lower():
                    problems.append(f"{seg['id']}: forbidden {bad!r} in {target!r}")
    return problems


def report(result: Any) -> dict[str, Any]:
    assert result.exit_code == 0, (result.stdout, result.stderr)
    return json.loads(result.stdout)


# ---- the happy path, and human work -----------------------------------------------------------


def test_fills_every_new_segment_and_leaves_human_work_alone(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    before = segments(db_path, article)
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert list(out) == REPORT_KEYS
    assert out["article"] == article["id"]
    assert (out["engine"], out["model"]) == ("openai", "fake-mt")
    assert out["filled"] == article["new"]
    assert out["failed"] == []
    assert out["skipped"] == 3
    assert out["requests"] == len(chat.chat_requests) == 1
    assert out["cached"] == 0
    after = segments(db_path, article)
    assert out["characters"] == sum(len(after[i]["source"]) for i in article["new"])
    assert out["terms"] == {"required": 11, "kept": 11, "repaired": 0, "masked": 0}
    for number in article["new"]:
        seg = after[number]
        assert seg["status"] == "draft"
        assert seg["target"] and not re.search("[\u0600-\u06ff]", seg["target"])
        origin = json.loads(seg["origin"])
        assert (origin["engine"], origin["model"]) == ("openai", "fake-mt")
        assert re.match(r"\d{4}-\d\d-\d\dT", origin["at"])
    for number in article["human"]:
        assert after[number] == before[number]
    assert [after[n]["target"] for n in article["human"]] == [
        HUMAN_DONE_EN,
        HUMAN_DRAFT_EN,
        APPROVED_EN,
    ]
    assert house_style_problems(db_path, article, glossary) == []
    # One history row per draft, in its own name.
    with Store(db_path) as store:
        rows = [h for h in store.history(article["id"]) if h["action"] == "pretranslate"]
    assert sorted(h["segment_id"] for h in rows) == article["new"]
    assert all(h["new_status"] == "draft" and h["old_target"] is None for h in rows)


def test_the_request_follows_the_protocol(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    (request,) = chat.chat_requests
    body = request["body"]
    assert body["model"] == "fake-mt"
    assert body["response_format"]["type"] == "json_schema"
    system, user = body["messages"]
    assert (system["role"], user["role"]) == ("system", "user")
    # The glossary goes in the system message, the segments as JSON in the last user message.
    assert "تركيا → Türkiye (forbidden: Turkey)" in system["content"]
    payload = json.loads(user["content"])
    texts = {s["id"]: s["text"] for s in payload["segments"]}
    assert sorted(int(i) for i in texts) == article["new"]
    assert all(set(s) == {"id", "text"} for s in payload["segments"])
    assert payload["title"].startswith("هيئة تحرير الشام")
    assert "authorization" not in request["headers"]  # a local server needs no key


def test_show_json_gives_each_segment_its_origin(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    shown = json.loads(run(db_path, "show", str(article["id"]), "--json").stdout)
    origins = {s["id"]: s["origin"] for s in shown["segments"]}
    assert all(origins[n]["engine"] == "openai" for n in article["new"])
    assert all(origins[n] is None for n in article["human"])


def test_only_the_named_segments(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    first, second = article["new"][1], article["new"][2]
    out = report(run(db_path, *openai_args(chat, article, glossary, f"{first}-{second}", "--json")))
    assert out["filled"] == [first, second]
    after = segments(db_path, article)
    assert [n for n in article["new"] if after[n]["target"]] == [first, second]


# ---- the glossary is binding ------------------------------------------------------------------


def test_an_engine_that_ignores_the_glossary_is_masked_into_house_style(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.glossary = "ignore"
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["terms"] == {"required": 11, "kept": 0, "repaired": 0, "masked": 11}
    # translate, then one repair request, then one masked request
    assert out["requests"] == 3
    kinds = [json.loads(r["body"]["messages"][-1]["content"]) for r in chat.chat_requests]
    assert "fix" in kinds[1] and "<t1/>" in kinds[2]["segments"][0]["text"]
    repair = kinds[1]["fix"]
    assert {"id", "draft", "use", "avoid"} <= set(repair[0])
    assert house_style_problems(db_path, article, glossary) == []
    after = segments(db_path, article)
    twice = after[article["by_source"][S_TWICE]]["target"]
    assert twice.count("regime forces") == 2 and "government forces" not in twice
    assert "Türkiye" in after[article["by_source"][S_TURKIYE]]["target"]


def test_a_targeted_repair_is_counted_as_repaired(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.glossary = "repair"
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["terms"] == {"required": 11, "kept": 0, "repaired": 11, "masked": 0}
    assert out["requests"] == 2
    assert house_style_problems(db_path, article, glossary) == []
    # The repair names only what is missing, for the segments that need it.
    fix = json.loads(chat.chat_requests[1]["body"]["messages"][-1]["content"])["fix"]
    turkiye = next(f for f in fix if f["id"] == str(article["by_source"][S_TURKIYE]))
    assert turkiye["use"] == ["Türkiye"] and turkiye["avoid"] == ["Turkey"]


def test_a_draft_that_cannot_be_put_in_house_style_is_not_saved(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.glossary = "ignore"
    chat.brain.vague = True
    chat.brain.drop_placeholders = True
    before = snapshot(db_path)
    r = run(db_path, *openai_args(chat, article, glossary, "--json"))
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["filled"] == []
    assert [f["segment"] for f in out["failed"]] == article["new"]
    assert all(f["reason"].startswith("glossary: ") for f in out["failed"])
    turkiye = article["by_source"][S_TURKIYE]
    assert next(f["reason"] for f in out["failed"] if f["segment"] == turkiye) == (
        "glossary: missing 'Türkiye'; the engine did not keep the placeholders of the glossary "
        "terms"
    )
    assert out["terms"]["required"] == 11 and out["terms"]["masked"] == 0
    assert snapshot(db_path) == before
    assert run(db_path, *openai_args(chat, article, glossary)).stderr.startswith(
        f"Segment {article['new'][0]} not drafted: glossary: missing 'Hayat Tahrir al-Sham'"
    )


def test_a_forbidden_rendering_is_replaced_in_the_engines_draft_as_a_last_resort(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.glossary = "ignore"
    chat.brain.drop_placeholders = True
    r = run(db_path, *openai_args(chat, article, glossary, "--json"))
    out = json.loads(r.stdout)
    # Hayat Tahrir al-Sham has no forbidden rendering to replace: those two segments fail.
    hts = [
        n for n in article["new"] if "هيئة تحرير الشام" in segments(db_path, article)[n]["source"]
    ]
    assert [f["segment"] for f in out["failed"]] == hts
    assert out["filled"] == [n for n in article["new"] if n not in hts]
    assert out["terms"] == {"required": 11, "kept": 0, "repaired": 6, "masked": 0}
    after = segments(db_path, article)
    assert after[article["by_source"][S_TURKIYE]]["target"] == (
        "Confirmed Türkiye its support for the operation."
    )
    problems = house_style_problems(db_path, article, glossary)
    assert {int(p.split(":")[0]) for p in problems} == set(hts)  # only the two left empty


# ---- bad replies, retries, slow servers -------------------------------------------------------


def test_dropped_reordered_and_untranslated_ids_are_asked_again_once(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.reorder = True
    chat.brain.drop_once = {str(article["new"][0])}
    chat.brain.arabic_once = {str(article["new"][1])}
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"] and out["failed"] == []
    assert out["requests"] == 2
    again = json.loads(chat.chat_requests[1]["body"]["messages"][-1]["content"])
    assert sorted(int(s["id"]) for s in again["segments"]) == article["new"][:2]
    # Reordered answers land on the right segments.
    after = segments(db_path, article)
    assert "Türkiye its support" in after[article["by_source"][S_TURKIYE]]["target"]


def test_a_reply_still_bad_after_one_retry_is_reported(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    victim = article["new"][0]

    class Forgetful(type(chat.brain)):  # type: ignore[misc]
        def answer(self, system: str, user: str) -> str:
            self.drop_once.add(str(victim))
            return super().answer(system, user)

    forgetful = Forgetful()
    chat.brain = forgetful
    r = run(db_path, *openai_args(chat, article, glossary, "--json"))
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["failed"] == [
        {"segment": victim, "reason": "the engine left this segment out of its answer"}
    ]
    assert out["filled"] == article["new"][1:]
    assert f"Segment {victim} not drafted" not in r.stderr  # --json: the report says it


def test_429_then_500_are_survived_honouring_retry_after(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.failures = [(429, "1"), (500, None)]
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["requests"] == len(chat.requests) == 3


def test_a_server_that_never_answers_times_out_and_saves_nothing(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.hang = True
    before = snapshot(db_path)
    r = run(
        db_path,
        *openai_args(chat, article, glossary, "--json", "--timeout", "0.3"),
    )
    assert r.exit_code == 1
    # Nothing usable for any segment, for one reason: one line, not one per segment.
    assert r.stdout == ""
    assert r.stderr == (
        f"Error: openai (fake-mt) gave no usable draft for any of the {len(article['new'])} "
        f"segments sent: no answer from {chat.base_url} within 0.3 s (after 1 retry).\n"
    )
    assert chat.count == 2
    assert snapshot(db_path) == before


def test_one_failing_batch_keeps_the_drafts_of_the_others(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.failures = [(503, "0"), (503, "0")]  # the first batch's two tries
    r = run(
        db_path,
        *openai_args(
            chat,
            article,
            glossary,
            "--json",
            "--batch-size",
            "3",
            "--concurrency",
            "1",
            "--retries",
            "1",
        ),
    )
    out = json.loads(r.stdout)
    assert r.exit_code == 1
    assert [f["segment"] for f in out["failed"]] == article["new"][:3]
    assert out["filled"] == article["new"][3:]
    assert all(segments(db_path, article)[n]["target"] for n in article["new"][3:])


# ---- cost and control -------------------------------------------------------------------------


def test_dry_run_sends_nothing_and_writes_nothing(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    before = snapshot(db_path)
    r = run(db_path, *openai_args(chat, article, glossary, "--dry-run"))
    assert r.exit_code == 0, r.stderr
    assert chat.count == 0
    assert snapshot(db_path) == before
    assert re.fullmatch(
        r"Dry run, nothing sent: 7 segment\(s\) in 1 request\(s\) to openai \(fake-mt\), "
        r"\d+ characters, about \d+ tokens; 0 from the cache, 3 skipped \(already translated\)\.\n",
        r.stdout,
    )
    out = report(run(db_path, *openai_args(chat, article, glossary, "--dry-run", "--json")))
    # The documented keys say what a real run would send, the extra key adds the estimate.
    assert list(out) == [*REPORT_KEYS, "dry_run"]
    assert out["filled"] == [] and out["failed"] == [] and out["cached"] == 0
    assert out["requests"] == out["dry_run"]["requests"] == 1
    assert out["dry_run"]["segments"] == 7
    assert out["dry_run"]["characters"] == out["characters"] > 0
    assert out["dry_run"]["tokens"] > 0
    assert out["terms"]["required"] > 0 and out["terms"]["kept"] == 0
    assert chat.count == 0
    assert snapshot(db_path) == before
    real = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert real["requests"] == out["requests"] and real["characters"] == out["characters"]
    assert real["terms"]["required"] == out["terms"]["required"]


def test_a_rerun_with_overwrite_is_served_from_the_cache(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.glossary = "ignore"  # the cache keeps the verified, repaired draft
    first = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    drafts = {n: s["target"] for n, s in segments(db_path, article).items()}
    sent = chat.count
    again = report(run(db_path, *openai_args(chat, article, glossary, "--overwrite", "--json")))
    assert chat.count == sent
    assert again["requests"] == 0 and again["characters"] == 0
    assert again["cached"] == len(article["new"])
    assert again["filled"] == first["filled"]
    assert {n: s["target"] for n, s in segments(db_path, article).items()} == drafts
    # A dry run says so too.
    dry = report(
        run(db_path, *openai_args(chat, article, glossary, "--overwrite", "--dry-run", "--json"))
    )
    assert dry["cached"] == len(article["new"]) and dry["dry_run"]["requests"] == 0


def test_a_rerun_without_overwrite_has_nothing_to_fill(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    sent = chat.count
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert (out["filled"], out["skipped"], out["requests"]) == ([], 10, 0)
    assert chat.count == sent


def test_overwrite_never_touches_a_draft_the_translator_edited(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    edited, confirmed = article["new"][0], article["new"][1]
    assert run(db_path, "set", str(article["id"]), str(edited), "My own words.").exit_code == 0
    assert (
        run(db_path, "status", str(article["id"]), str(confirmed), "--to", "translated").exit_code
        == 0
    )
    chat.brain.glossary = "repair"  # a different engine answer would show if anything changed
    before = segments(db_path, article)
    out = report(run(db_path, *openai_args(chat, article, glossary, "--overwrite", "--json")))
    assert edited not in out["filled"] and confirmed not in out["filled"]
    after = segments(db_path, article)
    for number in (edited, confirmed, *article["human"]):
        assert after[number] == before[number]
    assert after[edited]["target"] == "My own words."


def test_max_chars_stops_before_the_budget(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    r = run(
        db_path,
        *openai_args(chat, article, glossary, "--json", "--batch-size", "2", "--max-chars", "100"),
    )
    out = json.loads(r.stdout)
    assert r.exit_code == 1
    assert 0 < out["characters"] <= 100
    assert out["requests"] == len(chat.requests) < 4
    assert all("--max-chars budget" in f["reason"] for f in out["failed"])
    assert len(out["filled"]) + len(out["failed"]) == len(article["new"])


def test_translation_memory_matches_count_as_targets(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    from helpers import save_article

    with Store(db_path) as store:
        store.update_segment(
            article["id"],
            article["by_source"][S_TURKIYE],
            target="Türkiye confirmed its support for the operation.",
            status="translated",
        )
        second, numbers = save_article(
            store, S_DENIED, [("paragraph", [S_TURKIYE])], "https://www.syria.tv/other"
        )
    out = report(
        run(
            db_path,
            "pretranslate",
            str(second),
            "--engine",
            "openai",
            "--base-url",
            chat.base_url,
            "--model",
            "fake-mt",
            "--glossary",
            str(glossary),
            "--json",
        )
    )
    assert out["filled"] == [numbers[0]] and out["skipped"] == 1
    shown = json.loads(run(db_path, "show", str(second), "--json").stdout)["segments"]
    assert shown[1]["target"] == "Türkiye confirmed its support for the operation."
    assert shown[1]["origin"]["tm"] == "memory"


def test_check_notes_machine_drafts_until_confirmed(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    r = run(db_path, "check", str(article["id"]), "--json", "--glossary", str(glossary))
    notes = [i for i in json.loads(r.stdout)["issues"] if i["check"] == "machine"]
    assert [i["segment"] for i in notes] == article["new"]
    assert all(i["severity"] == "note" for i in notes)
    assert "openai fake-mt" in notes[0]["message"]
    first = article["new"][0]
    assert (
        run(db_path, "status", str(article["id"]), str(first), "--to", "translated").exit_code == 0
    )
    r = run(db_path, "check", str(article["id"]), "--json", "--glossary", str(glossary))
    notes = [i for i in json.loads(r.stdout)["issues"] if i["check"] == "machine"]
    assert [i["segment"] for i in notes] == article["new"][1:]


# ---- DeepL ------------------------------------------------------------------------------------


def test_deepl_with_an_arabic_glossary_keeps_every_term(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["terms"] == {"required": 11, "kept": 11, "repaired": 0, "masked": 0}
    paths = [r["path"] for r in deepl.requests]
    assert paths == ["/v2/glossary-language-pairs", "/v3/glossaries", "/v2/translate"]
    assert out["requests"] == 3
    (created,) = deepl.glossaries.values()
    assert created["تركيا"] == "Türkiye"
    translate = deepl.requests[-1]["body"]
    assert (translate["source_lang"], translate["target_lang"]) == ("AR", "EN-US")
    assert translate["glossary_id"] in deepl.glossaries
    assert S_TURKIYE in translate["context"]  # the article travels as context
    assert house_style_problems(db_path, article, glossary) == []


def test_deepl_reuses_its_glossary_id_on_the_next_run(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    with Store(db_path) as store:
        store.update_segment(article["id"], article["new"][0], target=None, status="new")
        store.db.execute("delete from mt_cache")
    deepl.requests.clear()
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert out["filled"] == [article["new"][0]]
    assert [r["path"] for r in deepl.requests] == ["/v2/translate"]


def test_deepl_without_arabic_glossaries_is_masked_into_house_style(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    deepl.arabic_glossaries = False
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["terms"] == {"required": 11, "kept": 0, "repaired": 0, "masked": 11}
    paths = [r["path"] for r in deepl.requests]
    # No glossary to make, no repair request (DeepL takes none): straight to masking.
    assert paths == ["/v2/glossary-language-pairs", "/v2/translate", "/v2/translate"]
    masked = deepl.requests[-1]["body"]
    assert masked["tag_handling"] == "xml" and "<t1/>" in masked["text"][0]
    assert house_style_problems(db_path, article, glossary) == []


def test_deepl_429_is_survived(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    deepl.failures = [(429, "0"), (429, "0")]
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["requests"] == len(deepl.requests) == 5


def test_deepl_cache_rerun_sends_nothing(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    deepl.arabic_glossaries = False
    report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    sent = deepl.count
    again = report(run(db_path, *deepl_args(deepl, article, glossary, "--overwrite", "--json")))
    assert (again["requests"], again["cached"], deepl.count) == (0, len(article["new"]), sent)


def test_the_review_screen_marks_a_machine_draft_and_confirming_makes_it_yours(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    import asyncio

    from translate_cli.pretranslate import is_machine_draft
    from translate_cli.review.app import ReviewApp
    from translate_cli.review.session import ReviewSession

    report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    first = article["new"][0]
    seen: list[str] = []

    async def main(store: Store) -> None:
        app = ReviewApp(ReviewSession(store, article["id"], start=first))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            bar = app.review.query_one("#bar")
            seen.append(bar.content.plain)  # type: ignore[attr-defined]
            await pilot.press("ctrl+s")
            await pilot.pause()

    with Store(db_path) as store:
        asyncio.run(main(store))
        seg = store.segment(article["id"], first)
    assert "machine draft (openai fake-mt): confirm to make it yours" in seen[0]
    assert seg["status"] == "translated" and not is_machine_draft(seg)


# ---- the binding's edge cases, on the core functions ------------------------------------------


def test_a_rendering_counts_once_per_occurrence_and_may_open_a_sentence() -> None:
    from translate_cli.engines import TermPair
    from translate_cli.pretranslate import _Need, check_draft

    regime = TermPair("قوات النظام", "regime forces", ("government forces",))
    twice = [_Need(regime, 2)]
    assert check_draft(twice, "Regime forces shelled; regime forces withdrew.").ok
    once = check_draft(twice, "Regime forces shelled; they withdrew.")
    assert once.missing == (regime,)
    bad = check_draft([_Need(regime, 1)], "Regime forces and Government Forces' allies")
    assert bad.forbidden == ("government forces",) and bad.failing == {"قوات النظام"}
    # "regime forces" inside a longer word does not count.
    assert not check_draft([_Need(regime, 1)], "the regime forcesX").ok


def test_a_forbidden_rendering_that_is_another_terms_house_rendering_is_allowed() -> None:
    from translate_cli.engines import TermPair
    from translate_cli.pretranslate import _Need, check_draft

    regime = TermPair("النظام السوري", "Syrian regime", ("Syrian government",))
    government = TermPair("الحكومة السورية", "Syrian government")
    needs = [_Need(regime, 1), _Need(government, 1)]
    assert check_draft(needs, "The Syrian regime fell; the Syrian government took over.").ok
    assert not check_draft(needs[:1], "The Syrian government fell.").ok


def test_masking_carries_glued_proclitics_and_puts_renderings_back(tmp_path: Path) -> None:
    from translate_cli.engines import Item
    from translate_cli.glossary import load_glossary
    from translate_cli.pretranslate import _mask, _unmask, _Work

    gloss = load_glossary(write_glossary(tmp_path))
    source = "وأكدت لتركيا وبحلب أن قوات النظام انسحبت."
    hits = gloss.find(source)
    work = _Work({}, Item("1", source), [], hits, "", [], [])
    masked, back = _mask(work)
    assert masked == "وأكدت for <t1/> and in <t2/> أن <t3/> انسحبت."
    assert back == {1: "Türkiye", 2: "Aleppo", 3: "regime forces"}
    answer = "<t3 /> withdrew, confirmed for <T1/> and in <t2/>."
    assert _unmask(answer, back) == "Regime forces withdrew, confirmed for Türkiye and in Aleppo."
    assert _unmask("<t1/> and <t2/>", back) is None  # one left out
    assert _unmask("<t1/> <t1/> <t2/> <t3/>", back) is None  # one doubled


def test_deepl_without_v3_glossaries_makes_a_v2_one(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    deepl.v3 = False
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert [r["path"] for r in deepl.requests] == [
        "/v2/glossary-language-pairs",
        "/v3/glossaries",
        "/v2/glossaries",
        "/v2/translate",
    ]
    assert deepl.requests[2]["body"]["source_lang"].lower() == "ar"
    assert out["terms"]["kept"] == out["terms"]["required"] == 11


def test_deepl_makes_a_deleted_glossary_again(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    deepl.glossaries.clear()  # deleted in the DeepL account since
    with Store(db_path) as store:
        store.db.execute("delete from mt_cache")
    deepl.requests.clear()
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--overwrite", "--json")))
    assert [r["path"] for r in deepl.requests] == [
        "/v2/translate",
        "/v2/glossary-language-pairs",
        "/v3/glossaries",
        "/v2/translate",
    ]
    assert out["terms"]["kept"] == 11 and out["requests"] == 4


def test_deepl_server_without_glossaries_still_drafts_in_house_style(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    original = deepl.route

    def no_glossaries(method: str, path: str, record: dict[str, Any]) -> tuple[int, Any]:
        if "glossar" in path:
            return 404, {"message": "Not found"}
        return original(method, path, record)

    deepl.route = no_glossaries  # type: ignore[method-assign]
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["terms"]["masked"] == 11
    assert house_style_problems(db_path, article, glossary) == []


# ---- held-out check (V9): what an adversarial engine did that got through ---------------------


def test_a_name_is_in_house_style_only_with_the_houses_capitals() -> None:
    from translate_cli.engines import TermPair
    from translate_cli.pretranslate import _Need, _substitute, check_draft

    sharaa = [_Need(TermPair("أحمد الشرع", "Ahmed al-Sharaa"), 1)]
    jolani = [_Need(TermPair("الجولاني", "al-Jolani"), 1)]
    regime = [_Need(TermPair("قوات النظام", "regime forces", ("government forces",)), 1)]
    assert not check_draft(sharaa, "Witnesses said ahmed al-Sharaa spoke.").ok
    assert check_draft(sharaa, "Witnesses said Ahmed al-Sharaa spoke.").ok
    # A lower-case rendering is capitalised where it opens a sentence, and only there.
    assert not check_draft(jolani, "He was known as Al-Jolani until 2024.").ok
    assert check_draft(jolani, 'He spoke. Al-Jolani, he said, "al-Jolani" no more.').ok
    assert check_draft(jolani, '"Al-Jolani was here," she said.').ok
    assert not check_draft(regime, "Residents said Regime forces withdrew.").ok
    # The last-resort substitution follows the same rule.
    assert _substitute(regime, "Government forces withdrew.") == "Regime forces withdrew."
    assert _substitute(regime, "They said Government forces withdrew.") == (
        "They said regime forces withdrew."
    )


def test_an_engine_that_flips_the_case_of_names_is_masked_into_house_style(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.flip_case = True  # "hayat Tahrir al-Sham", "türkiye", "Regime forces"
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"] and out["failed"] == []
    assert out["terms"]["masked"] > 0
    assert out["terms"]["kept"] + out["terms"]["masked"] == out["terms"]["required"]
    assert house_style_problems(db_path, article, glossary) == []
    drafts = segments(db_path, article)
    assert all("hayat" not in (drafts[i]["target"] or "") for i in article["new"])


def test_a_forbidden_rendering_that_is_another_terms_house_rendering_counts_once_per_use() -> None:
    from translate_cli.engines import TermPair
    from translate_cli.pretranslate import _Need, check_draft

    regime = TermPair("النظام السوري", "Syrian regime", ("Syrian government",))
    government = TermPair("الحكومة السورية", "Syrian government")
    needs = [_Need(government, 1), _Need(regime, 1)]
    ok = "The Syrian government and the former Syrian regime differ."
    assert check_draft(needs, ok).ok
    # The second "Syrian government" is the forbidden rendering of the regime.
    doubled = "The Syrian government and the Syrian regime, once the Syrian government, differ."
    assert check_draft(needs, doubled).forbidden == ("Syrian government",)


@pytest.mark.parametrize(
    "answer",
    [
        "<t3> withdrew, confirmed for [t1] and in {t2}.",
        "<T3 /> withdrew, confirmed for <t1></t1> and in [[t2]].",
        "<t3>government forces</t3> withdrew, confirmed for < t1 > and in {{t2}}.",
    ],
)
def test_placeholders_echoed_in_another_form_are_read(answer: str) -> None:
    from translate_cli.pretranslate import _unmask

    back = {1: "Türkiye", 2: "Aleppo", 3: "regime forces"}
    assert _unmask(answer, back) == "Regime forces withdrew, confirmed for Türkiye and in Aleppo."


def test_placeholders_doubled_lost_or_renamed_in_another_form_are_refused() -> None:
    from translate_cli.pretranslate import _unmask

    back = {1: "Türkiye", 2: "Aleppo"}
    assert _unmask("[t1] and [t1] in <t2>", back) is None
    assert _unmask("[t1] and Aleppo", back) is None
    assert _unmask("[t1] and <t3/>", back) is None
    # A tag wrapped round a long stretch is the tag twice, not one term.
    long = "<t1>" + "word " * 30 + "</t1> in <t2/>"
    assert _unmask(long, back) is None


@pytest.mark.parametrize("form", ["<t{}>", "[t{}]", "<T{} />", "{{t{}}}"])
def test_an_engine_that_echoes_placeholders_in_another_form_is_still_drafted(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer, form: str
) -> None:
    chat.brain.glossary = "ignore"
    chat.brain.placeholder_form = form
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"] and out["failed"] == []
    assert out["terms"]["masked"] == out["terms"]["required"] > 0
    assert house_style_problems(db_path, article, glossary) == []


def test_model_replies_in_other_shapes_are_read() -> None:
    from translate_cli.engines.chat import parse_reply

    rows = '[{"id": 1, "text": "One."}, {"id": "2", "text": "Two."}]'
    want = {"1": "One.", "2": "Two."}
    assert parse_reply('{"translations": {"1": "One.", "2": {"text": "Two."}}}') == want
    assert parse_reply(rows) == want
    assert parse_reply(f'Sure [1]! Here:\n```json\n{{"translations": {rows}}}\n```\nBye.') == want
    # One id answered twice with different texts: the first kept, marked to be asked again.
    clash = parse_reply('{"translations": [{"id": 1, "text": "One."}, {"id": 1, "text": "Uno."}]}')
    assert clash == {"1": "One."} and clash.ambiguous == {"1"}
    same = parse_reply('{"translations": [{"id": 1, "text": "One."}, {"id": 1, "text": "One. "}]}')
    assert same == {"1": "One."} and same.ambiguous == set()


@pytest.mark.parametrize("shape", ["object", "bare", "chatty"])
def test_an_engine_answering_in_another_shape_is_drafted_in_one_request(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer, shape: str
) -> None:
    if shape == "chatty":
        chat.brain.chatty = True
    else:
        chat.brain.shape = shape
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"] and out["requests"] == 1


def test_an_engine_that_answers_only_prose_is_one_line_and_changes_nothing(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.prose = True
    before = snapshot(db_path)
    r = run(db_path, *openai_args(chat, article, glossary, "--json"))
    assert r.exit_code == 1 and r.stdout == ""
    assert r.stderr == (
        f"Error: openai (fake-mt) gave no usable draft for any of the {len(article['new'])} "
        "segments sent: the model did not answer with a JSON object.\n"
    )
    assert chat.count == 2  # asked, asked again once
    assert snapshot(db_path) == before


def test_some_segments_failing_are_still_reported_one_by_one(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.glossary = "ignore"
    chat.brain.drop_placeholders = True  # every segment with a term fails; the others do not
    r = run(db_path, *openai_args(chat, article, glossary, "--json"))
    assert r.exit_code == 1
    out = json.loads(r.stdout)
    assert out["failed"] and all(f["reason"].startswith("glossary: ") for f in out["failed"])


def test_deepl_honours_retry_after(deepl: DeepLServer) -> None:
    from translate_cli.engines import Batch, EngineSettings, Item, RetryableError, make_engine

    deepl.failures = [(429, "7"), (503, "2")]
    engine = make_engine("deepl", EngineSettings(base_url=deepl.url()))
    batch = Batch(items=[Item("1", "وأكدت تركيا دعمها للعملية.")])
    waits = []
    for _ in range(2):
        with pytest.raises(RetryableError) as caught:
            engine.translate(batch)
        waits.append(caught.value.retry_after)
    assert waits == [7.0, 2.0]
    assert engine.translate(batch) == {"1": "Confirmed Turkey its support for the operation."}
    engine.close()


def test_deepl_glossary_answers_it_cannot_read_cost_the_glossary_not_the_run(
    db_path: Path, article: dict[str, Any], glossary: Path, deepl: DeepLServer
) -> None:
    original = deepl.route

    def unreadable_glossaries(method: str, path: str, record: dict[str, Any]) -> tuple[int, Any]:
        if path.endswith("/glossaries"):
            return 201, {"glossary": "made"}  # no id, no languages: not DeepL's answer
        return original(method, path, record)

    deepl.route = unreadable_glossaries  # type: ignore[method-assign]
    out = report(run(db_path, *deepl_args(deepl, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["terms"]["masked"] == out["terms"]["required"] > 0
    assert house_style_problems(db_path, article, glossary) == []
    with Store(db_path) as store:
        assert store.query("select * from mt_resources") == []


def test_deepl_unreachable_is_one_short_line(
    db_path: Path, article: dict[str, Any], glossary: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setenv("DEEPL_AUTH_KEY", DeepLServer.KEY)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    before = snapshot(db_path)
    r = run(
        db_path,
        *("pretranslate", str(article["id"]), "--engine", "deepl", "--base-url", url),
        *("--glossary", str(glossary)),
    )
    assert r.exit_code == 1
    assert r.stderr == (
        f"Error: Cannot reach DeepL at {url} (connection refused): check the network and "
        "--base-url.\n"
    )
    assert snapshot(db_path) == before


def test_an_id_answered_twice_is_asked_again_and_an_extra_id_ignored(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    chat.brain.duplicate_first = chat.brain.extra_id = True
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"] and out["requests"] == 2
    asked_again = chat.brain.calls[1]["user"]["segments"]
    assert [s["id"] for s in asked_again] == [str(article["new"][0])]
    drafts = segments(db_path, article)
    assert all(drafts[i]["target"] != "Something else entirely." for i in article["new"])


def test_drafts_are_saved_without_escapes_controls_or_invisible_characters(
    db_path: Path, article: dict[str, Any], glossary: Path, chat: ChatServer
) -> None:
    import unicodedata

    def hostile(text: str) -> str:
        # Decomposed ü, a terminal escape, a right-to-left override, a zero-width space.
        text = unicodedata.normalize("NFD", text)
        return "\x1b[31m\u202e" + text.replace(" ", " \u200b", 1) + "\x07\x1b[0m"

    chat.brain.decorate = hostile
    out = report(run(db_path, *openai_args(chat, article, glossary, "--json")))
    assert out["filled"] == article["new"]
    assert out["terms"]["kept"] == out["terms"]["required"]  # "Türkiye" composed, then found
    drafts = segments(db_path, article)
    for i in article["new"]:
        target = drafts[i]["target"]
        assert target == unicodedata.normalize("NFC", target)
        assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in target), repr(target)
        assert "[31m" not in target and "  " not in target
