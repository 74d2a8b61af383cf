"""Builds reports/copro/corpus.json, the sample corpus, from frame.py and quotes.json.

    python3 scripts/sample-corpus/make_corpus.py

Deterministic: a fixed seed, and the same inputs give the same bytes.

The study published only aggregate figures about its 100 storytellers, so which storyteller
carries which tag, how they group into stories and which story each quote comes from are
synthetic: chosen here so that the corpus reproduces every published figure exactly, and so
that each theme's quotes come from storytellers of plausible sectors.
"""
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
from frame import THEMES  # noqa: E402

ROOT = HERE.parent.parent
rng = random.Random(2022)

SECTORS = ["research", "policy", "services"]
PEOPLE = [f"st{n:03d}" for n in range(1, 101)]
EARLIER = PEOPLE[85:]  # the 15 lived-experience stories of the earlier project


def pick(pool, count, must=()):
    """`count` people from `pool`, always including `must`, in a seeded order."""
    must = [p for p in pool if p in set(must)]
    rest = [p for p in pool if p not in set(must)]
    rng.shuffle(rest)
    chosen = must + rest[: count - len(must)]
    assert len(chosen) == count, (count, len(must))
    return set(chosen)


def cover(total_sets, counts, everyone, fixed=None):
    """Sets of exactly `counts` members such that every person is in at least one."""
    fixed = fixed or {}
    names = list(counts)
    sets = {name: set(fixed.get(name, ())) for name in names}
    uncovered = [p for p in everyone if not any(p in s for s in sets.values())]
    rng.shuffle(uncovered)
    # Deal uncovered people round the sets that still have room, then fill each at random.
    i = 0
    for person in uncovered:
        for _ in range(len(names)):
            name = names[i % len(names)]
            i += 1
            if len(sets[name]) < counts[name]:
                sets[name].add(person)
                break
    for name in names:
        sets[name] = pick(everyone, counts[name], must=sets[name])
    assert all(any(p in s for s in sets.values()) for p in everyone)
    return sets


# Who is telling the stories? (the full report's published figures)
sectors = cover(None, {"research": 64, "policy": 43, "services": 63}, PEOPLE)
roles = cover(None, {"lived-experience": 55, "facilitator": 62, "professional": 55}, PEOPLE,
              fixed={"lived-experience": EARLIER})
field_counts = {"health-social-care": 72, "housing": 8, "local-authorities": 7, "communities": 6, "education": 5,
                "equality-diversity": 3, "justice": 2, "employment": 2}
fields = cover(None, field_counts, PEOPLE)

attributes = {p: {} for p in PEOPLE}


def assign(key, values, pool=PEOPLE):
    """Gives each value (a list, one per person) to distinct people of `pool`."""
    people = [p for p in pool if key not in attributes[p]]
    rng.shuffle(people)
    for person, value in zip(people, values):
        attributes[person][key] = value


assign("gender", ["female"] * 60 + ["male"] * 30)
assign("gender_identity", ["cisgender"] * 5 + ["transgender"])
assign("sexuality", ["gay"] * 4 + ["LGBTQIA+"] * 4 + ["straight"])
assign("disability", [["mental-health"]] * 10 + [["physical"]] * 6 + [["mental-health", "physical"]] * 3
       + [["long-term-condition"]] * 4 + [["sensory"]] * 2 + [["learning-disability"]])
assign("neurodiverse", [True] * 12)
assign("carer", [True] * 7)
assign("ethnicity", ["white"] * 13 + ["British Pakistani"] * 4 + ["minority ethnic"] * 2
       + ["Bangladeshi", "Black African", "Arabic", "Asian", "Greek", "Mixed white and Chinese", "British Nigerian",
          "person of colour"])
assign("age", [20, 24, 29, 31, 34, 38, 41, 45, 47, 52, 54, 58, 61, 63, 67, 72, 78, 85])
lived = sorted(roles["lived-experience"])
assign("lived_experience", [["addiction"]] * 5 + [["homelessness"]] * 4 + [["poverty"]] * 3
       + [["adverse-childhood-experiences"]] * 2 + [["prison"]] * 2 + [["adoption"], ["care"], ["psychiatric-hospital"],
                                                                       ["sexual-exploitation"]], pool=lived)

storytellers = []
for person in PEOPLE:
    storytellers.append({
        "id": person,
        "roles": [r for r in ["lived-experience", "facilitator", "professional"] if person in roles[r]],
        "sectors": [s for s in SECTORS if person in sectors[s]],
        "fields": [f for f in field_counts if person in fields[f]],
        "attributes": {k: attributes[person][k] for k in sorted(attributes[person])},
    })

