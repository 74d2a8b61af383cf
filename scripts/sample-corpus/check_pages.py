"""Checks the narrative pages of the sample project against the corpus and the published report.

    python3 scripts/sample-corpus/check_pages.py [pages folder]

Default folder: reports/copro/pages/full-report. For every page: each `{{< ... >}}` parses as a
name then arguments and key=value pairs (values may be "quoted"); each quote id exists in
reports/copro/corpus.json; a quote marked inline is never placed alone in its paragraph. Every
quotation that published_quotations.json lists under a section whose title is a heading of the
pages must be placed, in the published order. Prints the words of the pages' own prose and an
estimate of the built text's words with the quotations expanded.
"""
import json
import re
import shlex
import sys
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent.parent
SHORTCODE = re.compile(r"\{\{<(.*?)>\}\}", re.S)
NAMES = {"count", "share", "quote", "key-quotes", "chart", "table", "sector-diagram", "contents", "range", "block"}


def parse(body):
    """(name, args, options) of a shortcode's inside, or raises ValueError."""
    words = shlex.split(body)
    if not words or not re.fullmatch(r"[a-z][a-z-]*", words[0]):
        raise ValueError("a shortcode starts with its name")
    args, options = [], {}
    for word in words[1:]:
        if "=" in word:
            key, value = word.split("=", 1)
            if not re.fullmatch(r"[a-z][a-z_.-]*[a-z_]", key) or value == "":
                raise ValueError(f"bad option {word!r}")
            options[key] = value
        else:
            args.append(word)
    return words[0], args, options


def normal(title):
    return re.sub(r"[\s\-–]+", " ", title.strip().lower().replace("the same", "same"))


def main(folder):
    corpus = json.loads((ROOT / "reports/copro/corpus.json").read_text(encoding="utf-8"))
    quotes = {q["id"]: q for q in corpus["quotes"]}
    titles = {t["id"]: normal(t["title"]) for t in corpus["themes"]}
    published = json.loads((HERE / "published_quotations.json").read_text(encoding="utf-8"))["full-report"]
    pages = sorted(Path(folder).glob("*.md"))
    errors, placed, headings = [], [], set()
    own_words = quote_words = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
        for heading in re.findall(r"^#{1,6}\s+(.+)$", body, flags=re.M):
            headings.add(normal(heading))
        for paragraph in re.split(r"\n\s*\n", body):
            alone = re.fullmatch(r"\s*\{\{<.*?>\}\}\s*", paragraph, flags=re.S) is not None
            for match in SHORTCODE.finditer(paragraph):
                where = f"{page.name}: {{{{<{match.group(1)}>}}}}"
                try:
                    name, args, options = parse(match.group(1))
                except ValueError as error:
                    errors.append(f"{where}: {error}")
                    continue
                if name not in NAMES:
                    errors.append(f"{where}: unknown shortcode {name!r}")
                if name == "quote":
                    if len(args) != 1 or args[0] not in quotes:
                        errors.append(f"{where}: no such quote")
                        continue
                    quote = quotes[args[0]]
                    if alone and quote.get("inline"):
                        errors.append(f"{where}: an inline quote placed as a pull quote")
                    placed.append(args[0])
                    quote_words += len(quote["text"].split())
            if not paragraph.lstrip().startswith("#"):
                prose = SHORTCODE.sub(" ", paragraph)
                own_words += len(re.findall(r"[A-Za-z0-9’'][\w’'\-]*", prose))
    # Figures: each count/share shortcode stands for one word or a short phrase.
    figures = sum(1 for page in pages for m in SHORTCODE.finditer(page.read_text(encoding="utf-8"))
                  if m.group(1).split()[0] in ("count", "share"))
    expected = [e for e in published if titles.get(e["section"]) in headings]
    missing = [e["id"] for e in expected if e["id"] not in placed]
    if missing:
        errors.append(f"published quotations not placed: {', '.join(missing)}")
    order = [p for p in dict.fromkeys(placed) if p in {e["id"] for e in expected}]
    wanted = [i for i in dict.fromkeys(e["id"] for e in expected) if i in order]
    if order != wanted:
        first = next(i for i, (a, b) in enumerate(zip(order, wanted)) if a != b)
        errors.append(f"quotations out of the published order from {order[first]} (expected {wanted[first]})")
    for error in errors:
        print("error:", error)
    print(f"{len(pages)} pages, {len(placed)} quotes placed ({len(set(placed))} distinct), "
          f"{len(expected)} published quotations expected in these sections, {len(missing)} missing")
    print(f"own prose: {own_words} words; quotations: {quote_words} words; "
          f"estimated built text: {own_words + quote_words + figures} words")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ROOT / "reports/copro/pages/full-report"))
