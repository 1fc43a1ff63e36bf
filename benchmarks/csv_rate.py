"""How many rows a second the settlement CSV streams: the demo provider's last month, in Finnish.

    python -m benchmarks.csv_rate [--database-url sqlite:///instance/bench.sqlite3] [--repeat 3]
"""

import argparse
import time
from datetime import date, timedelta

from sqlalchemy import select

from benchmarks.run import ROOT, SECRET_KEY
from portal import create_app
from portal.db.models import User
from portal.db.session import get_session
from portal.domain.plans import month_start
from portal.web.exports import settlement_lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=f"sqlite:///{ROOT / 'instance' / 'bench.sqlite3'}")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    app = create_app({"DATABASE_URL": args.database_url, "SECRET_KEY": SECRET_KEY})
    month = month_start(month_start(date.today()) - timedelta(days=1))
    with app.test_request_context("/", headers={"Cookie": "lang=fi"}):
        provider_id = get_session().scalar(select(User.provider_id).where(User.username == "provider"))
        for _ in range(args.repeat):
            started, rows, size = time.perf_counter(), 0, 0
            for chunk in settlement_lines(provider_id, month):
                rows, size = rows + chunk.count("\r\n"), size + len(chunk.encode())
            seconds = time.perf_counter() - started
            print(f"{rows} rows, {size / 1e6:.1f} MB in {seconds:.2f} s: {rows / seconds:,.0f} rows/s")


if __name__ == "__main__":
    main()