# Stories: 85 people from the 2022 call (most one-to-one, five groups of 2 to 9), then the
# 15 one-to-one stories of the earlier project.
call = PEOPLE[:85]
group_sizes = [2, 2, 3, 4, 9]
shuffled = call[:]
rng.shuffle(shuffled)
groups = []
at = 0
for size in group_sizes:
    groups.append(sorted(shuffled[at:at + size]))
    at += size
groups += [[p] for p in sorted(shuffled[at:])]
groups.sort(key=lambda g: g[0])
stories = []
for n, members in enumerate(groups + [[p] for p in EARLIER], start=1):
    earlier = members[0] in EARLIER
    month, day = (3 + n % 5, 1 + (n * 7) % 28) if not earlier else (2 + n % 9, 1 + (n * 11) % 28)
    stories.append({
        "id": f"s{n:03d}",
        "storytellers": members,
        "format": "group" if len(members) > 1 else "one-to-one",
        "reporter": f"cr{1 + n % 8:02d}",
        "recorded": f"{2021 if earlier else 2022}-{month:02d}-{day:02d}",
        "source": "earlier-project" if earlier else "2022-call",
    })


def story_sectors(story):
    return {s for s in SECTORS if any(p in sectors[s] for p in story["storytellers"])}


def story_lived(story):
    return any(p in roles["lived-experience"] for p in story["storytellers"])


# Which sectors each finding's stories come from, so the sector diagram has something to show.
FLAVOUR = {
    "key-learning.diversity": {"research", "policy", "services"},
    "key-learning.lived-experience": {"research", "services"},
    "key-learning.depth": {"research"},
    "key-learning.co-learning": {"research", "policy"},
    "key-learning.power": {"policy", "services"},
    "key-learning.driving-change": {"services"},
    "key-learning.collective": {"policy"},
    "key-learning.change": {"policy", "services"},
    "key-learning.trust": {"research", "policy", "services"},
}
WORDS = {
    "research": ("research", "academic", "universit", "study", "evidence", "paper"),
    "services": ("service", "NHS", "patient", "hospital", "housing", "school", "staff", "care"),
    "policy": ("policy", "government", "council", "commission", "local authorit", "decision"),
}


def flavour(quote):
    theme = quote["themes"][0]
    for prefix, wanted in FLAVOUR.items():
        if theme == prefix or theme.startswith(prefix + "."):
            return wanted
    hinted = {s for s, words in WORDS.items() if any(w.lower() in quote["text"].lower() for w in words)}
    return hinted or set(SECTORS)


quotes = json.loads((HERE / "quotes.json").read_text(encoding="utf-8"))
story_quotes = {s["id"]: [] for s in stories}
out_quotes = []
for n, quote in enumerate(quotes, start=1):
    wanted = flavour(quote)
    needs_lived = any(t.startswith("key-learning.lived-experience") for t in quote["themes"])
    pool = [s for s in stories if story_sectors(s) and story_sectors(s) <= wanted and (story_lived(s) or not needs_lived)]
    if not pool:
        pool = [s for s in stories if story_sectors(s) & wanted]
    # The least-used story of the pool, then the first by id: spreads quotes evenly.
    story = min(pool, key=lambda s: (len(story_quotes[s["id"]]), s["id"]))
    story_quotes[story["id"]].append(n)
    entry = {"id": f"q{n:03d}", "story": story["id"], "text": quote["text"], "themes": quote["themes"], "key": quote["key"]}
    if quote["source"] == "overview":
        entry["note"] = "from the overview report"
    # A quotation the reports print inside their own prose, or a fragment (a word, a clause, a
    # bullet phrase): an extra key the format keeps; pages place it inline, never as a pull quote.
    if quote.get("inline"):
        entry["inline"] = True
    out_quotes.append(entry)

theme_order = [t[0] for t in THEMES]
titles = {t[0]: t[1] for t in THEMES}
CHANGE_LEVEL = {"impacts.individuals.": "individual", "impacts.organisations.": "organisation", "impacts.society.": "society"}
for story in stories:
    coded = []
    changes = {"individual": [], "organisation": [], "society": []}
    for n in story_quotes[story["id"]]:
        for theme in out_quotes[n - 1]["themes"]:
            if theme not in coded:
                coded.append(theme)
            for prefix, level in CHANGE_LEVEL.items():
                if theme.startswith(prefix) and titles[theme] not in changes[level]:
                    changes[level].append(titles[theme])
    coded.sort(key=theme_order.index)
    first = titles[coded[0]].lower() if coded else "co-production"
    story["title"] = f"{'A group' if story['format'] == 'group' else 'One'} co-producer{'s' if story['format'] == 'group' else ''} on {first}"
    story["themes"] = coded
    story["changes"] = changes

