"""Extracts every quotation of the study's reports into quotes.json (run once, by hand).

    python3 scripts/sample-corpus/extract_quotes.py ../shared/seeds

The seeds are not part of the repository, so quotes.json is committed and make_corpus.py
builds the corpus from it. A quotation is italic text opening with a quotation mark
(*“...”* or *"..."*), or a line that is a quotation on its own; its words are kept verbatim.
Each is coded to the heading it stands under (see frame.py); the same words under two
headings are one quote coded to both.

Key quotes: the last quotation set apart on its own line (a bullet or a line that is only a
quote) before the next heading is that section's last word, and is marked key.
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
    out = Path(__file__).parent / "quotes.json"
    out.write_text(json.dumps(quotes, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(quotes)} quotes, {sum(q['key'] for q in quotes)} key, written to {out}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/seeds")
