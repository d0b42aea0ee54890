"""Translation memory: earlier translations reused as exact drafts and fuzzy suggestions.

Memory is every translated, reviewed or approved segment in the database plus the units
imported from TMX files. Lookups go through ``tm_index`` (one row per unit, keyed by segment
id, or minus the imported unit's id, holding the normalised source): exact matches through its
B-tree index, fuzzy candidates through its FTS5 trigram index ``tm_fts``. A fuzzy lookup reads
the postings of a few of the query's rare trigrams only (the rarest of each word first;
document frequencies kept in ``tm_grams``) within a fixed budget, ranks units by how many of
them they share, and lets rapidfuzz score the best few: its cost hardly grows with the memory.

Triggers queue every changed segment or unit in ``tm_dirty``; each lookup first drains the
queue, so any writer keeps the memory current without knowing about it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from translate_cli.status import CONFIRMED, DONE_STATUSES, rank
from translate_cli.store import Store, now_iso
from translate_cli.text.arabic import ARABIC_LETTER
from translate_cli.text.normalize import match_key

if TYPE_CHECKING:
    from sqlite_utils import Database

# Bumped when the index layout or the way it is derived from normalize() changes.
INDEX_VERSION = "1"
DEFAULT_THRESHOLD = 75
# Fuzzy candidates are the memory units sharing most of the query's chosen trigrams. We read
# the postings of at most MAX_TERMS trigrams, no more than POSTINGS_BUDGET postings in all once
# MIN_TERMS are chosen, and never a trigram in more than MAX_DF units: so a lookup costs about
# the same at 10k units as at 1M. rapidfuzz then scores the best CANDIDATES.
MAX_TERMS = 24
MIN_TERMS = 4
POSTINGS_BUDGET = 10_000
MAX_DF = 25_000
CANDIDATES = 150
_CHUNK = 500
# Text that exercises every rule normalize() may apply, to notice when those rules change.
_PROBE = "إِنَّ أحمدَ آلـــى ٱلمدينة ؤ ئ ة ى ١٢٣ ۴۵ ABC  x\u200fy \u0640 «ق»؟"


@dataclass(frozen=True)
class ImportResult:
    added: int
    skipped: int


# ---- normalisation ---------------------------------------------------------------------------


# The form memory matches on is the project's one matching form (diacritics, alef forms,
# digits, case…, one space between words); the index fingerprint follows it.
norm = match_key


def _grams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _fingerprint() -> str:
    digest = hashlib.sha256(f"{INDEX_VERSION}\0{norm(_PROBE)}".encode())
    return digest.hexdigest()[:16]


# ---- keeping the index current ---------------------------------------------------------------


def sync(store: Store) -> None:
    """Bring ``tm_index`` up to date with segments and imported units (cheap when it is)."""
    fingerprint = _fingerprint()
    meta = store.query("select value from tm_meta where key = 'fingerprint'")
    if not meta or meta[0]["value"] != fingerprint:
        rebuild_index(store)
        return
    if not store.query("select 1 from tm_dirty limit 1"):
        return
    with store.write() as db:
        # Read the queue inside the lock: another process may have drained it meanwhile.
        while True:
            keys = [r[0] for r in db.execute(f"select id from tm_dirty limit {_CHUNK}")]
            if not keys:
                break
            _reindex(db, keys)
            marks = ",".join("?" * len(keys))
            db.execute(f"delete from tm_dirty where id in ({marks})", keys)


def _memory_rows(db: Database, keys: Sequence[int]) -> dict[int, str]:
    """Normalised sources of the keys that are memory now (done segments, imported units)."""
    seg_ids = [k for k in keys if k > 0]
    unit_ids = [-k for k in keys if k < 0]
    found: dict[int, str] = {}
    done = ",".join(f"'{s}'" for s in DONE_STATUSES)
    if seg_ids:
        marks = ",".join("?" * len(seg_ids))
        for sid, source in db.execute(
            f"select id, source from segments where id in ({marks}) and status in ({done}) "
            "and trim(coalesce(target, '')) != ''",
            seg_ids,
        ):
            found[sid] = norm(source)
    if unit_ids:
        marks = ",".join("?" * len(unit_ids))
        for uid, source in db.execute(
            f"select id, source from tm_units where id in ({marks})", unit_ids
        ):
            found[-uid] = norm(source)
    return found


def _reindex(db: Database, keys: Sequence[int]) -> None:
    marks = ",".join("?" * len(keys))
    old = dict(db.execute(f"select id, norm from tm_index where id in ({marks})", keys).fetchall())
    new = _memory_rows(db, keys)
    gone: Counter[str] = Counter()
    added: Counter[str] = Counter()
    for key in keys:
        before, after = old.get(key), new.get(key)
        if before == after:
            continue
        if before is not None:
            db.execute(
                "insert into tm_fts (tm_fts, rowid, norm) values ('delete', ?, ?)", [key, before]
            )
            db.execute("delete from tm_index where id = ?", [key])
            gone.update(_grams(before))
        if after is not None:
            db.execute("insert into tm_index (id, norm) values (?, ?)", [key, after])
            db.execute("insert into tm_fts (rowid, norm) values (?, ?)", [key, after])
            added.update(_grams(after))
    delta = added
    delta.subtract(gone)
    _apply_gram_delta(db, delta)


def _apply_gram_delta(db: Database, delta: Counter[str]) -> None:
    changes = [(g, n) for g, n in delta.items() if n]
    if not changes:
        return
    db.conn.executemany(
        "insert into tm_grams (gram, df) values (?, ?) "
        "on conflict (gram) do update set df = df + excluded.df",
        changes,
    )
    if any(n < 0 for _, n in changes):
        db.execute("delete from tm_grams where df <= 0")


def rebuild_index(store: Store) -> int:
    """Recompute the whole index from segments and units; returns the number of memory units.

    Runs by itself when normalize() changes; bulk loads use it instead of one-by-one syncing.
    """
    done = ",".join(f"'{s}'" for s in DONE_STATUSES)
    with store.write() as db:
        db.execute("delete from tm_dirty")
        db.execute("delete from tm_index")
        db.execute("delete from tm_grams")
        rows = db.execute(
            f"select id, source from segments where status in ({done}) "
            "and trim(coalesce(target, '')) != '' "
            "union all select -id, source from tm_units"
        )
        total = 0
        while batch := rows.fetchmany(5000):
            entries = [(key, norm(source)) for key, source in batch]
            db.conn.executemany("insert into tm_index (id, norm) values (?, ?)", entries)
            total += len(entries)
        db.execute("insert into tm_fts (tm_fts) values ('rebuild')")
        # Document frequencies straight from the new index: one pass in C, not one per unit.
        db.execute(
            "create virtual table if not exists temp.tm_vocab using fts5vocab(main, tm_fts, row)"
        )
        db.execute("insert into tm_grams (gram, df) select term, doc from temp.tm_vocab")
        db.execute(
            "insert or replace into tm_meta (key, value) values ('fingerprint', ?)",
            [_fingerprint()],
        )
    return total


# ---- looking up ------------------------------------------------------------------------------


def _fts_phrase(gram: str) -> str:
    return '"' + gram.replace('"', '""') + '"'


def _candidate_keys(store: Store, q: str) -> list[int]:
    """Index keys of the memory units most likely to be fuzzy matches of ``q``."""
    grams = sorted(_grams(q))
    if not grams:
        return []
    marks = ",".join("?" * len(grams))
    df = {
        r["gram"]: r["df"]
        for r in store.query(f"select gram, df from tm_grams where gram in ({marks})", grams)
    }
    usable = {g for g in df if df[g] <= MAX_DF}
    # Numbers are what near-duplicates most often differ in, and their trigrams are rare,
    # so they would crowd out the trigrams that find the sentence around them.
    usable = {g for g in usable if not any(ch.isdigit() for ch in g)} or usable
    # The rarest trigrams overall tend to sit in the one word a near-duplicate changed, so take
    # the rarest trigram of each word first, then the rest by rarity.
    per_word = {
        min(inside, key=lambda g: (df[g], g))
        for word in q.split()
        if (inside := _grams(word) & usable)
    }
    terms = sorted(per_word, key=lambda g: (df[g], g))
    terms += sorted(usable - per_word, key=lambda g: (df[g], g))
    chosen: list[str] = []
    postings = 0
    for gram in terms:
        if len(chosen) >= MAX_TERMS:
            break
        if len(chosen) >= MIN_TERMS and postings + df[gram] > POSTINGS_BUDGET:
            continue  # too common for what is left of the budget; a rarer one may still fit
        chosen.append(gram)
        postings += df[gram]
    if not chosen:
        return []
    # Units ranked by how many of the chosen trigrams they share, counted inside SQLite.
    union = " union all ".join(
        "select rowid as id from tm_fts where tm_fts match ?" for _ in chosen
    )
    rows = store.db.execute(
        f"select id from ({union}) group by id order by count(*) desc, id desc limit {CANDIDATES}",
        ["norm : " + _fts_phrase(gram) for gram in chosen],
    )
    return [r[0] for r in rows]


def _describe(keys: Iterable[int], store: Store) -> dict[int, dict[str, Any]]:
    """Source, target and provenance of index keys."""
    keys = list(keys)
    out: dict[int, dict[str, Any]] = {}
    seg_ids = [k for k in keys if k > 0]
    unit_ids = [-k for k in keys if k < 0]
    if seg_ids:
        marks = ",".join("?" * len(seg_ids))
        for r in store.query(
            "select id, num, article_id, source, target, status, updated_at from segments "
            f"where id in ({marks})",
            seg_ids,
        ):
            out[r["id"]] = {
                "source": r["source"],
                "target": r["target"],
                "article": r["article_id"],
                "segment": r["num"],
                "unit": None,
                "rank": max(rank(r["status"]) - rank(CONFIRMED) + 1, 0),
                "when": r["updated_at"] or "",
            }
    if unit_ids:
        marks = ",".join("?" * len(unit_ids))
        for r in store.query(
            f"select id, source, target, imported_at from tm_units where id in ({marks})",
            unit_ids,
        ):
            out[-r["id"]] = {
                "source": r["source"],
                "target": r["target"],
                "article": None,
                "segment": None,
                "unit": r["id"],
                "rank": 0,
                "when": r["imported_at"] or "",
            }
    return out


def suggestions(
    store: Store,
    source: str,
    *,
    exclude_segment: int | None = None,
    threshold: int = DEFAULT_THRESHOLD,
    limit: int = 5,
) -> list[dict[str, Any]]:
    """Memory units whose source is like ``source``, best first.

    Each is ``{"source", "target", "score", "article", "segment", "unit", "diff"}``: score 0-100
    on the normalised sources, ``article``/``segment`` None for imported TMX units (``unit`` is
    theirs), and ``diff`` a short note of where ``source`` differs from the earlier source.
    ``exclude_segment`` is a segment's global key (``seg["pk"]``), so it never suggests itself.
    """
    from rapidfuzz import fuzz

    sync(store)
    q = norm(source)
    if not q or limit <= 0:
        return []
    exact = [
        r["id"]
        for r in store.query(
            f"select id from tm_index where norm = ? order by id desc limit {CANDIDATES}", [q]
        )
    ]
    keys = list(dict.fromkeys([*exact, *(_candidate_keys(store, q) if len(q) >= 3 else [])]))
    if exclude_segment is not None:
        keys = [k for k in keys if k != exclude_segment]
    if not keys:
        return []
    marks = ",".join("?" * len(keys))
    norms = dict(
        store.db.execute(f"select id, norm from tm_index where id in ({marks})", keys).fetchall()
    )
    scored: list[tuple[int, int]] = []
    for key, text in norms.items():
        score = 100 if text == q else min(99, round(fuzz.ratio(q, text)))
        if score >= threshold:
            scored.append((score, key))
    info = _describe((k for _, k in scored), store)
    scored = [(s, k) for s, k in scored if k in info and (info[k]["target"] or "").strip()]
    scored.sort(key=lambda sk: (-sk[0], -info[sk[1]]["rank"], _neg(info[sk[1]]["when"]), sk[1]))
    out: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for score, key in scored:
        item = info[key]
        pair = (norms[key], item["target"].strip())
        if pair in seen:  # the same translation of the same sentence, found again elsewhere
            continue
        seen.add(pair)
        out.append(
            {
                "source": item["source"],
                "target": item["target"],
                "score": score,
                "article": item["article"],
                "segment": item["segment"],
                "unit": item["unit"],
                "diff": "" if score == 100 else source_diff(item["source"], source),
            }
        )
        if len(out) >= limit:
            break
    return out


def _neg(stamp: str) -> tuple[int, ...]:
    # Sort newest first within equal scores: invert the code points of the ISO timestamp.
    return tuple(-ord(c) for c in stamp)


def source_diff(old: str, new: str) -> str:
    """Where ``new`` differs from ``old``, word by word: ``"5 → 7; +أمس; −مساء"``."""
    import difflib

    old_words, new_words = old.split(), new.split()
    matcher = difflib.SequenceMatcher(
        a=[_word_key(w) for w in old_words],
        b=[_word_key(w) for w in new_words],
        autojunk=False,
    )
    parts: list[str] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        was, now = " ".join(old_words[a0:a1]), " ".join(new_words[b0:b1])
        if op == "replace":
            parts.append(f"{was} → {now}")
        elif op == "insert":
            parts.append(f"+{now}")
        elif op == "delete":
            parts.append(f"−{was}")
    text = "; ".join(parts)
    return text if len(text) <= 160 else text[:159] + "…"


_PUNCT = ".,:;!?()[]{}«»\"'“”‘’،؛؟…-–—"


def _word_key(word: str) -> str:
    # Punctuation glued to a word is not a difference worth showing.
    return norm(word).strip(_PUNCT) or word


def exact_match(
    store: Store, source: str, *, exclude_segment: int | None = None
) -> dict[str, Any] | None:
    """The best earlier translation of exactly this normalised source, or None."""
    sync(store)
    return _exact(store, norm(source), exclude_segment)


def _exact(store: Store, q: str, exclude_segment: int | None) -> dict[str, Any] | None:
    if not q:
        return None
    # A sentence repeated in thousands of articles: the newest few hundred copies are plenty.
    keys = [
        r["id"]
        for r in store.query(
            "select id from tm_index where norm = ? order by id desc limit 500", [q]
        )
    ]
    keys = [k for k in keys if k != exclude_segment]
    info = _describe(keys, store)
    best = [
        (k, v) for k, v in info.items() if (v["target"] or "").strip()
    ]  # units never lack a target; a segment might have lost it since the last sync
    if not best:
        return None
    # Reviewed work beats raw translation; between equals the newest wins; TMX units last.
    best.sort(key=lambda kv: (-(kv[0] > 0), -kv[1]["rank"], _neg(kv[1]["when"]), kv[0]))
    return best[0][1]


# ---- filling segments from memory ------------------------------------------------------------


def pretranslate(
    store: Store, article_id: int, segment_ids: Iterable[int] | None = None
) -> list[int]:
    """Fill new, untranslated segments from exact memory matches, as drafts; returns their ids.

    Each fill is one history row (action ``"tm"``) and records its origin as JSON:
    ``{"tm": "memory"|"tmx", "article", "segment", "unit", "score": 100}``. A re-fetch's
    ``new``/``changed`` flag stays, since nobody has confirmed the draft yet.
    """
    sync(store)
    wanted = None if segment_ids is None else set(segment_ids)
    filled: list[int] = []
    with store.write():
        for seg in store.segments(article_id):
            if wanted is not None and seg["id"] not in wanted:
                continue
            if seg["status"] != "new" or (seg["target"] or "").strip():
                continue
            match = _exact(store, norm(seg["source"]), seg["pk"])
            if match is None:
                continue
            origin = {
                "tm": "memory" if match["segment"] is not None else "tmx",
                "article": match["article"],
                "segment": match["segment"],
                "unit": match["unit"],
                "score": 100,
            }
            _fill(store, seg, match["target"], origin, "tm")
            filled.append(seg["id"])
    return filled


def propagation_enabled() -> bool:
    """Whether confirming a segment fills its identical twins (``TRANSLATE_CLI_PROPAGATE=0`` stops it)."""
    value = os.environ.get("TRANSLATE_CLI_PROPAGATE", "1").strip().lower()
    return value not in {"0", "no", "off", "false"}


def propagate(
    store: Store, article_id: int, segment_id: int, *, enabled: bool | None = None
) -> list[int]:
    """After ``segment_id`` is confirmed, copy its target to the article's identical segments.

    Only segments with the same normalised source that are ``new`` or ``draft`` with no target
    are filled, as drafts with origin ``{"tm": "propagate", "article", "segment", "score": 100}``
    and one history row each (action ``"propagate"``). Returns their ids; nothing when
    ``enabled`` is False or, by default, when ``TRANSLATE_CLI_PROPAGATE`` is 0/off.
    """
    if not (propagation_enabled() if enabled is None else enabled):
        return []
    filled: list[int] = []
    with store.write():
        done = store.segment(article_id, segment_id)
        target = (done["target"] or "").strip() and done["target"]
        if not target:
            return []
        key = norm(done["source"])
        origin = {"tm": "propagate", "article": article_id, "segment": done["id"], "score": 100}
        for seg in store.segments(article_id):
            if seg["id"] == done["id"] or seg["status"] not in ("new", "draft"):
                continue
            if (seg["target"] or "").strip() or norm(seg["source"]) != key:
                continue
            _fill(store, seg, target, origin, "propagate")
            filled.append(seg["id"])
    return filled


def _fill(
    store: Store, seg: Mapping[str, Any], target: str, origin: dict[str, Any], action: str
) -> None:
    store.update_segment(
        seg["article_id"],
        seg["id"],
        target=target,
        status="draft",
        action=action,
        origin=json.dumps(origin, ensure_ascii=False),
    )
    if seg["flag"]:
        # update_segment clears the flag on any status change; a machine fill is no confirmation.
        store.db.execute("update segments set flag = ? where id = ?", [seg["flag"], seg["pk"]])


# ---- concordance, import and export ----------------------------------------------------------

_ARABIC = ARABIC_LETTER


def search(store: Store, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Concordance: memory units whose source (Arabic query) or target (English query) contains
    ``text``, newest first: ``{"source", "target", "article", "segment", "unit", "status"}``."""
    sync(store)
    phrase = text.strip()
    if not phrase:
        return []
    if _ARABIC.search(phrase):
        q = norm(phrase)
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        if len(q) >= 3:
            # The trigram index answers LIKE itself, without reading every row.
            keys = [
                r["rowid"]
                for r in store.query(
                    "select rowid from tm_fts where norm like ? escape '\\' "
                    "order by rowid desc limit ?",
                    [like, limit],
                )
            ]
        else:
            keys = [
                r["id"]
                for r in store.query(
                    "select id from tm_index where norm like ? escape '\\' "
                    "order by id desc limit ?",
                    [like, limit],
                )
            ]
    else:
        like = "%" + phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        keys = [
            r["id"]
            for r in store.query(
                "select i.id from tm_index i left join segments s on s.id = i.id "
                "left join tm_units u on u.id = -i.id "
                "where coalesce(s.target, u.target) like ? escape '\\' "
                "order by i.id desc limit ?",
                [like, limit],
            )
        ]
    info = _describe(keys, store)
    statuses = {}
    seg_ids = [k for k in keys if k > 0]
    if seg_ids:
        marks = ",".join("?" * len(seg_ids))
        statuses = {
            r["id"]: r["status"]
            for r in store.query(f"select id, status from segments where id in ({marks})", seg_ids)
        }
    return [
        {
            "source": info[k]["source"],
            "target": info[k]["target"],
            "article": info[k]["article"],
            "segment": info[k]["segment"],
            "unit": info[k]["unit"],
            "status": statuses.get(k, "tmx" if k < 0 else None),
        }
        for k in keys
        if k in info
    ]


