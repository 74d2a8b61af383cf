"""Checks the sample project's narrative pages for the second half of the full report (pages
20- onward: challenges, value for all, impacts by sector, conditions, conclusion) and for the
overview, against the narrative-page spec and the published reports.

    python3 scripts/sample-corpus/check_pages_part2.py [--corpus PATH] [--published PATH]
                                                        [--seeds DIR] [--render]

Checks:
  * every `{{< … >}}` parses and names a known shortcode with valid arguments and filters;
  * every quote id exists in the corpus; quotes marked `inline` are placed inline;
  * every quotation the published report prints in these sections (published_quotations.json)
    is placed, in the published order; with --seeds, a quotation the report sets apart on its
    own (a bullet or line that opens with it) is a block, one inside a sentence is inline;
  * no attributions on quotes, no notes left for the team, no long runs of the published prose;
  * prints each page's own-prose word count (headings and quotations not counted).
--render prints the pages as a reader sees them (quotes written out) for proofreading.
"""
import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT = ROOT / "reports" / "copro"
FULL_PAGES = lambda: sorted(p for p in (PROJECT / "pages" / "full-report").glob("*.md")
                            if p.name[:2].isdigit() and int(p.name[:2]) >= 20)
OVERVIEW_PAGES = lambda: sorted((PROJECT / "pages" / "overview").glob("*.md"))
# The sections of the full report these pages cover (theme ids the published quotations are coded to).
FULL_SECTIONS = ("challenges", "impacts", "conditions", "conclusion")
MIN_WORDS = {"full-report": 3000, "overview": 600}
# Storytellers' words printed in these sections that the corpus does not hold, so no page can place them.
# (None now: the two a page break split are corpus quotes, q429 and q430.)
NOT_IN_CORPUS = []

SHORTCODE = re.compile(r"\{\{<(.*?)>\}\}", re.S)
TOKEN = re.compile(r'\s*([A-Za-z0-9_.\-]+)(?:=("(?:[^"\\]|\\.)*"|[^\s"]+))?')
KINDS = {"storytellers", "stories", "quotes"}
FILTERS = {"sector", "role", "field", "theme", "key", "format", "deep"}
AS = {"count": {"number", "words"}, "share": {"percent", "approx", "fraction"}}


def parse_args_text(text):
    """(name, positional list, {key: value}) or raise ValueError."""
    pos, kw = [], {}
    i = 0
    text = text.strip()
    name = None
    while i < len(text):
        m = TOKEN.match(text, i)
        if not m or m.end() == i:
            raise ValueError(f"cannot parse {text[i:]!r}")
        key, value = m.group(1), m.group(2)
        if name is None:
            if value is not None:
                raise ValueError("shortcode name missing")
            name = key
        elif value is None:
            pos.append(key)
        else:
            kw[key] = value[1:-1] if value.startswith('"') else value
        i = m.end()
        while i < len(text) and text[i].isspace():
            i += 1
    if name is None:
        raise ValueError("empty shortcode")
    return name, pos, kw


class Corpus:
    def __init__(self, path):
        c = json.loads(Path(path).read_text(encoding="utf-8"))
        self.quotes = {q["id"]: q for q in c["quotes"]}
        self.themes = {t["id"] for t in c["themes"]}
        v = c.get("vocabularies", {})
        self.vocab = {k[:-1]: {e["id"] for e in v.get(k, [])} for k in ("sectors", "roles", "fields")}
        self.attributes = {}
        for st in c["storytellers"]:
            for k, val in st.get("attributes", {}).items():
                for x in (val if isinstance(val, list) else [val]):
                    self.attributes.setdefault(k, set()).add(str(x).lower())


