"""Extracts every quotation of the study's reports into quotes.json (run once, by hand).

    python3 scripts/sample-corpus/extract_quotes.py ../shared/seeds

The seeds are not part of the repository, so quotes.json is committed and make_corpus.py
builds the corpus from it. A quotation is italic text opening with a quotation mark
(*“...”* or *"..."*), or a line that is a quotation on its own; its words are kept verbatim.
Each is coded to the heading it stands under (see frame.py); the same words under two
headings are one quote coded to both.

Key quotes: the last quotation set apart on its own line (a bullet or a line that is only a
quote) before the next heading is that section's last word, and is marked key.

Quotations inside prose: the reports also quote storytellers inside their own sentences
(`One storyteller asked “How do we make it easier...?”`), often without italics. A second pass
(add_prose_quotations) finds every span between quotation marks, keeps the storytellers' words
(not the report's own scare quotes or terms, listed in NOT_QUOTATIONS), checks each occurs
verbatim, codes it to the heading it stands under and appends it after the first pass's quotes,
so earlier quote numbers never change. These quotes and fragments are marked `inline` (see
is_fragment). The pass also writes published_quotations.json: every quotation the full report
and the overview print, in document order, with its corpus id.

Quotations split by a page break: a few bullets open a quotation that a page break cuts, and the
words go on after the break (see split_quotations). Those both passes above miss entirely are
joined across the break as the reader reads them and appended last, again so that no earlier
quote number changes.
"""
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from frame import OVERVIEW_QUOTES, THEMES  # noqa: E402

OPEN = "“\""
CLOSE = "”\""


def report_quotes(text):
    """(line, words, standalone) for each quotation of the full report, in order."""
    lines = text.split("\n")
    found = []
    # Join each line with the next non-empty one when an italic run crosses a page break.
    i = 0
    while i < len(lines):
        line = lines[i]
        n = i + 1
        if line.count("*") % 2 == 1:
            j = i + 1
            while j < len(lines) and not lines[j].strip():
                j += 1
            if j < len(lines):
                line = line + " " + lines[j]
                i = j
        standalone = bool(re.match(r"^\s*-?\s*\*?[“\"]", line))
        for match in re.finditer(r"\*([^*]+)\*", line):
            body = match.group(1).strip()
            if not body or body[0] not in OPEN:
                continue
            # The closing mark may fall just outside the italics: *“words...*” or *"words".*
            tail = line[match.end():match.end() + 3]
            words = body[1:]
            if words and words[-1] in CLOSE:
                words = words[:-1]
            elif words.endswith(("”.", "\".", "”,", "\",")):
                words = words[:-2]
            elif tail[:1] in CLOSE or tail[:2] in ("..", "…"):
                pass
            else:
                # A quotation continued in plain text after the italics (across a page break).
                rest = line[match.end():]
                close = min([rest.find(c) for c in CLOSE if rest.find(c) >= 0] or [-1])
                if 0 <= close < 300:
                    words = words + rest[:close]
            words = words.strip()
            if len(words) >= 2:
                found.append((n, words, standalone))
        # Quotations set on a line of their own without italics.
        plain = re.match(r"^\s*[“\"]([^”\"]+)[”\"]\s*$", line)
        if plain:
            found.append((n, plain.group(1).strip(), True))
        i += 1
    return found


# Quotations the first pass cut across the report's own words (italics running over a
# sentence that quotes twice): quote number -> the storyteller's words it keeps. The rest of
# each such sentence's quotations are found by the prose pass as quotes of their own.
TRIMS = {
    29: "noisy",
    32: "you can see it on the faces of the professionals...they say, we should have been asking you all along. "
        "They feel quite ashamed sometimes.",
    85: "Anyone can be a researcher - it's about how they can be enabled to become a researcher",
    91: "having to change my way of thinking",
    97: "The thing that I love about it is the infectiousness, or the enthusiasm, and the sense of actually this is "
        "the way to do things, you can see that emerging in these groups and across other partners who perhaps before "
        "might have been sceptical",
    183: "The difficulty is that it’s hard to quantify aspects of co-production,",
    243: "I have so much more respect for the professionals I work with once they’ve laid the cards down and said, "
         "‘let’s put that title here...I respect your view’.",
    262: "equality, diversity and inclusion",
}

