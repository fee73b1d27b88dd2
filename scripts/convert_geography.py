"""Convert the third-party Moroccan divisions data into Twiza's own seed file.

Run once when the source data changes:
    python scripts/convert_geography.py ../shared/data/morocco crowdfund/geography/data/morocco.json
The application only ever reads the converted file.
"""

import json
import sys
from pathlib import Path

COMMUNE_KINDS = {"rural": "rural", "urbain": "urban", "urban": "urban"}


def _names(record):
    return {lang: record["name"][lang].strip() for lang in ("ar", "fr", "en", "es")}


def convert(source):
    regions = json.loads((source / "regions.json").read_text())["regions"]
    divisions = json.loads((source / "region-divisions.json").read_text())["region_divisions"]
    communes = json.loads((source / "communes.json").read_text())["communes"]

    region_codes = {r["id"]: f"R{int(r['id'].split('_')[1]):02d}" for r in regions}
    province_codes = {d["id"]: f"P{int(d['id'].split('_')[1]):03d}" for d in divisions}
    return {
        "source": "mahdiboughrous/moroccan-administrative-division-data (MIT)",
        "regions": [{"code": region_codes[r["id"]], **_names(r)} for r in regions],
        "provinces": [
            {
                "code": province_codes[d["id"]],
                "region": region_codes[d["region_id"]],
                "kind": d["type"],
                **_names(d),
            }
            for d in divisions
        ],
        "communes": [
            {
                "code": f"C{int(c['id'].split('_')[1]):04d}",
                "province": province_codes[c["region_division_id"]],
                "kind": COMMUNE_KINDS[c["type"]],
                **_names(c),
            }
            for c in communes
            if c["region_division_id"] in province_codes
        ],
    }


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(convert(source), ensure_ascii=False, indent=1) + "\n")
