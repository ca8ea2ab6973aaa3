#!/usr/bin/env python3
"""Writes the coordinates of the 90 communes of 984/986/987/988/989 into communes.csv (issue 15 §4).

Source of each point: result.csv (derive.py, see REPORT.md), except five communes taken from the coordinates of their
Wikipedia article's infobox, recorded with the page read in wikipedia.csv:
- 98750 Taputapuatea, 98806 Farino, 98833 Kouaoua: no point in any source derive.py reads;
- 98413 Archipel des Crozet: derive.py's mean of two island groups falls at sea, Wikipedia's point is on Possession;
- 98716 Fakarava: derive.py's mean of the passes falls mid-lagoon, Wikipedia's point is on the rim near Rotoava.
Only rows with empty coordinates are touched; nothing else in the file changes (byte for byte).
Run from the repository root: python3 tools/com-coordinates/apply.py
"""
import csv
import pathlib

HERE = pathlib.Path(__file__).parent
COMMUNES = HERE.parents[1] / "src/Aiguillage.Web/Content/territories/communes.csv"
FROM_WIKIPEDIA = {"98413", "98716", "98750", "98806", "98833"}

points = {}
with open(HERE / "result.csv", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f, delimiter=";"):
        if row["latitude"]:
            points[row["code_insee"]] = (row["latitude"], row["longitude"])
with open(HERE / "wikipedia.csv", encoding="utf-8", newline="") as f:
    for row in csv.DictReader(f, delimiter=";"):
        if row["code_insee"] in FROM_WIKIPEDIA:
            points[row["code_insee"]] = (row["wiki_latitude"], row["wiki_longitude"])

raw = COMMUNES.read_bytes().decode("utf-8")
newline = "\r\n" if "\r\n" in raw else "\n"
lines = raw.split(newline)
written = 0
for i, line in enumerate(lines):
    fields = line.split(";")
    if len(fields) == 7 and fields[0] in points and fields[5] == "" and fields[6] == "":
        fields[5], fields[6] = points[fields[0]]
        lines[i] = ";".join(fields)
        written += 1
COMMUNES.write_bytes(newline.join(lines).encode("utf-8"))
print(f"{written} communes given coordinates; {len(points)} points known")