# Spans between quotation marks that are not a storyteller's words: the report's own scare
# quotes, terms and concepts it names, a cross-reference, and a slogan it discusses.
NOT_QUOTATIONS = {
    "stuck", "disruptors", "Conditions of Co-Production", "commonsense", "on them", "in charge", "the wrong",
    "being human", "snowballing", "empowering", "doing-to", "trust", "seldom-heard", "ideal", "real world",
    "Nothing about us without us", "ripple", "social capital", "buy in", "ingredients", "the system",
}

# Quotations the mark-pairing pattern cannot find or would take for prose, each checked
# verbatim, with whether it is inline: one whose opening mark the report never closes, a line
# of its own that ends on a quoted word, an italic bullet with no opening mark, and a bullet
# that opens with a label ("Reciprocity:") before the quotation; and one in single quotes.
EXPLICIT = [
    ("The single most important thing is the building of relationships", True),  # in 'single quotes'
    ("stops some of the narrow and rigid thinking in organisations", True),
    ("Communities who have social capital - can engage with each other, services, councils etc enjoy better health "
     "and outcomes, and are better funded. Co-production is a vehicle to produce social capital - harness people to "
     "be “bothered”", False),
    ("Things that don’t work very well are things where there is always that agenda: we’re not telling people the "
     "100% truth about this, this is what we’ve got in mind and we want to steer it this way. That doesn’t work for "
     "me, and it’s not true co-production, that is a little bit sneaky and I don’t really like it. What works well is "
     "saying, “look, cards on the table, this is what we can offer, this is what we’re doing, and can you help us "
     "with this?”. And help us, I’m talking about that on the same level as everyone around the table. Because "
     "co-production isn’t only about the user-carer or consumer or customer, or whatever you want to call us, it’s "
     "about staff as well.", False),
    ("What is in it for the communities? Because we know what’s in it for us, because we need to meet certain "
     "targets or we need to deliver on certain budgets or we have to meet certain criterias. Communities don’t think "
     "like that – they want the best for their areas or for the issue that is at hand.", False),
]

# The overview's quotations inside prose that OVERVIEW_QUOTES (frame.py) does not hold.
OVERVIEW_PROSE = [
    ("about.why", "impossible"),
    ("values.inclusive", "diversity"),
]

# Short whole sentences one would pull-quote, kept as pull quotes despite the fragment rule.
PULL_QUOTABLE = {"It gave me back my life."}


def split_quotations(lines, body_start):
    """(line, first half, words) for each quotation a page break splits: a body line that opens a
    quotation (“ or ") it does not close, continued on the next non-empty line, which goes on in
    lower case, up to its closing mark. The halves are joined with one space, as the reader reads
    them. In the seed text the break leaves only blank lines between the halves (no page header
    or number), so flat() joins them the same way and occurrences() finds the whole quotation."""
    found = []
    for n in range(body_start, len(lines) + 1):
        plain = lines[n - 1].replace("*", "")
        if plain.count("“") > plain.count("”"):
            opening = plain.rfind("“")
        elif plain.count('"') % 2:
            opening = plain.rfind('"')
        else:
            continue
        j = n
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j == n or j == len(lines):
            continue  # not followed by a break, or nothing after it
        rest = lines[j].replace("*", "").strip()
        close = min([rest.find(c) for c in CLOSE if rest.find(c) >= 0] or [-1])
        if close < 0 or not rest[:1].islower():
            continue  # the next line is not this quotation going on
        first = plain[opening + 1:].strip()
        found.append((n, first, first + " " + rest[:close].strip()))
    return found


