"""Command line: ``python -m synthetic --scale tiny --seed 42 --out data/landing``."""

from __future__ import annotations

import argparse
import sys

from . import config as C
from .run import generate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m synthetic",
        description=(
            "Schrijf synthetische bronbestanden (volgens de broncontracten) naar een landingszone."
        ),
    )
    parser.add_argument(
        "--scale",
        choices=sorted(C.SCALES),
        default="tiny",
        help="tiny (tests, seconden), small (demo), national (echte omvang)",
    )
    parser.add_argument(
        "--fraction",
        type=float,
        default=None,
        help="nationale schaal x F voor populatie, Polis en EBB (enquêtes op "
        "echte omvang), bv. 0.01; vervangt --scale",
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", default="data/landing", help="landingszone (map)")
    parser.add_argument(
        "--sources", default="", help=f"kommagescheiden deelverzameling van {','.join(C.SOURCES)}"
    )
    parser.add_argument(
        "--periods",
        default="",
        help="kommagescheiden perioden, bv. 2024,2024Q1 (een jaar kiest ook zijn kwartalen)",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=None,
        help="werkprocessen voor de populatiedoorloop (standaard: aantal kernen, max. 2)",
    )
    parser.add_argument("--quiet", action="store_true", help="geen voortgang op stderr")
    args = parser.parse_args(argv)
    sources = [s.strip() for s in args.sources.split(",") if s.strip()] or None
    periods = [p.strip() for p in args.periods.split(",") if p.strip()] or None
    scale = args.scale
    if args.fraction is not None:
        try:
            scale = C.national_fraction(args.fraction).name
        except ValueError as error:
            parser.error(str(error))
    generate(
        scale,
        args.seed,
        args.out,
        sources=sources,
        periods=periods,
        quiet=args.quiet,
        jobs=args.jobs,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