def validate(name, pos, kw, corpus):
    """A list of problems with one shortcode."""
    bad = []
    if name in ("count", "share"):
        if len(pos) != 1 or pos[0] not in KINDS:
            bad.append(f"{name} needs one KIND of {sorted(KINDS)}")
        for k, v in kw.items():
            if k == "as":
                if v not in AS[name]:
                    bad.append(f"{name} as={v} not one of {sorted(AS[name])}")
            elif k.startswith("attribute."):
                attr = k.split(".", 1)[1]
                if attr not in corpus.attributes:
                    bad.append(f"unknown attribute {attr}")
                elif any(x.lower() not in corpus.attributes[attr] for x in v.split(",")):
                    bad.append(f"no storyteller has {k}={v}")
            elif k not in FILTERS:
                bad.append(f"unknown filter {k}")
            elif k in ("sector", "role", "field"):
                for x in v.split(","):
                    if x not in corpus.vocab[k]:
                        bad.append(f"unknown {k} {x}")
            elif k == "theme":
                for x in v.split(","):
                    if x not in corpus.themes:
                        bad.append(f"unknown theme {x}")
            elif k in ("key", "deep") and v not in ("true", "false"):
                bad.append(f"{k}={v} is not true/false")
            elif k == "format" and v not in ("group", "individual"):
                bad.append(f"format={v}")
    elif name == "quote":
        if len(pos) != 1:
            bad.append("quote needs one id")
        elif pos[0] not in corpus.quotes:
            bad.append(f"quote {pos[0]} is not in the corpus")
        if set(kw) - {"attribution"}:
            bad.append(f"quote takes only attribution, not {sorted(set(kw) - {'attribution'})}")
        if kw.get("attribution", "none") != "none":
            bad.append("quotes carry no attribution in these pages")
    elif name == "key-quotes":
        if len(pos) != 1 or pos[0] not in corpus.themes:
            bad.append("key-quotes needs a theme id")
    elif name == "chart":
        if pos != ["storytellers"]:
            bad.append("chart counts storytellers")
    elif name in ("table", "sector-diagram", "contents"):
        pass
    else:
        bad.append(f"unknown shortcode {name}")
    return bad


def split_page(text):
    """(front matter lines, body)."""
    if text.startswith("---\n"):
        end = text.find("\n---\n", 4)
        if end < 0:
            raise ValueError("front matter not closed")
        return text[4:end].split("\n"), text[end + 5:]
    return [], text


def paragraphs(body):
    return [p for p in re.split(r"\n\s*\n", body) if p.strip()]


def flat(s):
    return " ".join(s.replace("*", "").split())


