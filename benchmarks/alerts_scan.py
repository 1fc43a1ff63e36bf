"""How long the daily look over every service line takes, and how many alerts it finds: the heaviest part of
`flask --app portal send-alerts`, run once a day by the first sender.

    python -m benchmarks.alerts_scan [--database-url sqlite:///instance/bench.sqlite3] [--repeat 3]

It only reads (the alerts it finds are counted, not written), so it may be run on a copy of a real county.
"""

import argparse
import time
from collections import Counter
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from benchmarks.run import ROOT
from portal.db.models import PlanLine, ServiceEvent
from portal.db.session import make_engine
from portal.services import alerts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    engine = make_engine(args.database_url)
    with Session(engine) as db:
        lines = db.scalar(select(func.count()).select_from(PlanLine))
        events = db.scalar(select(func.count()).select_from(ServiceEvent))
        print(f"{lines:,} plan lines, {events:,} recorded services")
        for _ in range(args.repeat):
            started = time.perf_counter()
            due = alerts.due_for_lines(db, date.today())
            seconds = time.perf_counter() - started
            kinds = Counter(raised.due.kind.value for raised in due)
            print(f"{len(due):,} alerts due in {seconds:.2f} s: " + ", ".join(f"{k} {n:,}" for k, n in sorted(kinds.items())))
    engine.dispose()


if __name__ == "__main__":
    main()