def is_fragment(words):
    """A fragment is not a sentence one would pull-quote: a word, a phrase or a bullet phrase of
    fewer than seven words, or a clause of fewer than fifteen words lifted out of a sentence
    (it opens in lower case, or with an editor's [bracket]), except PULL_QUOTABLE."""
    if words in PULL_QUOTABLE:
        return False
    count = len(words.split())
    return count < 7 or (count < 15 and (words[0].islower() or words[0] == "["))


def flat(text):
    """The text as the reader sees it: no italics marks, whitespace runs (line and page breaks) as one space."""
    return " ".join(text.replace("*", "").split())


def occurrences(doc, quotes):
    """(position, quote) for every place `doc` prints a quote: right after an opening mark (or
    anywhere, for the EXPLICIT ones), and not nested inside another quotation printed there (a
    storyteller quoting someone)."""
    unmarked = {words for words, _ in EXPLICIT}
    found = []
    for quote in quotes:
        words = flat(quote["text"])
        at = doc.find(words)
        while at >= 0:
            if at > 0 and (doc[at - 1] in "“\"'‘" or quote["text"] in unmarked):
                found.append((at, at + len(words), quote))
            at = doc.find(words, at + 1)
    found.sort(key=lambda f: (f[0], -f[1]))
    kept = []
    for start, end, quote in found:
        if kept and start < kept[-1][1]:
            continue
        kept.append((start, end, quote))
    return kept


def add_prose_quotations(report, overview, quotes, by_text, theme_at, body_start):
    for number, words in TRIMS.items():
        quote = quotes[number - 1]
        if words not in quote["text"] or words not in report:
            raise SystemExit(f"trim of quote {number} is not its verbatim words: {words!r}")
        del by_text[quote["text"]]
        quote["text"] = words
        by_text[words] = quote
    lines = report.split("\n")
    added = 0

    def add(words, theme, inline, source):
        nonlocal added
        if words in by_text:
            return
        quote = {"text": words, "themes": [theme], "key": False, "source": source, "inline": inline}
        by_text[words] = quote
        quotes.append(quote)
        added += 1

    span = re.compile(r"[“\"]([^“”\"]+)[”\"]")
    found = []  # (line, words, inline)
    for words, inline in EXPLICIT:
        n = next((i for i, line in enumerate(lines, start=1) if words in line.replace("*", "")), None)
        if n is None:
            raise SystemExit(f"quotation not found verbatim: {words!r}")
        found.append((n, words, inline))
    held = list(by_text) + [words for _, words, _ in found]
    for n, line in enumerate(lines, start=1):
        if n < body_start:
            continue
        plain = line.replace("*", "")
        # Where the line prints a quotation already held: a span starting inside one is part of
        # it, or a quotation within a storyteller's words, not a quotation of the report's.
        taken = []
        for text in held:
            at = plain.find(text)
            while at >= 0:
                taken.append((at, at + len(text)))
                at = plain.find(text, at + 1)
        for match in span.finditer(plain):
            words = match.group(1).strip()
            bare = words.rstrip(",")
            start = match.start() + 1
            if len(bare) < 2 or bare in NOT_QUOTATIONS or bare in held or words in held:
                continue
            if any(a <= start < b for a, b in taken):
                continue
            found.append((n, bare, True))
    for n, words, inline in sorted(found, key=lambda f: f[0]):
        add(words, theme_at(n), inline, "full report")
    for theme, words in OVERVIEW_PROSE:
        if words not in overview:
            raise SystemExit(f"overview quote not found verbatim: {words!r}")
        add(words, theme, True, "overview")
    # Quotations split by a page break. The first pass took some of them only up to the break
    # (its first half is already a quote): those keep their number and words, which are still
    # verbatim, since pages place them by id. The rest neither pass found at all, because the
    # opening mark stands outside the italics or after the report's own words, and the closing
    # mark is on the far side of the break; they are set apart as bullets, so not inline.
    prose_added = added
    for n, first, words in split_quotations(lines, body_start):
        if first not in by_text:
            add(words, theme_at(n), False, "full report")
    for quote in quotes:
        if "inline" not in quote and is_fragment(quote["text"]):
            quote["inline"] = True
    print(f"{prose_added} quotations inside prose added; {added - prose_added} split by a page break added; "
          f"{sum(bool(q.get('inline')) for q in quotes)} quotes marked inline")

    # Every quotation each report prints, in document order, with its corpus id.
    ids = {id(quote): f"q{n:03d}" for n, quote in enumerate(quotes, start=1)}
    starts = [(line, tid) for line, tid in sorted((frame_line, tid) for tid, _, frame_line, _, _ in THEMES
                                                    if frame_line is not None)]
    body = flat("\n".join(lines[body_start - 1:]))
    heading_at = []  # (position in body, theme) of each heading
    for line, tid in starts:
        heading = flat(lines[line - 1])
        heading_at.append((body.find(heading, heading_at[-1][0] if heading_at else 0), tid))

    def section(position):
        return max((h for h in heading_at if h[0] <= position), default=(0, None))[1]

    def entries(doc, theme_of):
        result = []
        for start, end, quote in occurrences(doc, quotes):
            result.append({"id": ids[id(quote)], "section": theme_of(start, quote),
                           "inline": bool(quote.get("inline")), "text": quote["text"]})
        return result

    published = {
        "full-report": entries(body, lambda start, quote: section(start)),
        "overview": entries(overview, lambda start, quote: next(
            (t for t, w, *_ in OVERVIEW_QUOTES + OVERVIEW_PROSE if w == quote["text"]), quote["themes"][0])),
    }
    missing = [q["text"] for q in quotes if not any(e["text"] == q["text"] for e in published["full-report"] + published["overview"])]
    if missing:
        raise SystemExit(f"quotes the reports do not print: {missing[:5]}")
    out = Path(__file__).parent / "published_quotations.json"
    out.write_text(json.dumps(published, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(published['full-report'])} quotations in the full report, {len(published['overview'])} in the overview, "
          f"written to {out}")


