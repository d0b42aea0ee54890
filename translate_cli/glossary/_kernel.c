/* The passes of glossary matching, compiled: view(), select(), spans() and emit().
 *
 * translate_cli/glossary/kernel.py is the reference (and the fallback where this could not be
 * built); read it first. These functions do exactly what its view(), select(), spans() and emit() do, on
 * the same arguments, and tests/test_kernel.py runs both over the same inputs. Keep them in
 * step: a change to one is a change to both.
 *
 * Everything read from Python objects is checked (types, ranges): a bad argument raises
 * TypeError, ValueError or IndexError, never reads out of bounds. Python called back (resolve,
 * eats, short_hit; a non-int's __index__) may change the lists being read: a list's length is
 * read again after such a call, and what is in use across one is held, as the reference's
 * loops hold it. Positions are checked to be such, so no arithmetic on them overflows.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

#define RESOLVED 1
#define SPECIAL 2
#define BLOCKER 4
#define ACTIVATES 8
#define SHADOWED 16

/* Character classes, set once by configure() from kernel.py's constants (sorted). */
typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t n;
} CharSet;

static CharSet quotes, prepositions, conjunctions, marks, hamzas;

static int
charset_has(const CharSet *set, Py_UCS4 c)
{
    Py_ssize_t lo = 0, hi = set->n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (set->chars[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < set->n && set->chars[lo] == c;
}

static int
charset_set(CharSet *set, PyObject *str)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(str);
    Py_UCS4 *chars = PyMem_Malloc(sizeof(Py_UCS4) * (n ? n : 1));
    if (chars == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    int kind = PyUnicode_KIND(str);
    const void *data = PyUnicode_DATA(str);
    for (Py_ssize_t i = 0; i < n; i++) {
        chars[i] = PyUnicode_READ(kind, data, i);
        if (i && chars[i] <= chars[i - 1]) {
            PyMem_Free(chars);
            PyErr_SetString(PyExc_ValueError, "configure() wants sorted, distinct characters");
            return -1;
        }
    }
    PyMem_Free(set->chars);
    set->chars = chars;
    set->n = n;
    return 0;
}

/* What each code point below 0x10000 is, in one table read instead of a function call or a
 * search per character (every character of a text is looked at). The sets hold only such
 * code points; above them, only letters, digits and spaces are asked about. */
#define PLANE 0x10000
enum {
    C_ALNUM = 1,   /* str.isalnum() */
    C_SPACE = 2,   /* str.isspace() */
    C_QUOTE = 4,   /* kernel.QUOTES */
    C_PREP = 8,    /* PREPOSITIONS */
    C_CONJ = 16,   /* CONJUNCTIONS */
    C_MARK = 32,   /* WORD_MARKS */
    C_SKIPPED = 64, /* kernel.SKIPPED */
    C_DROP = 128,  /* normalize.DROP (set by configure_view, as the three below) */
    C_SPECIAL = 256, /* vanishes or expands when normalised */
    C_TO_QUOTE = 512, /* normalises to one of SKIPPED_QUOTES */
    C_TO_LAM = 1024 /* normalises to ل */
};
#define C_VIEW (C_DROP | C_SPECIAL | C_TO_QUOTE | C_TO_LAM)
static unsigned short ctype[PLANE];

static inline int
is(Py_UCS4 c, unsigned short what)
{
    if (c < PLANE)
        return ctype[c] & what;
    if (what & C_ALNUM && Py_UNICODE_ISALNUM(c))
        return 1;
    return (what & C_SPACE) && Py_UNICODE_ISSPACE(c);
}

static int
mark_all(const CharSet *set, unsigned short what)
{
    for (Py_ssize_t i = 0; i < set->n; i++) {
        if (set->chars[i] >= PLANE) {
            PyErr_SetString(PyExc_ValueError, "the character classes hold code points below 0x10000");
            return -1;
        }
        ctype[set->chars[i]] |= what;
    }
    return 0;
}

static PyObject *
configure(PyObject *self, PyObject *args)
{
    PyObject *q, *p, *c, *m, *h, *k;
    CharSet skipped_set = {NULL, 0};
    if (!PyArg_ParseTuple(args, "UUUUUU:configure", &q, &p, &c, &m, &h, &k))
        return NULL;
    if (charset_set(&quotes, q) < 0 || charset_set(&prepositions, p) < 0
        || charset_set(&conjunctions, c) < 0 || charset_set(&marks, m) < 0
        || charset_set(&hamzas, h) < 0 || charset_set(&skipped_set, k) < 0)
        return NULL;
    for (Py_UCS4 ch = 0; ch < PLANE; ch++)
        ctype[ch] = (unsigned short)((ctype[ch] & C_VIEW)
                                    | (Py_UNICODE_ISALNUM(ch) ? C_ALNUM : 0)
                                    | (Py_UNICODE_ISSPACE(ch) ? C_SPACE : 0));
    int failed = mark_all(&quotes, C_QUOTE) < 0 || mark_all(&prepositions, C_PREP) < 0
                 || mark_all(&conjunctions, C_CONJ) < 0 || mark_all(&marks, C_MARK) < 0
                 || mark_all(&skipped_set, C_SKIPPED) < 0;
    PyMem_Free(skipped_set.chars);
    if (failed)
        return NULL;
    Py_RETURN_NONE;
}

/* A str read by position: norm[p], with Python's meaning of a negative p (from the end)
 * and a space past either end where the reference reads the padded copy. */
typedef struct {
    int kind;
    const void *data;
    Py_ssize_t n;
} Text;

static void
text_of(Text *t, PyObject *str)
{
#if PY_VERSION_HEX < 0x030C0000
    (void)PyUnicode_READY(str); /* strings made by Python are ready; a legacy one is made so */
#endif
    t->kind = PyUnicode_KIND(str);
    t->data = PyUnicode_DATA(str);
    t->n = PyUnicode_GET_LENGTH(str);
}

static inline Py_UCS4
at(const Text *t, Py_ssize_t p)
{
    return PyUnicode_READ(t->kind, t->data, p);
}

/* around[p + 1] of the reference: norm[p], a space outside the text. */
static inline Py_UCS4
around(const Text *t, Py_ssize_t p)
{
    return (p < 0 || p >= t->n) ? ' ' : at(t, p);
}

/* norm[p] for 0 <= p or Python's negative index (only -1 can occur). */
static inline Py_UCS4
py_at(const Text *t, Py_ssize_t p)
{
    if (p < 0)
        p += t->n;
    return (p < 0 || p >= t->n) ? ' ' : at(t, p);
}

static inline int
isalnum_at(const Text *t, Py_ssize_t p)
{
    return is(py_at(t, p), C_ALNUM);
}

/* Sorted positions (the alefs put back after ل). */
typedef struct {
    Py_ssize_t *items;
    Py_ssize_t n;
} Positions;

static int
positions_of(Positions *out, PyObject *seq, const char *what)
{
    PyObject *fast = PySequence_Fast(seq, what);
    if (fast == NULL)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    out->items = PyMem_Malloc(sizeof(Py_ssize_t) * (n ? n : 1));
    out->n = n;
    if (out->items == NULL) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    PyObject **items = PySequence_Fast_ITEMS(fast);
    for (Py_ssize_t i = 0; i < n; i++) {
        out->items[i] = PyLong_AsSsize_t(items[i]);
        if (out->items[i] == -1 && PyErr_Occurred()) {
            Py_DECREF(fast);
            PyMem_Free(out->items);
            out->items = NULL;
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

/* 0 if every item of `p` is in lo..hi, else -1 with a ValueError. */
static int
positions_within(const Positions *p, Py_ssize_t lo, Py_ssize_t hi, const char *what)
{
    for (Py_ssize_t i = 0; i < p->n; i++)
        if (p->items[i] < lo || p->items[i] > hi) {
            PyErr_SetString(PyExc_ValueError, what);
            return -1;
        }
    return 0;
}

static int
positions_has(const Positions *set, Py_ssize_t p)
{
    Py_ssize_t lo = 0, hi = set->n;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (set->items[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < set->n && set->items[lo] == p;
}

/* kernel.left_ok */
static int
left_ok(const Text *t, Py_ssize_t start, const Positions *alefs)
{
    Py_ssize_t q = start;
    while (q > 0 && is(at(t, q - 1), C_QUOTE))
        q--;
    if (q == 0 || !isalnum_at(t, q - 1))
        return 1;
    if (positions_has(alefs, q - 1))
        q--;
    Py_UCS4 c = py_at(t, q - 1);
    if (is(c, C_PREP)) {
        q--;
        if (q == 0 || !isalnum_at(t, q - 1))
            return 1;
        c = py_at(t, q - 1);
    }
    if (is(c, C_CONJ)) {
        q--;
        return q == 0 || !isalnum_at(t, q - 1);
    }
    return 0;
}

/* kernel.merged_left_ok */
static int
merged_left_ok(const Text *t, Py_ssize_t start)
{
    if (start == 0 || !isalnum_at(t, start - 1))
        return 1;
    if (is(py_at(t, start - 1), C_CONJ))
        return start == 1 || !isalnum_at(t, start - 2);
    return 0;
}

typedef struct {
    Py_ssize_t start, neg_length, index;
} Found;

typedef struct {
    Found *items;
    Py_ssize_t n, cap;
} FoundList;

static int
found_push(FoundList *list, Py_ssize_t start, Py_ssize_t neg_length, Py_ssize_t index)
{
    if (list->n == list->cap) {
        Py_ssize_t cap = list->cap ? list->cap * 2 : 256;
        Found *items = PyMem_Realloc(list->items, sizeof(Found) * cap);
        if (items == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        list->items = items;
        list->cap = cap;
    }
    list->items[list->n++] = (Found){start, neg_length, index};
    return 0;
}

/* A kept hit: (start, end, index). */
typedef struct {
    Py_ssize_t start, end, index;
} Span;

static int
found_cmp(const void *a, const void *b)
{
    const Found *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->neg_length != y->neg_length)
        return x->neg_length < y->neg_length ? -1 : 1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return 0;
}

/* Sort by (start, -length, index). The automaton gives matches by end, so they come nearly
 * in order of start (only overlapping ones are out of place): an insertion sort, moving each
 * item past the few before it that start later, is linear here; past a budget of moves (a
 * text made to have many overlaps) it leaves the rest to qsort. */
static void
sort_found(Found *items, Py_ssize_t n)
{
    Py_ssize_t budget = 16 * n + 1024;
    for (Py_ssize_t i = 1; i < n; i++) {
        Found x = items[i];
        Py_ssize_t j = i - 1;
        while (j >= 0 && found_cmp(&items[j], &x) > 0) {
            items[j + 1] = items[j];
            j--;
            if (--budget == 0) {
                items[j + 1] = x;
                qsort(items, (size_t)n, sizeof(Found), found_cmp);
                return;
            }
        }
        items[j + 1] = x;
    }
}

/* A read-only buffer of bytes (flags), indexed with a bound check. */
typedef struct {
    Py_buffer view;
    int held;
} Buffer;

static int
buffer_of(Buffer *b, PyObject *obj, const char *format, Py_ssize_t itemsize, const char *what)
{
    if (PyObject_GetBuffer(obj, &b->view, PyBUF_FORMAT | PyBUF_C_CONTIGUOUS) < 0)
        return -1;
    b->held = 1;
    const char *f = b->view.format ? b->view.format : "B";
    if (b->view.itemsize != itemsize || strcmp(f, format) != 0) {
        PyErr_Format(PyExc_TypeError, "%s must be a buffer of '%s'", what, format);
        return -1;
    }
    return 0;
}

static void
buffer_release(Buffer *b)
{
    if (b->held)
        PyBuffer_Release(&b->view);
    b->held = 0;
}

static inline Py_ssize_t
buffer_len(const Buffer *b)
{
    return b->view.len / b->view.itemsize;
}

/* kernel.select on its arguments: the hits kept, in order, in *result (PyMem_Malloc'd, the
 * caller frees it), their number in *n_result. lengths: a list of ints, flags: a buffer of
 * bytes. */
/* kernel.candidates' hamza(): row `index` is spelled with a hamza first and is not resolved
 * later (a row that says when it applies is). 1, 0, or -1 with an exception. */
static int
hamza_row(PyObject *sources, Py_ssize_t n_all, const unsigned char *flags, Py_ssize_t index)
{
    if (index >= n_all || (flags[index] & SPECIAL))
        return 0;
    /* n_all is the length sources had when select() began; eats() (Python) may have shrunk
     * the list since: read only what it holds now (the reference's sources[index] raises). */
    if (index >= PyList_GET_SIZE(sources)) {
        PyErr_SetString(PyExc_IndexError, "an index outside sources");
        return -1;
    }
    PyObject *source = PyList_GET_ITEM(sources, index);
    return PyUnicode_Check(source) && PyUnicode_GET_LENGTH(source) > 0
           && charset_has(&hamzas, PyUnicode_READ_CHAR(source, 0));
}

/* eats(start): 1, 0, or -1 with an exception. */
static int
call_eats(PyObject *eats, Py_ssize_t start)
{
    PyObject *got = PyObject_CallFunction(eats, "n", start);
    if (got == NULL)
        return -1;
    int truth = PyObject_IsTrue(got);
    Py_DECREF(got);
    return truth;
}

/* lengths[code] of a form, or -1 with an exception. */
static Py_ssize_t
length_of(PyObject *lengths, long long code)
{
    if (code < 0 || code >= PyList_GET_SIZE(lengths)) {
        PyErr_SetString(PyExc_IndexError, "a code outside lengths");
        return -1;
    }
    Py_ssize_t length = PyLong_AsSsize_t(PyList_GET_ITEM(lengths, code));
    if (length < 0 && !PyErr_Occurred())
        PyErr_SetString(PyExc_ValueError, "a negative length");
    return length;
}

static int
select_core(PyObject *matches, PyObject *norm, PyObject *alefs_seq, PyObject *lengths,
            PyObject *shared, PyObject *flags_obj, PyObject *sources, PyObject *resolve,
            PyObject *eats, Span **result, Py_ssize_t *n_result)
{
    *result = NULL;
    *n_result = 0;
    if (!PyUnicode_Check(norm) || !PyList_Check(lengths) || !PyList_Check(shared)
        || !PyList_Check(sources)) {
        PyErr_SetString(PyExc_TypeError, "norm must be a str; lengths, shared, sources lists");
        return -1;
    }
    Py_ssize_t n_all = PyList_GET_SIZE(sources);
    Text t;
    text_of(&t, norm);
    Positions alefs = {NULL, 0};
    Buffer flags_buf = {0};
    FoundList found = {NULL, 0, 0};
    PyObject *it = NULL, *item = NULL;
    PyObject *codes = NULL; /* the entry of shared being read, held (see below) */
    Span *kept = NULL, *shorts = NULL, *merged = NULL;
    Py_ssize_t n_kept = 0, n_shorts = 0, n_merged = 0;
    int rc = -1;

    if (positions_of(&alefs, alefs_seq, "alefs must be a sequence of ints") < 0)
        goto error;

    if (buffer_of(&flags_buf, flags_obj, "B", 1, "flags") < 0)
        goto error;
    const unsigned char *flags = flags_buf.view.buf;
    Py_ssize_t n_flags = buffer_len(&flags_buf);

    /* kernel.candidates */
    it = PyObject_GetIter(matches);
    if (it == NULL)
        goto error;
    Py_ssize_t done = -1;
    while ((item = PyIter_Next(it)) != NULL) {
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 2) {
            PyErr_SetString(PyExc_TypeError, "a match must be an (end, code) tuple");
            goto error;
        }
        Py_ssize_t last = PyLong_AsSsize_t(PyTuple_GET_ITEM(item, 0));
        if (last == -1 && PyErr_Occurred())
            goto error;
        long long code = PyLong_AsLongLong(PyTuple_GET_ITEM(item, 1));
        if (code == -1 && PyErr_Occurred())
            goto error;
        Py_CLEAR(item);
        if (last < 0 || last >= t.n) {
            PyErr_SetString(PyExc_IndexError, "a match ends outside the text");
            goto error;
        }
        if (last == done)
            continue;
        if (is(around(&t, last + 1), C_ALNUM)) {
            done = last;
            continue;
        }
        if (code >= 0 && (code & 1) == 0 && (code & (1LL << 62)) == 0) {
            Py_ssize_t length = length_of(lengths, code);
            if (length < 0)
                goto error;
            Py_ssize_t start = last + 1 - length;
            if (start < 0) {
                PyErr_SetString(PyExc_IndexError, "a match starts before the text");
                goto error;
            }
            if (!is(around(&t, start - 1), C_ALNUM) || left_ok(&t, start, &alefs)) {
                Py_ssize_t index = (Py_ssize_t)(code >> 1);
                if (index >= n_flags) {
                    PyErr_SetString(PyExc_IndexError, "an index outside flags");
                    goto error;
                }
                int hamza = hamza_row(sources, n_all, flags, index);
                if (hamza < 0)
                    goto error;
                if (hamza) {
                    int eaten = is(around(&t, start - 1), C_ALNUM) ? call_eats(eats, start) : 0;
                    if (eaten < 0)
                        goto error;
                    if (!eaten && found_push(&found, start, -length, index) < 0)
                        goto error;
                    continue;
                }
                if (found_push(&found, start, -length, index) < 0)
                    goto error;
                if (!(flags[index] & RESOLVED))
                    done = last;
            }
            continue;
        }
        Py_ssize_t end = last + 1;
        Py_ssize_t n_codes = 1; /* codes: an entry of shared, or NULL for (code,) */
        if (code < 0) {
            long long j = -1 - code;
            if (j >= PyList_GET_SIZE(shared)) {
                PyErr_SetString(PyExc_IndexError, "a code outside shared");
                goto error;
            }
            codes = PyList_GET_ITEM(shared, j);
            if (!PyTuple_Check(codes)) {
                codes = NULL;
                PyErr_SetString(PyExc_TypeError, "shared must hold tuples");
                goto error;
            }
            /* Held while it is read, as the reference's for loop holds it: reading a code
             * (PyLong_AsLongLong calls a non-int's __index__) and eats() run Python, which may
             * take the entry out of shared and free it. */
            Py_INCREF(codes);
            n_codes = PyTuple_GET_SIZE(codes);
        }
        for (Py_ssize_t k = 0; k < n_codes; k++) {
            long long c = code;
            if (codes != NULL) {
                c = PyLong_AsLongLong(PyTuple_GET_ITEM(codes, k));
                if (c == -1 && PyErr_Occurred())
                    goto error;
            }
            Py_ssize_t length = length_of(lengths, c);
            if (length < 0)
                goto error;
            Py_ssize_t start = end - length;
            if (start < 0) {
                PyErr_SetString(PyExc_IndexError, "a match starts before the text");
                goto error;
            }
            int ok = (c & 1) ? merged_left_ok(&t, start) : left_ok(&t, start, &alefs);
            if (ok) {
                Py_ssize_t index = (Py_ssize_t)(c >> 1);
                if (index >= n_flags) {
                    PyErr_SetString(PyExc_IndexError, "an index outside flags");
                    goto error;
                }
                int eaten = hamza_row(sources, n_all, flags, index);
                if (eaten > 0)
                    eaten = is(around(&t, start - 1), C_ALNUM) ? call_eats(eats, start) : 0;
                if (eaten < 0)
                    goto error;
                if (!eaten && found_push(&found, start, -length, index) < 0)
                    goto error;
                break;
            }
        }
        Py_CLEAR(codes);
    }
    if (PyErr_Occurred())
        goto error;
    Py_CLEAR(it);
    if (found.n == 0) {
        rc = 0;
        goto done;
    }

    /* kernel.settle */
    sort_found(found.items, found.n);
    kept = PyMem_Malloc(sizeof(Span) * found.n);
    shorts = PyMem_Malloc(sizeof(Span) * found.n);
    merged = PyMem_Malloc(sizeof(Span) * found.n);
    if (kept == NULL || shorts == NULL || merged == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    Py_ssize_t taken = 0;
    for (Py_ssize_t i = 0; i < found.n; i++) {
        Py_ssize_t start = found.items[i].start;
        Py_ssize_t end = start - found.items[i].neg_length;
        Py_ssize_t index = found.items[i].index;
        if (index >= n_all) {
            shorts[n_shorts++] = (Span){start, end, index};
            continue;
        }
        int replace = start < taken;
        if (replace) {
            const Span *prev = &kept[n_kept - 1];
            if (end <= taken || prev->end - prev->start >= end - start)
                continue;
        }
        if (index >= n_flags) {
            PyErr_SetString(PyExc_IndexError, "an index outside flags");
            goto error;
        }
        if (flags[index] & SPECIAL) {
            PyObject *got = PyObject_CallFunction(resolve, "nnn", index, start, end);
            if (got == NULL)
                goto error;
            index = PyLong_AsSsize_t(got);
            Py_DECREF(got);
            if (index == -1 && PyErr_Occurred())
                goto error;
            if (index < 0)
                continue;
        }
        if (replace)
            kept[n_kept - 1] = (Span){start, end, index};
        else
            kept[n_kept++] = (Span){start, end, index};
        taken = end;
    }

    /* kernel.merge_shorts (with no shorts: the kept terms as they are) */
    Py_ssize_t k = 0;
    taken = 0;
    for (Py_ssize_t i = 0; i < n_shorts; i++) {
        Py_ssize_t start = shorts[i].start, end = shorts[i].end;
        if (start < taken)
            continue;
        while (k < n_kept && kept[k].end <= start)
            merged[n_merged++] = kept[k++];
        if (k < n_kept && kept[k].start < end)
            continue;
        merged[n_merged++] = shorts[i];
        taken = end;
    }
    while (k < n_kept)
        merged[n_merged++] = kept[k++];
    *result = merged;
    *n_result = n_merged;
    merged = NULL;
    rc = 0;
    goto done;

error:
done:
    Py_XDECREF(item);
    Py_XDECREF(codes);
    Py_XDECREF(it);
    PyMem_Free(kept);
    PyMem_Free(shorts);
    PyMem_Free(merged);
    PyMem_Free(found.items);
    PyMem_Free(alefs.items);
    buffer_release(&flags_buf);
    return rc;
}

/* Hits as a list of (start, end, index) tuples. */
static PyObject *
hits_list(const Span *hits, Py_ssize_t n)
{
    PyObject *list = PyList_New(n);
    if (list == NULL)
        return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *hit = Py_BuildValue("(nnn)", hits[i].start, hits[i].end, hits[i].index);
        if (hit == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, hit);
    }
    return list;
}

/* A list of (start, end, index) tuples as hits (PyMem_Malloc'd). */
static Span *
hits_of(PyObject *list, Py_ssize_t *n)
{
    if (!PyList_Check(list)) {
        PyErr_SetString(PyExc_TypeError, "hits must be a list");
        return NULL;
    }
    *n = PyList_GET_SIZE(list);
    Span *hits = PyMem_Malloc(sizeof(Span) * (*n ? *n : 1));
    if (hits == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < *n; i++) {
        PyObject *hit = PyList_GET_ITEM(list, i);
        if (!PyTuple_Check(hit) || PyTuple_GET_SIZE(hit) != 3) {
            PyErr_SetString(PyExc_TypeError, "a hit must be a (start, end, index) tuple");
            PyMem_Free(hits);
            return NULL;
        }
        /* One at a time: the C API is not to be called with an exception set. */
        Py_ssize_t *fields[3] = {&hits[i].start, &hits[i].end, &hits[i].index};
        for (int f = 0; f < 3; f++) {
            *fields[f] = PyLong_AsSsize_t(PyTuple_GET_ITEM(hit, f));
            if (*fields[f] == -1 && PyErr_Occurred()) {
                PyMem_Free(hits);
                return NULL;
            }
        }
    }
    return hits;
}

/* select(matches, norm, alefs, lengths, shared, flags, sources, resolve, eats) -> hits */
static PyObject *
select_hits(PyObject *self, PyObject *args)
{
    PyObject *matches, *norm, *alefs, *lengths, *shared, *flags, *sources, *resolve, *eats;
    Py_ssize_t n = 0;
    Span *hits;
    if (!PyArg_ParseTuple(args, "OUOOOOOOO:select", &matches, &norm, &alefs, &lengths, &shared,
                          &flags, &sources, &resolve, &eats))
        return NULL;
    if (select_core(matches, norm, alefs, lengths, shared, flags, sources, resolve, eats, &hits,
                    &n) < 0)
        return NULL;
    PyObject *list = hits_list(hits, n);
    PyMem_Free(hits);
    return list;
}

/* kernel.spans on its arguments, in place: hits[] from positions of the matching text to
 * positions of `text`. */
static int
spans_core(PyObject *text, Span *hits, Py_ssize_t n_hits, PyObject *ins_seq, PyObject *rem_seq,
           PyObject *ns_seq, PyObject *os_seq, PyObject *st_seq)
{
    Positions inserted = {NULL, 0}, removed = {NULL, 0};
    Positions starts = {NULL, 0}, origs = {NULL, 0}, steps = {NULL, 0};
    int rc = -1;
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "text must be a str");
        return -1;
    }
    Text t;
    text_of(&t, text);
    if (positions_of(&inserted, ins_seq, "inserted must be a sequence of ints") < 0
        || positions_of(&removed, rem_seq, "removed must be a sequence of ints") < 0
        || positions_of(&starts, ns_seq, "norm_starts must be a sequence of ints") < 0
        || positions_of(&origs, os_seq, "orig_starts must be a sequence of ints") < 0
        || positions_of(&steps, st_seq, "steps must be a sequence of ints") < 0)
        goto done;
    if (starts.n == 0 || origs.n != starts.n || steps.n != starts.n) {
        PyErr_SetString(PyExc_ValueError, "the offset map's lists must be non-empty and even");
        goto done;
    }
    /* An offset map's steps are 0 or 1 and its positions, like the hits', are of strings:
     * held to that (and far below 2**62), the arithmetic below cannot overflow. */
    const Py_ssize_t most = (Py_ssize_t)1 << 60;
    if (positions_within(&steps, 0, 1, "the offset map's steps must be 0 or 1") < 0
        || positions_within(&starts, 0, most, "norm_starts must be positions") < 0
        || positions_within(&origs, 0, most, "orig_starts must be positions") < 0)
        goto done;
    for (Py_ssize_t h = 0; h < n_hits; h++)
        if (hits[h].start < 0 || hits[h].start > most || hits[h].end < 0 || hits[h].end > most) {
            PyErr_SetString(PyExc_ValueError, "hits must be positions of the matching text");
            goto done;
        }
    const Py_ssize_t inf = (Py_ssize_t)1 << 62;
    Py_ssize_t n_ins = inserted.n, n_rem = removed.n, pieces = starts.n;
    Py_ssize_t a = 0, b = 0, k = 0;
    Py_ssize_t ins_next = n_ins ? inserted.items[0] : inf;
    Py_ssize_t rem_next = n_rem ? removed.items[0] : inf;
    Py_ssize_t p_start = starts.items[0], p_orig = origs.items[0], p_step = steps.items[0];
    Py_ssize_t p_next = pieces > 1 ? starts.items[1] : inf;

    for (Py_ssize_t h = 0; h < n_hits; h++) {
        Py_ssize_t start = hits[h].start;
        Py_ssize_t last = hits[h].end - 1;
        if (last < ins_next) {
            start -= a;
            last -= a;
        } else {
            while (a < n_ins && inserted.items[a] <= start)
                a++;
            ins_next = a < n_ins ? inserted.items[a] : inf;
            Py_ssize_t e = a;
            while (e < n_ins && inserted.items[e] <= last)
                e++;
            start -= a;
            last -= e;
        }
        Py_ssize_t inside = 0; /* quote marks dropped inside the hit (تنظيم "داعش") */
        if (last < rem_next) {
            start += b;
            last += b;
        } else {
            while (b < n_rem && removed.items[b] <= start)
                b++;
            rem_next = b < n_rem ? removed.items[b] : inf;
            Py_ssize_t e = b;
            while (e < n_rem && removed.items[e] <= last)
                e++;
            inside = e - b;
            start += b;
            last += e;
        }
        Py_ssize_t o_start, o_end;
        if (last < p_next) {
            o_start = p_orig + (start - p_start) * p_step;
            o_end = p_orig + (last - p_start) * p_step + 1;
        } else {
            while (k + 1 < pieces && starts.items[k + 1] <= start)
                k++;
            p_start = starts.items[k];
            p_orig = origs.items[k];
            p_step = steps.items[k];
            p_next = k + 1 < pieces ? starts.items[k + 1] : inf;
            o_start = p_orig + (start - p_start) * p_step;
            Py_ssize_t j = k;
            while (j + 1 < pieces && starts.items[j + 1] <= last)
                j++;
            o_end = origs.items[j] + (last - starts.items[j]) * steps.items[j] + 1;
        }
        if (o_end < 0 || o_end > t.n || o_start < 0 || o_start > o_end) {
            PyErr_SetString(PyExc_IndexError, "a hit maps outside the text");
            goto done;
        }
        while (o_end < t.n && is(at(&t, o_end), C_MARK))
            o_end++;
        if ((inside & 1) && o_end < t.n && is(at(&t, o_end), C_SKIPPED))
            o_end++; /* the quote that closes one opened inside */
        hits[h].start = o_start;
        hits[h].end = o_end;
    }
    rc = 0;
done:
    PyMem_Free(inserted.items);
    PyMem_Free(removed.items);
    PyMem_Free(starts.items);
    PyMem_Free(origs.items);
    PyMem_Free(steps.items);
    return rc;
}

/* spans(text, hits, inserted, removed, norm_starts, orig_starts, steps) -> list of hits */
static PyObject *
spans(PyObject *self, PyObject *args)
{
    PyObject *text, *list, *ins, *rem, *ns, *os, *st;
    if (!PyArg_ParseTuple(args, "UOOOOOO:spans", &text, &list, &ins, &rem, &ns, &os, &st))
        return NULL;
    Py_ssize_t n;
    Span *hits = hits_of(list, &n);
    if (hits == NULL)
        return NULL;
    PyObject *out = NULL;
    if (spans_core(text, hits, n, ins, rem, ns, os, st) == 0)
        out = hits_list(hits, n);
    PyMem_Free(hits);
    return out;
}

/* The short forms of row `index` become active: active[j] = (terms[index], rendering) for each
 * (j, rendering) of by_row[index]. */
static int
activate(PyObject *by_row, PyObject *active, PyObject *terms, Py_ssize_t index)
{
    /* Read as the reference reads them: terms[index] (short_hit, Python, may have shrunk the
     * list since emit() looked at its length), then by_row[index] (a KeyError if missing). */
    if (index >= PyList_GET_SIZE(terms)) {
        PyErr_SetString(PyExc_IndexError, "an index outside terms");
        return -1;
    }
    PyObject *key = PyLong_FromSsize_t(index);
    if (key == NULL)
        return -1;
    PyObject *forms = PyDict_GetItemWithError(by_row, key); /* borrowed */
    if (forms == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetObject(PyExc_KeyError, key);
        Py_DECREF(key);
        return -1;
    }
    Py_DECREF(key);
    PyObject *fast = PySequence_Fast(forms, "by_row must hold lists of (j, rendering)");
    if (fast == NULL)
        return -1;
    /* Held: PyDict_SetItem may run Python (a key's __hash__ or __eq__). */
    PyObject *term = PyList_GET_ITEM(terms, index);
    Py_INCREF(term);
    int rc = -1;
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(fast); k++) {
        PyObject *form = PySequence_Fast_GET_ITEM(fast, k);
        if (!PyTuple_Check(form) || PyTuple_GET_SIZE(form) != 2) {
            PyErr_SetString(PyExc_TypeError, "by_row must hold lists of (j, rendering)");
            goto done;
        }
        PyObject *pair = PyTuple_Pack(2, term, PyTuple_GET_ITEM(form, 1));
        if (pair == NULL || PyDict_SetItem(active, PyTuple_GET_ITEM(form, 0), pair) < 0) {
            Py_XDECREF(pair);
            goto done;
        }
        Py_DECREF(pair);
    }
    rc = 0;
done:
    Py_DECREF(term);
    Py_DECREF(fast);
    return rc;
}

/* A short form's hit, if its entity is active: *got = short_hit(text, start, end, base,
 * *owner) and 1; 0 when active has no owner for it (or None, as the reference's
 * active.get() reads); -1 with an exception. Whatever short_hit returns is the hit, None too,
 * as in the reference. */
static int
short_form_hit(PyObject *active, PyObject *short_hit, PyObject *text, Py_ssize_t j,
               Py_ssize_t o_start, Py_ssize_t o_end, Py_ssize_t base, PyObject **got)
{
    *got = NULL;
    PyObject *key = PyLong_FromSsize_t(j);
    if (key == NULL)
        return -1;
    PyObject *owner = PyDict_GetItemWithError(active, key); /* borrowed */
    Py_DECREF(key);
    if (owner == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (owner == Py_None)
        return 0;
    if (!PyTuple_Check(owner) || PyTuple_GET_SIZE(owner) != 2) {
        PyErr_SetString(PyExc_TypeError, "active must hold (term, rendering) pairs");
        return -1;
    }
    *got = PyObject_CallFunction(short_hit, "OnnnOO", text, o_start, o_end, base,
                                 PyTuple_GET_ITEM(owner, 0), PyTuple_GET_ITEM(owner, 1));
    return *got == NULL ? -1 : 1;
}

/* kernel.emit on its arguments. */
static int
emit_core(PyObject *text, const Span *hits, Py_ssize_t n_hits, PyObject *out,
          PyObject *bounds_seq, PyObject *sources, PyObject *targets, PyObject *terms,
          PyObject *flags_obj, PyObject *by_row, PyObject *active, int article,
          PyObject *hit_type_obj, PyObject *short_hit)
{
    if (!PyUnicode_Check(text) || !PyList_Check(out) || !PyList_Check(sources)
        || !PyList_Check(targets) || !PyList_Check(terms) || !PyDict_Check(by_row)
        || !PyDict_Check(active) || !PyType_Check(hit_type_obj)) {
        PyErr_SetString(PyExc_TypeError, "emit() takes a str, lists, dicts and a tuple type");
        return -1;
    }
    PyTypeObject *hit_type = (PyTypeObject *)hit_type_obj;
    if (!PyType_IsSubtype(hit_type, &PyTuple_Type)) {
        PyErr_SetString(PyExc_TypeError, "hit_type must be a tuple type");
        return -1;
    }
    Py_ssize_t n_all = PyList_GET_SIZE(sources);
    if (PyList_GET_SIZE(targets) != n_all || PyList_GET_SIZE(terms) < n_all) {
        PyErr_SetString(PyExc_ValueError, "sources, targets and terms must be as long");
        return -1;
    }
    Positions bounds = {NULL, 0};
    Buffer flags_buf = {0};
    PyObject *sink = NULL;
    int rc = -1;
    Text t;
    text_of(&t, text);
    if (positions_of(&bounds, bounds_seq, "bounds must be a sequence of ints") < 0)
        goto done;
    if (bounds.n == 0 || PyList_GET_SIZE(out) < bounds.n) {
        PyErr_SetString(PyExc_ValueError, "out must have a list for each of bounds");
        goto done;
    }
    for (Py_ssize_t k = 0; k < bounds.n; k++)
        if (bounds.items[k] < 0) { /* positions of text: o_start - base cannot overflow */
            PyErr_SetString(PyExc_ValueError, "bounds must be positions of the text");
            goto done;
        }
    if (buffer_of(&flags_buf, flags_obj, "B", 1, "flags") < 0)
        goto done;
    const unsigned char *flags = flags_buf.view.buf;
    Py_ssize_t n_flags = buffer_len(&flags_buf);

    const Py_ssize_t inf = (Py_ssize_t)1 << 62;
    Py_ssize_t seg = 0, base = 0, last_seg = bounds.n - 1;
    Py_ssize_t seg_next = last_seg ? bounds.items[1] : inf;
    /* The segment's list, held as the reference's out[seg].append holds it: short_hit
     * (Python) may take it out of out, or empty out, while hits are still appended. */
    sink = PyList_GET_ITEM(out, 0);
    Py_INCREF(sink);
    for (Py_ssize_t h = 0; h < n_hits; h++) {
        Py_ssize_t o_start = hits[h].start, o_end = hits[h].end, index = hits[h].index;
        if (o_start < 0 || o_end < o_start || o_end > t.n || index < 0) {
            PyErr_SetString(PyExc_IndexError, "a hit outside the text");
            goto done;
        }
        if (o_start >= seg_next) {
            while (seg < last_seg && bounds.items[seg + 1] <= o_start)
                seg++;
            base = bounds.items[seg];
            seg_next = seg < last_seg ? bounds.items[seg + 1] : inf;
            if (seg >= PyList_GET_SIZE(out)) { /* short_hit may have shrunk out */
                PyErr_SetString(PyExc_IndexError, "out has no list for a segment");
                goto done;
            }
            PyObject *next = PyList_GET_ITEM(out, seg);
            Py_INCREF(next);
            Py_SETREF(sink, next);
        }
        if (!PyList_Check(sink)) {
            PyErr_SetString(PyExc_TypeError, "out must hold lists");
            goto done;
        }
        if (index >= n_all) {
            if (!article)
                continue;
            PyObject *got;
            int owned = short_form_hit(active, short_hit, text, index - n_all, o_start, o_end,
                                       base, &got);
            if (owned < 0)
                goto done;
            if (owned == 0)
                continue; /* its entity has not come yet */
            int failed = PyList_Append(sink, got);
            Py_DECREF(got);
            if (failed < 0)
                goto done;
            continue;
        }
        if (index >= n_flags) {
            PyErr_SetString(PyExc_IndexError, "an index outside flags");
            goto done;
        }
        unsigned char flag = flags[index];
        if (flag & BLOCKER)
            continue;
        if ((flag & SHADOWED) && article) {
            /* the row's key is an entity's short form too: while the entity is active
             * (as -1 - index), the hit stands for it */
            PyObject *got;
            int owned = short_form_hit(active, short_hit, text, -1 - index, o_start, o_end,
                                       base, &got);
            if (owned < 0)
                goto done;
            if (owned) {
                int failed = PyList_Append(sink, got);
                Py_DECREF(got);
                if (failed < 0)
                    goto done;
                continue;
            }
        }
        /* index < n_all, their length when emit() began; short_hit (Python) may have
         * shrunk them since (the reference's sources[index] then raises) */
        if (index >= PyList_GET_SIZE(sources) || index >= PyList_GET_SIZE(targets)) {
            PyErr_SetString(PyExc_IndexError, "an index outside sources or targets");
            goto done;
        }
        /* A tuple of hit_type, made as tuple.__new__ makes one of a subclass. */
        PyObject *made = hit_type->tp_alloc(hit_type, 6);
        if (made == NULL)
            goto done;
        PyObject *surface = PyUnicode_Substring(text, o_start, o_end);
        PyObject *start = PyLong_FromSsize_t(o_start - base);
        PyObject *end = PyLong_FromSsize_t(o_end - base);
        if (surface == NULL || start == NULL || end == NULL) {
            Py_XDECREF(surface);
            Py_XDECREF(start);
            Py_XDECREF(end);
            Py_DECREF(made);
            goto done;
        }
        PyObject *source = PyList_GET_ITEM(sources, index);
        PyObject *target = PyList_GET_ITEM(targets, index);
        Py_INCREF(source);
        Py_INCREF(target);
        Py_INCREF(Py_False);
        PyTuple_SET_ITEM(made, 0, surface);
        PyTuple_SET_ITEM(made, 1, start);
        PyTuple_SET_ITEM(made, 2, end);
        PyTuple_SET_ITEM(made, 3, source);
        PyTuple_SET_ITEM(made, 4, target);
        PyTuple_SET_ITEM(made, 5, Py_False);
        /* Strings, ints and a bool cannot make a cycle: the garbage collector need not walk
         * the hits (an article has tens of thousands, and they live as long as the caller
         * keeps them), as it stops walking a plain tuple of such things. Not a hit type
         * whose instances have a __dict__: what is put there later may make one. */
        if (hit_type->tp_dictoffset == 0 && PyObject_GC_IsTracked(made))
            PyObject_GC_UnTrack(made);
        int failed = PyList_Append(sink, made);
        Py_DECREF(made);
        if (failed < 0)
            goto done;
        if ((flag & ACTIVATES) && article && activate(by_row, active, terms, index) < 0)
            goto done;
    }
    rc = 0;
done:
    Py_XDECREF(sink);
    PyMem_Free(bounds.items);
    buffer_release(&flags_buf);
    return rc;
}

/* emit(text, hits, out, bounds, sources, targets, terms, flags, by_row, active, article,
 *      hit_type, short_hit) -> None */
static PyObject *
emit(PyObject *self, PyObject *args)
{
    PyObject *text, *list, *out, *bounds, *sources, *targets, *terms, *flags, *by_row, *active,
        *hit_type, *short_hit;
    int article;
    if (!PyArg_ParseTuple(args, "UOOOOOOOOOpOO:emit", &text, &list, &out, &bounds, &sources,
                          &targets, &terms, &flags, &by_row, &active, &article, &hit_type,
                          &short_hit))
        return NULL;
    Py_ssize_t n;
    Span *hits = hits_of(list, &n);
    if (hits == NULL)
        return NULL;
    int rc = emit_core(text, hits, n, out, bounds, sources, targets, terms, flags, by_row,
                       active, article, hit_type, short_hit);
    PyMem_Free(hits);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* match(matches, text, view, tables, out, bounds, active, article, resolve, eats, hit_type,
 *       short_hit) -> None: kernel.match, with no list of hits in between. */
static PyObject *
match(PyObject *self, PyObject *args)
{
    PyObject *matches, *text, *view_t, *tables, *out, *bounds, *active, *resolve, *eats,
        *hit_type, *short_hit;
    int article;
    if (!PyArg_ParseTuple(args, "OUO!O!OOOpOOOO:match", &matches, &text, &PyTuple_Type, &view_t,
                          &PyTuple_Type, &tables, &out, &bounds, &active, &article, &resolve,
                          &eats, &hit_type, &short_hit))
        return NULL;
    PyObject *norm, *norm_starts, *orig_starts, *steps, *removed, *inserted;
    PyObject *lengths, *shared, *flags, *sources, *targets, *terms, *by_row;
    if (!PyArg_ParseTuple(view_t, "OOOOOO:match (view)", &norm, &norm_starts, &orig_starts,
                          &steps, &removed, &inserted)
        || !PyArg_ParseTuple(tables, "OOOOOOO:match (tables)", &lengths, &shared, &flags,
                             &sources, &targets, &terms, &by_row))
        return NULL;
    if (!PyList_Check(sources)) {
        PyErr_SetString(PyExc_TypeError, "sources must be a list");
        return NULL;
    }
    Span *hits;
    Py_ssize_t n;
    if (select_core(matches, norm, inserted, lengths, shared, flags, sources, resolve, eats,
                    &hits, &n) < 0)
        return NULL;
    int rc = 0;
    if (n)
        rc = spans_core(text, hits, n, inserted, removed, norm_starts, orig_starts, steps) < 0
             || emit_core(text, hits, n, out, bounds, sources, targets, terms, flags, by_row,
                          active, article, hit_type, short_hit) < 0;
    PyMem_Free(hits);
    if (rc)
        return NULL;
    Py_RETURN_NONE;
}

/* -- view ------------------------------------------------------------------------------ */

/* The normalisation tables, set once by configure_view() from text/normalize.py's: code
 * points below 0x10000 only (nothing above is folded, dropped or special there). */
static Py_UCS4 *fold_table;      /* the 1:1 folds (str.translate's table) */
static PyObject **special_table; /* what a character that vanishes or expands becomes */
static CharSet seats;

/* The fold, with _ read as a space (hashtags: #الحرس_الثوري) in the table itself. */
static inline Py_UCS4
fold(Py_UCS4 c)
{
    return c < PLANE ? fold_table[c] : c;
}

static PyObject *
configure_view(PyObject *self, PyObject *args)
{
    PyObject *table, *special, *drop, *seat_chars;
    if (!PyArg_ParseTuple(args, "O!O!UU:configure_view", &PyDict_Type, &table, &PyDict_Type,
                          &special, &drop, &seat_chars))
        return NULL;
    Py_UCS4 *folds = PyMem_Malloc(sizeof(Py_UCS4) * PLANE);
    PyObject **specials = PyMem_Calloc(PLANE, sizeof(PyObject *));
    if (folds == NULL || specials == NULL) {
        PyMem_Free(folds);
        PyMem_Free(specials);
        return PyErr_NoMemory();
    }
    for (Py_ssize_t c = 0; c < PLANE; c++)
        folds[c] = (Py_UCS4)c;
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (PyDict_Next(table, &pos, &key, &value)) {
        Py_ssize_t code = PyLong_AsSsize_t(key);
        if (code == -1 && PyErr_Occurred())
            goto error;
        if (code < 0 || code >= PLANE || !PyUnicode_Check(value)
            || PyUnicode_GET_LENGTH(value) != 1) {
            PyErr_SetString(PyExc_ValueError, "the fold table maps code points below 0x10000 to one character");
            goto error;
        }
        folds[code] = PyUnicode_READ_CHAR(value, 0);
    }
    pos = 0;
    while (PyDict_Next(special, &pos, &key, &value)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 || !PyUnicode_Check(value)
            || PyUnicode_READ_CHAR(key, 0) >= PLANE) {
            PyErr_SetString(PyExc_ValueError, "special maps characters below 0x10000 to strings");
            goto error;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(key, 0);
        Py_INCREF(value);
        Py_XSETREF(specials[c], value);
    }
    if (charset_set(&seats, seat_chars) < 0)
        goto error;
    for (Py_UCS4 c = 0; c < PLANE; c++) {
        if (folds[c] == '_')
            folds[c] = ' ';
        ctype[c] &= (unsigned short)~C_VIEW;
    }
    for (Py_ssize_t i = 0; i < PyUnicode_GET_LENGTH(drop); i++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(drop, i);
        if (c < PLANE)
            ctype[c] |= C_DROP;
    }
    for (Py_UCS4 c = 0; c < PLANE; c++) { /* C_SKIPPED is configure()'s */
        if (specials[c] != NULL)
            ctype[c] |= C_SPECIAL;
        if (folds[c] < PLANE && (ctype[folds[c]] & C_SKIPPED))
            ctype[c] |= C_TO_QUOTE;
        if (folds[c] == 0x0644)
            ctype[c] |= C_TO_LAM;
    }
    PyMem_Free(fold_table);
    if (special_table != NULL) {
        for (Py_ssize_t c = 0; c < PLANE; c++)
            Py_XDECREF(special_table[c]);
        PyMem_Free(special_table);
    }
    fold_table = folds;
    special_table = specials;
    Py_RETURN_NONE;

error:
    for (Py_ssize_t c = 0; c < PLANE; c++)
        Py_XDECREF(specials[c]);
    PyMem_Free(folds);
    PyMem_Free(specials);
    return NULL;
}

typedef struct {
    Py_UCS4 *chars;
    Py_ssize_t n, cap;
} Chars;

static int
chars_reserve(Chars *b, Py_ssize_t more)
{
    if (b->n + more <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap * 2 > b->n + more ? b->cap * 2 : b->n + more + 64;
    Py_UCS4 *chars = PyMem_Realloc(b->chars, sizeof(Py_UCS4) * cap);
    if (chars == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->chars = chars;
    b->cap = cap;
    return 0;
}

static int
append_int(PyObject *list, Py_ssize_t value)
{
    PyObject *v = PyLong_FromSsize_t(value);
    if (v == NULL)
        return -1;
    int rc = PyList_Append(list, v);
    Py_DECREF(v);
    return rc;
}

static int
piece(PyObject *starts, PyObject *origs, PyObject *steps, Py_ssize_t norm_start,
      Py_ssize_t orig_start, Py_ssize_t step)
{
    return (append_int(starts, norm_start) < 0 || append_int(origs, orig_start) < 0
            || append_int(steps, step) < 0) ? -1 : 0;
}

/* view(text) -> (norm, norm_starts, orig_starts, steps, removed, inserted): kernel.view */
static PyObject *
view(PyObject *self, PyObject *args)
{
    PyObject *text;
    if (!PyArg_ParseTuple(args, "U:view", &text))
        return NULL;
    if (fold_table == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "configure_view() was not called");
        return NULL;
    }
    Text t;
    text_of(&t, text);
    Py_ssize_t n = t.n;
    Chars norm = {NULL, 0, 0}, kept = {NULL, 0, 0}, out = {NULL, 0, 0};
    PyObject *starts = PyList_New(0), *origs = PyList_New(0), *steps = PyList_New(0);
    PyObject *removed = PyList_New(0), *inserted = PyList_New(0), *result = NULL;
    if (starts == NULL || origs == NULL || steps == NULL || removed == NULL || inserted == NULL)
        goto done;
    if (chars_reserve(&norm, n + 1) < 0)
        goto done;

    /* normalize_mapped: a run of whitespace (with invisible characters inside) becomes one
     * space, a special character what special says, the rest its fold, 1:1. */
    const Py_UCS4 LAM = 0x0644, ALEF = 0x0627;
    unsigned short seen = 0;
    Py_ssize_t prev = 0, i = 0;
    while (i < n) {
        Py_UCS4 c = at(&t, i);
        Py_ssize_t end = -1;
        PyObject *repl = NULL;
        int run = 0;
        if (c < PLANE) {
            unsigned short k = ctype[c];
            if (!(k & (C_SPACE | C_SPECIAL))) {
                norm.chars[norm.n++] = fold_table[c]; /* the usual character: its fold, 1:1 */
                seen |= k; /* what the two passes below look for: without it, none is run */
                i++;
                continue;
            }
        }
        if (is(c, C_SPACE)) {
            Py_ssize_t last = -1;
            for (Py_ssize_t j = i + 1; j < n; j++) {
                Py_UCS4 d = at(&t, j);
                if (is(d, C_SPACE))
                    last = j;
                else if (!is(d, C_DROP))
                    break;
            }
            if (last > i) {
                end = last + 1;
                run = 1;
            }
        }
        if (end < 0 && c < PLANE && special_table[c] != NULL) {
            end = i + 1;
            repl = special_table[c];
        }
        if (end < 0) {
            norm.chars[norm.n++] = fold(c);
            i++;
            continue;
        }
        if (i > prev && piece(starts, origs, steps, norm.n - (i - prev), prev, 1) < 0)
            goto done;
        prev = end;
        if (c == 0x0654 && i > 0 && norm.n > 0 && charset_has(&seats, at(&t, i - 1)))
            norm.chars[norm.n - 1] = fold(0x0621); /* the seat carries the hamza: ء */
        Py_ssize_t len = run ? 1 : PyUnicode_GET_LENGTH(repl);
        if (len) {
            if (piece(starts, origs, steps, norm.n, i, len > 1 ? 0 : 1) < 0)
                goto done;
            /* the rest of the text is at most n - end characters, one each */
            if (chars_reserve(&norm, len + (n - end) + 1) < 0)
                goto done;
            if (run)
                norm.chars[norm.n++] = fold(' ');
            else
                for (Py_ssize_t k = 0; k < len; k++) {
                    Py_UCS4 f = norm.chars[norm.n++] = fold(PyUnicode_READ_CHAR(repl, k));
                    if (is(f, C_SKIPPED))
                        seen |= C_TO_QUOTE;
                    if (f == LAM)
                        seen |= C_TO_LAM;
                }
        }
        i = end;
    }
    if ((prev < n || PyList_GET_SIZE(starts) == 0)
        && piece(starts, origs, steps, norm.n - (n - prev), prev, 1) < 0)
        goto done;

    /* drop_quotes: a run of quote marks between two letters becomes spaces; another goes */
    Chars *cur = &norm;
    if (!(seen & C_TO_QUOTE))
        goto expand;
    if (chars_reserve(&kept, norm.n + 1) < 0)
        goto done;
    Py_ssize_t shift = 0;
    for (Py_ssize_t r = 0; r < norm.n;) {
        if (!is(norm.chars[r], C_SKIPPED)) {
            kept.chars[kept.n++] = norm.chars[r++];
            continue;
        }
        Py_ssize_t s = r, e = r;
        while (e < norm.n && is(norm.chars[e], C_SKIPPED))
            e++;
        if (s > 0 && e < norm.n && is(norm.chars[s - 1], C_ALNUM)
            && is(norm.chars[e], C_ALNUM)) {
            for (Py_ssize_t k = s; k < e; k++)
                kept.chars[kept.n++] = ' ';
        } else {
            for (Py_ssize_t k = s; k < e; k++)
                if (append_int(removed, s - shift) < 0)
                    goto done;
            shift += e - s;
        }
        r = e;
    }
    cur = &kept;

expand:
    /* expand_ll: the alef of ل + ال back after a word-initial ل (after و or ف perhaps) */
    if (seen & C_TO_LAM) {
        if (chars_reserve(&out, cur->n + cur->n / 2 + 1) < 0)
            goto done;
        const Py_UCS4 *in = cur->chars;
        for (Py_ssize_t a = 0; a < cur->n; a++) {
            out.chars[out.n++] = in[a];
            if (in[a] != LAM || a + 1 >= cur->n || in[a + 1] != LAM)
                continue;
            Py_UCS4 before = a ? in[a - 1] : ' ';
            if (!is(before, C_ALNUM)
                || (is(before, C_CONJ) && (a == 1 || !is(in[a - 2], C_ALNUM)))) {
                if (append_int(inserted, out.n) < 0)
                    goto done;
                out.chars[out.n++] = ALEF;
            }
        }
        cur = &out;
    }
    PyObject *str = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, cur->chars, cur->n);
    if (str == NULL)
        goto done;
    result = PyTuple_Pack(6, str, starts, origs, steps, removed, inserted);
    Py_DECREF(str);

done:
    PyMem_Free(norm.chars);
    PyMem_Free(kept.chars);
    PyMem_Free(out.chars);
    Py_XDECREF(starts);
    Py_XDECREF(origs);
    Py_XDECREF(steps);
    Py_XDECREF(removed);
    Py_XDECREF(inserted);
    return result;
}

static PyMethodDef methods[] = {
    {"configure", configure, METH_VARARGS,
     "configure(quotes, prepositions, conjunctions, marks, hamzas, skipped): the character "
     "classes."},
    {"configure_view", configure_view, METH_VARARGS,
     "configure_view(table, special, drop, seats): the normalisation tables."},
    {"view", view, METH_VARARGS, "kernel.view, compiled."},
    {"select", select_hits, METH_VARARGS, "kernel.select, compiled."},
    {"spans", spans, METH_VARARGS, "kernel.spans, compiled."},
    {"emit", emit, METH_VARARGS, "kernel.emit, compiled."},
    {"match", match, METH_VARARGS, "kernel.match, compiled."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_kernel", "The per-match passes of glossary matching, compiled.",
    -1, methods,
};

PyMODINIT_FUNC
PyInit__kernel(void)
{
    return PyModule_Create(&module);
}
