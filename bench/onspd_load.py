"""Time `manage.py load_postcodes` on a synthetic ONS Postcode Directory the size of the real one.

The file has the real ONSPD's headings (52 columns) and 2.7 million rows by default, one in ten
terminated (doterm set, left out by the loader), each live postcode with an LSOA, ward and
council. Each loader runs in a child process, so its peak memory (max RSS) and CPU time are its
own: the PostgreSQL path of `load_postcodes` (COPY and one upsert) and, for comparison, batches
of INSERT ... ON CONFLICT (its SQLite path), each into an empty table and then over a full one. Refuses a database whose name does not contain "bench".

    createdb -h 127.0.0.1 -U postgres fh_bench_geo
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_geo .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/fh_bench_geo nice -n 10 \\
        .venv/bin/python bench/onspd_load.py --rows 2700000
"""

import argparse
import csv
import os
import random
import resource
import subprocess
import sys
import time
from itertools import product
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADINGS = [
    "pcd",
    "pcd2",
    "pcds",
    "dointr",
    "doterm",
    "oscty",
    "ced",
    "oslaua",
    "osward",
    "parish",
    "usertype",
    "oseast1m",
    "osnrth1m",
    "osgrdind",
    "oshlthau",
    "nhser",
    "ctry",
    "rgn",
    "streg",
    "pcon",
    "eer",
    "teclec",
    "ttwa",
    "pct",
    "itl",
    "statsward",
    "oa01",
    "casward",
    "npark",
    "lsoa01",
    "msoa01",
    "ur01ind",
    "oac01",
    "oa11",
    "lsoa11",
    "msoa11",
    "wz11",
    "sicbl",
    "bua22",
    "ru11ind",
    "oac11",
    "lat",
    "long",
    "lep1",
    "lep2",
    "pfa",
    "imd",
    "calncv",
    "icb",
    "oa21",
    "lsoa21",
    "msoa21",
]
AREAS = ("AB", "AL", "BA", "BB", "BD", "BH", "BL", "BN", "BR", "BS", "CB", "CM")
UNIT_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def postcodes():
    for area, district, sector in product(AREAS, range(1, 100), range(10)):
        for first, second in product(UNIT_LETTERS, repeat=2):
            yield f"{area}{district} {sector}{first}{second}"


def write_file(path: Path, rows: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADINGS)
        for index, code in zip(range(rows), postcodes(), strict=False):
            lsoa = f"E01{index // 1500:06d}"
            row = dict.fromkeys(HEADINGS, "")
            row |= {
                "pcd": code.replace(" ", ""),
                "pcd2": code,
                "pcds": code,
                "dointr": "198001",
                "doterm": "201006" if index % 10 == 9 else "",
                "oslaua": f"E06{index // 20000:06d}",
                "osward": f"E05{index // 5000:06d}",
                "lat": f"{50 + rng.random() * 5:.6f}",
                "long": f"{-4 + rng.random() * 5:.6f}",
                "lsoa11": lsoa,
                "lsoa21": lsoa,
                "ctry": "E92000001",
            }
            out.writerow(row.values())


# The loader as `manage.py load_postcodes` runs it, and the same rows through batches of
# INSERT ... ON CONFLICT (its path on SQLite), for comparison on PostgreSQL.
LOADERS = {
    "COPY (load_postcodes)": "from geo.loading import load_centroids as load; load(PATH)",
    "batched INSERTs": (
        "from django.db import transaction; from geo import loading as g; "
        "transaction.atomic(g._save_in_batches)(g.read_centroids(PATH), "
        "g._upsert(g.Postcode, ['postcode'], g.POSTCODE_FIELDS))"
    ),
}


def run_loader(path: Path, code: str) -> dict[str, float]:
    """Run one loader in a child process: its CPU time and peak memory are its own."""
    script = f"import django, pathlib; django.setup(); PATH = pathlib.Path({str(path)!r}); {code}"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": time.perf_counter() - started,
        "cpu_s": (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime),
        "max_rss_mb": after.ru_maxrss / 1024,  # the largest child so far (Linux: KB)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_700_000)
    parser.add_argument("--file", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "familyhubs.settings")
    import django

    django.setup()
    from django.db import connection

    from geo.models import Postcode

    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Use a database whose name contains 'bench'.")
    path = args.file or ROOT / "var" / f"onspd_synthetic_{args.rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        write_file(path, args.rows)
        print(
            f"wrote {path} ({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - started:.0f} s"
        )
    print(f"load average before: {os.getloadavg()}")
    expected = args.rows - args.rows // 10
    # Back to back, each loader into an empty table then over a full one (every row an
    # update, as each new release is), so that both meet the same machine load.
    for name, code in LOADERS.items():
        Postcode.objects.filter(source=path.stem).delete()
        for label in ("empty table", "every row an update"):
            figures = run_loader(path, code)
            print(
                f"{name}, {label}: {figures['wall_s']:.1f} s wall, {figures['cpu_s']:.1f} s "
                f"loader CPU, peak RSS so far {figures['max_rss_mb']:.0f} MB; "
                f"load average {os.getloadavg()}"
            )
        live = Postcode.objects.filter(source=path.stem).count()
        if live != expected:
            sys.exit(f"{name}: {live:,} live postcodes loaded, expected {expected:,}.")
    print(f"{expected:,} live postcodes loaded each time, as expected")


if __name__ == "__main__":
    main()