def main(seeds):
    report = (Path(seeds) / "001_88fb32e204e6fea7.txt").read_text(encoding="utf-8")
    # Words hyphenated across a line end (co-\nproduction) are joined back.
    overview = " ".join((Path(seeds) / "000_5c03d9bb4148a30a.txt").read_text(encoding="utf-8").replace("-\n", "-").split())
    headings = sorted((line, tid) for tid, _, line, _, _ in THEMES if line is not None)
    body_start = headings[0][0]

    def theme_at(line):
        current = None
        for start, tid in headings:
            if start <= line:
                current = tid
        return current

    quotes = []  # {text, themes, key}
    by_text = {}
    last_standalone = {}
    for line, words, standalone in report_quotes(report):
        if line < body_start:
            continue  # the introduction's citation of published work is not a storyteller's
        theme = theme_at(line)
        if words in by_text:
            quote = by_text[words]
            if theme not in quote["themes"]:
                quote["themes"].append(theme)
        else:
            quote = {"text": words, "themes": [theme], "key": False, "source": "full report"}
            by_text[words] = quote
            quotes.append(quote)
        if standalone:
            last_standalone[theme] = quote
    for quote in last_standalone.values():
        quote["key"] = True
    for theme, words, key in OVERVIEW_QUOTES:
        if words not in overview:
            raise SystemExit(f"overview quote not found verbatim: {words!r}")
        if words in by_text:
            quote = by_text[words]
            if theme not in quote["themes"]:
                quote["themes"].append(theme)
            quote["key"] = quote["key"] or key
        else:
            quote = {"text": words, "themes": [theme], "key": key, "source": "overview"}
            by_text[words] = quote
            quotes.append(quote)
    add_prose_quotations(report, overview, quotes, by_text, theme_at, body_start)
    out = Path(__file__).parent / "quotes.json"
    out.write_text(json.dumps(quotes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(quotes)} quotes, {sum(q['key'] for q in quotes)} key, written to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
