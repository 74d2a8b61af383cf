#!/usr/bin/env python3
"""Checks that a scaled build's outputs show the figures `storyloom analyse` computes: the
storyteller total and each sector's share in the full report's chart, and each finding's story
count in the sector diagram's DOT. Exits 1 on the first mismatch.
usage: check_figures.py WHO_TOLD.json SECTOR_REGIONS.json FULL_REPORT.txt SECTOR_DIAGRAM.dot"""
import json
import re
import sys

who_path, regions_path, report_path, dot_path = sys.argv[1:5]
who = json.load(open(who_path, encoding="utf-8"))["rows"]
regions = json.load(open(regions_path, encoding="utf-8"))["rows"]
# The text report wraps lines: compare with runs of whitespace made one space.
report = re.sub(r"\s+", " ", open(report_path, encoding="utf-8").read())
dot = open(dot_path, encoding="utf-8").read()

failures = []
sectors = [row for row in who if row["group"] == "sector"]
total = sectors[0]["of"]
# The full report's chart of sectors and roles (its pages' chart shortcode): the caption names
# the total, each sector's bar its share.
total_text = f"{total:,}"
if f"Share of the {total_text} storytellers" not in report and f"Share of the {total} storytellers" not in report:
    failures.append(f"the full report's chart does not say 'Share of the {total} storytellers'")
for row in sectors:
    if not re.search(re.escape(row["label"]) + r" \S* ?" + str(row["percent"]) + "%", report):
        failures.append(f"the full report's chart does not show {row['label']} {row['percent']}%")
placed = [row for row in regions if row["region"]]
for row in placed:
    shown = f"{row['title']} ({row['stories']})"
    if shown not in dot:
        failures.append(f"the sector diagram does not show {shown}")

if failures:
    print("FAILED: " + "; ".join(failures))
    sys.exit(1)
print(f"figures match analyse: {total} storytellers, {len(sectors)} sector shares, {len(placed)} findings with their story counts")