order_in_parent = {}
themes = []
for tid, title, _line, tags, summary in THEMES:
    parent = tid.rsplit(".", 1)[0] if "." in tid else None
    order_in_parent[parent] = order_in_parent.get(parent, 0) + 1
    theme = {"id": tid, "title": title}
    if parent:
        theme["parent"] = parent
    theme.update({"order": order_in_parent[parent], "tags": tags, "summary": summary})
    themes.append(theme)

corpus = {
    "format": "storyloom-corpus/1",
    "project": {
        "title": "The Value of Co-Production",
        "subtitle": "Community Reporting: a summary of findings",
        "organisation": "Co-Production Collective",
        "partners": ["People's Voice Media", "Curators of Change"],
        "date": "2022-10-31",
        "version": "1.0",
        "summary": "One hundred people who co-produce research, policy and services told their stories of what "
                   "co-production is, what it feels like and what it achieves. This corpus holds the study's coding "
                   "frame, the quotations its reports publish, and profiles of the storytellers.",
        "method": "Stories were gathered as peer-to-peer dialogue interviews by Community Reporters, reviewed story by "
                  "story, and grouped into themes with storytellers in sense-making workshops.\n\n"
                  "**What in this corpus is synthetic.** The study published only aggregate figures about its "
                  "storytellers. Which storyteller carries which sector, role, field or self-described attribute, how "
                  "people group into stories, and which story each quotation comes from are therefore invented: "
                  "assigned deterministically (by `scripts/sample-corpus/make_corpus.py`) so that the corpus reproduces "
                  "every published figure exactly and each theme's quotations come from storytellers of plausible "
                  "sectors. The themes, their titles and the quotations themselves are the study's; the theme "
                  "summaries are Storyloom's paraphrases.",
        "links": [{"label": "Co-Production Collective", "url": "https://www.coproductioncollective.co.uk/"}],
        "key_findings": [
            "Co-production works best as a practice guided by shared values, not as a fixed method to follow step by step.",
            "It adds real value to research and helps services fit the needs of the people who use them.",
            "It is often hard, but support, shared learning and places to meet help co-producers get past the obstacles.",
        ],
        "introduction": "This report brings together what 100 co-producers told Community Reporters about the value of "
                        "co-production: the good, the difficult, and what changed because of it.",
        "community_reporting": "Community Reporting helps people tell their own stories, in their own way, with "
                               "peers, and then connects those stories to the people and organisations able to act "
                               "on them.",
        "stages": [
            {"id": "probing", "title": "Probing: gathering stories",
             "summary": "Community Reporters recorded open conversations that began from a single starting question."},
            {"id": "sense-making", "title": "Sense-making: curating stories",
             "summary": "Each story was reviewed for key quotes, themes and changes, then grouped into findings with participants."},
            {"id": "responding", "title": "Responding: mobilising stories",
             "summary": "The findings are shared through this report, an overview and clips, so others can learn and act."},
        ],
        "who_told_intro": "Storytellers said whether their co-production touched research, policy or services, and "
                          "which roles they held; many chose more than one. They also described themselves in their "
                          "own words.",
        "sector_impacts_intro": "The findings overlap across research, policy and services. The diagram places each "
                                "finding where the stories that support it come from.",
        "conclusion": "The storytellers described a wide range of benefits for people, organisations and society, and "
                      "were frank about the difficulties. Most felt the extra effort was worth it.",
    },
    "vocabularies": {
        "sectors": [
            {"id": "research", "label": "Research"},
            {"id": "policy", "label": "Policy"},
            {"id": "services", "label": "Services"},
        ],
        "roles": [
            {"id": "lived-experience", "label": "Lived experience", "description": "A person with lived experience"},
            {"id": "facilitator", "label": "Facilitator", "description": "A facilitator of co-production"},
            {"id": "professional", "label": "In their job", "description": "Involved in co-production as part of their job"},
        ],
        "fields": [
            {"id": "health-social-care", "label": "Health and social care"},
            {"id": "housing", "label": "Housing"},
            {"id": "local-authorities", "label": "Local authorities"},
            {"id": "communities", "label": "Communities"},
            {"id": "education", "label": "Education"},
            {"id": "equality-diversity", "label": "Equality and diversity"},
            {"id": "justice", "label": "The justice system"},
            {"id": "employment", "label": "Employment"},
        ],
    },
    "themes": themes,
    "storytellers": storytellers,
    "stories": stories,
    "quotes": out_quotes,
}

target = ROOT / "reports" / "copro" / "corpus.json"
target.parent.mkdir(parents=True, exist_ok=True)
target.write_text(json.dumps(corpus, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
print(f"wrote {target}: {len(storytellers)} storytellers, {len(stories)} stories, {len(out_quotes)} quotes, {len(themes)} themes")