def standalone_in_seed(seed, words, by_paragraph):
    """Whether the published document sets `words` apart: the line (full report) or paragraph
    (overview, whose lines are wrapped columns) it appears in opens with it, after a bullet,
    italics, an opening mark or a short label ending in a colon. None when not found."""
    units = [u for u in (re.split(r"\n\s*\n", seed) if by_paragraph else seed.split("\n"))]
    target = flat(words)
    for unit in units:
        u = flat(unit.replace("-\n", "-"))
        at = u.find(target)
        if at < 0:
            continue
        before = u[:at]
        before = re.sub(r"^[A-Z][A-Za-z ]{0,30}:\s*", "", before.lstrip("-• "))
        return before.strip(" -•“\"‘'") == ""
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default=str(PROJECT / "corpus.json"))
    ap.add_argument("--published", default=str(ROOT / "scripts" / "sample-corpus" / "published_quotations.json"))
    ap.add_argument("--seeds", default=None, help="the published reports (000_*.txt, 001_*.txt)")
    ap.add_argument("--render", action="store_true")
    a = ap.parse_args()
    corpus = Corpus(a.corpus)
    published = json.loads(Path(a.published).read_text(encoding="utf-8"))
    seeds = {}
    if a.seeds:
        for key, pat in (("full-report", "001_*.txt"), ("overview", "000_*.txt")):
            found = sorted(Path(a.seeds).glob(pat))
            if found:
                seeds[key] = found[0].read_text(encoding="utf-8")
    problems = []
    total_ok = True
    published_prose = {k: flat(re.sub(r"[“\"][^”\"]*[”\"]", " ", v)).lower() for k, v in seeds.items()}

    for report, pages in (("full-report", FULL_PAGES()), ("overview", OVERVIEW_PAGES())):
        placed = []  # (id, block?) in page order
        words_total = 0
        print(f"== {report}: {len(pages)} pages")
        for page in pages:
            rel = page.relative_to(ROOT)
            text = page.read_text(encoding="utf-8")
            try:
                front, body = split_page(text)
            except ValueError as e:
                problems.append(f"{rel}: {e}")
                continue
            if text.count("{{<") != text.count(">}}") or text.count("{{<") != len(SHORTCODE.findall(text)):
                problems.append(f"{rel}: an unclosed or malformed {{{{< … >}}}}")
            for note in re.findall(r"\b(TODO|FIXME|XXX|TBD)\b|\[\[Q", text):
                problems.append(f"{rel}: a note or placeholder left in the page ({note or '[[Q'})")
            own_words = 0
            rendered = []
            for para in paragraphs(body):
                codes = list(SHORTCODE.finditer(para))
                is_block = len(codes) == 1 and para.strip() == codes[0].group(0)
                for m in codes:
                    try:
                        name, pos, kw = parse_args_text(m.group(1))
                    except ValueError as e:
                        problems.append(f"{rel}: {m.group(0)!r}: {e}")
                        continue
                    for b in validate(name, pos, kw, corpus):
                        problems.append(f"{rel}: {m.group(0)}: {b}")
                    if name == "quote" and pos and pos[0] in corpus.quotes:
                        q = corpus.quotes[pos[0]]
                        placed.append((pos[0], is_block, rel))
                        if is_block and q.get("inline"):
                            problems.append(f"{rel}: {pos[0]} is marked inline in the corpus but placed as a block")
                    if name in ("count", "share", "quote", "chart", "table", "key-quotes", "contents",
                                "sector-diagram") and is_block != (name in ("quote", "chart", "table", "key-quotes",
                                                                             "contents", "sector-diagram")):
                        if name not in ("quote",):
                            problems.append(f"{rel}: {name} placed {'as a block' if is_block else 'inline'}")
                if para.lstrip().startswith("#"):
                    rendered.append(para)
                    continue
                prose = SHORTCODE.sub(lambda m: " " if m.group(1).split()[0] == "quote" else " N ", para)
                own_words += len(re.findall(r"[A-Za-z0-9’'\-]+", prose))

                def show(m):
                    name, pos, kw = parse_args_text(m.group(1))
                    if name == "quote" and pos and pos[0] in corpus.quotes:
                        t = corpus.quotes[pos[0]]["text"]
                        return f"\n    > {t}  [{pos[0]}]\n" if is_block else f"“{t}”"
                    return f"[{m.group(1).strip()}]"
                rendered.append(SHORTCODE.sub(show, para))
                if report in published_prose:
                    # Runs of words are taken between shortcodes and quotation marks, never across them.
                    for run in re.split(r"\{\{<.*?>\}\}|“[^”]*”", para, flags=re.S):
                        words = flat(run).lower().split()
                        gram = next((" ".join(words[i:i + 8]) for i in range(len(words) - 7)
                                     if " ".join(words[i:i + 8]) in published_prose[report]), None)
                        if gram:
                            problems.append(f"{rel}: eight words in a row from the published report: {gram!r}")
            words_total += own_words
            print(f"  {rel}: {own_words} words of own prose")
            if a.render:
                print("\n\n".join(rendered))
                print()
        print(f"  total own prose: {words_total} words (at least {MIN_WORDS[report]})")
        if words_total < MIN_WORDS[report]:
            problems.append(f"{report}: only {words_total} words of own prose")

        # Published quotations of these sections: all placed, in order, block or inline as printed.
        entries = [e for e in published[report]
                   if report == "overview" or e["section"].split(".")[0] in FULL_SECTIONS]
        first = {}
        for i, (qid, block, rel) in enumerate(placed):
            first.setdefault(qid, (i, block, rel))
        missing = [e["id"] for e in entries if e["id"] not in first]
        for qid in missing:
            problems.append(f"{report}: published quotation {qid} is not placed")
        order = [first[e["id"]][0] for e in entries if e["id"] in first]
        for (e1, e2) in zip([e for e in entries if e["id"] in first], [e for e in entries if e["id"] in first][1:]):
            if first[e2["id"]][0] < first[e1["id"]][0]:
                problems.append(f"{report}: {e2['id']} is placed before {e1['id']}, against the published order")
        extra = sorted({qid for qid, _, _ in placed} - {e["id"] for e in entries})
        if report in seeds:
            mism = []
            for e in entries:
                if e["id"] not in first:
                    continue
                sa = standalone_in_seed(seeds[report], e["text"], by_paragraph=(report == "overview"))
                if sa is None:
                    continue
                if corpus.quotes[e["id"]].get("inline"):
                    continue  # marked inline in the corpus: placed inline whatever the print (checked above)
                want_block = sa
                if first[e["id"]][1] != want_block:
                    mism.append(e["id"])
                    problems.append(f"{report}: {e['id']} is printed {'on its own' if want_block else 'inside prose'}"
                                    f" but placed {'as a block' if first[e['id']][1] else 'inline'}")
        blocks = sum(1 for e in entries if e["id"] in first and first[e["id"]][1])
        print(f"  published quotations in these sections: {len(entries)}; placed {len(entries) - len(missing)}"
              f" ({blocks} as blocks, {len(entries) - len(missing) - blocks} inline); missing {len(missing)}"
              f"; quotes placed beyond the published ones: {extra or 'none'}")
    if NOT_IN_CORPUS:
        print("== storytellers' words these sections print that the corpus does not hold (cannot be placed):")
        for w in NOT_IN_CORPUS:
            print(f"  {w}")
    if problems:
        print(f"== {len(problems)} problems")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("== all checks pass")


if __name__ == "__main__":
    main()