def memory_units(store: Store) -> list[dict[str, Any]]:
    """Every memory unit, each distinct (source, target) pair once: imported units first, then
    segments in the order they were made. Keys: source, target, created, changed, note,
    article, segment, status."""
    sync(store)
    rows = store.query(
        "select coalesce(s.source, u.source) as source, coalesce(s.target, u.target) as target, "
        "coalesce(s.created_at, u.created) as created, coalesce(s.updated_at, u.imported_at) "
        "as changed, coalesce(s.note, u.note) as note, s.article_id as article, "
        "s.num as segment, s.status as status from tm_index i "
        "left join segments s on s.id = i.id left join tm_units u on u.id = -i.id "
        "order by i.id < 0 desc, abs(i.id)"
    )
    seen: set[tuple[str, str]] = set()
    out = []
    for row in rows:
        pair = (row["source"], row["target"])
        if row["source"] and row["target"] and pair not in seen:
            seen.add(pair)
            out.append(row)
    return out


def import_units(
    store: Store,
    units: Iterable[Any],
    *,
    file: str | None = None,
    srclang: str = "ar",
    tgtlang: str = "en",
) -> ImportResult:
    """Add units (objects with ``source``, ``target`` and optionally ``created``, ``note``, as
    :class:`translate_cli.formats.tmx.TmxPair`) to memory; pairs already imported are skipped."""
    stamp = now_iso()
    added = skipped = 0
    with store.write() as db:
        for unit in units:
            source, target = (unit.source or "").strip(), (unit.target or "").strip()
            if not source or not target:
                skipped += 1
                continue
            cursor = db.execute(
                "insert or ignore into tm_units (source, target, srclang, tgtlang, note, file, "
                "created, imported_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    source,
                    target,
                    srclang,
                    tgtlang,
                    getattr(unit, "note", None),
                    file,
                    getattr(unit, "created", None),
                    stamp,
                ],
            )
            if cursor.rowcount:
                added += 1
            else:
                skipped += 1
        sync(store)
    return ImportResult(added, skipped)
