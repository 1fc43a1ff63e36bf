"""Command-line tasks: `flask --app portal db-upgrade`, `demo-data`, `scale-data`, `check-ledger` and `send-alerts`."""

import secrets
import time
from datetime import date

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from portal.db.migrate import upgrade
from portal.db.models import County
from portal.db.session import get_session


@click.command("db-upgrade")
@with_appcontext
def db_upgrade_command() -> None:
    """Apply the database migrations."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@click.command("demo-data")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Only when the database has no data yet.")
def demo_data_command(if_empty: bool) -> None:
    """Load the demo county, clients, providers and demo accounts."""
    from portal import demo_data

    db = get_session()
    if if_empty and db.scalar(select(County.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    demo_data.load(db, date.today(), identity_secret=current_app.config["IDENTITY_KEY_SECRET"])
    db.commit()
    click.echo("Demo data loaded. Demo accounts: " + ", ".join(demo_data.ACCOUNTS))


@click.command("scale-data")
@with_appcontext
@click.option("--clients", default=60_000, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--providers", default=3_000, show_default=True, type=click.IntRange(1, 100_000))
@click.option("--events", default=10_000_000, show_default=True, type=click.IntRange(0, 100_000_000),
              help="About this many recorded services over twelve months.")
def scale_data_command(clients: int, providers: int, events: int) -> None:
    """A county of the given size on top of the demo data (loaded first if the database is empty)."""
    from portal import demo_data, scale_data

    db = get_session()
    if db.scalar(select(County.id).limit(1)) is None:
        demo_data.load(db, date.today(), identity_secret=current_app.config["IDENTITY_KEY_SECRET"])
        db.commit()
    db.close()
    started = time.monotonic()
    with current_app.extensions["db_engine"].connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA synchronous = OFF")
            connection.exec_driver_sql("PRAGMA cache_size = -1000000")  # 1 GB while loading
        added = scale_data.generate(connection, date.today(), clients, providers, events, say=click.echo)
    click.echo(f"Added in {time.monotonic() - started:.0f} s: "
               + ", ".join(f"{count} {table}" for table, count in sorted(added.items())))


@click.command("check-ledger")
@with_appcontext
def check_ledger_command() -> None:
    """Check every stored running total against the ledger entries and recordings it sums up."""
    from portal.services import ledger

    found = ledger.discrepancies(get_session())
    for line in found:
        click.echo(line)
    if found:
        raise click.exceptions.Exit(1)
    click.echo("Every running total equals its ledger entries.")


@click.command("send-alerts")
@with_appcontext
def send_alerts_command() -> None:
    """Write today's alerts once, and send the waiting e-mails; safe to run from cron on several servers at once."""
    from portal.services import county, delivery
    from portal.services.mail import mailer_for
    from portal.web.alert_mail import composer

    the_county = county.the_county()
    compose = composer(current_app, lambda language: the_county.name_sv if language == "sv" else the_county.name_fi)
    report = delivery.send_alerts(compose, mailer_for(current_app.config), date.today(), token=secrets.token_hex(16))
    scanned = "already done today" if report.scanned is None else f"{report.scanned} new alerts"
    click.echo(f"Looked over the service lines: {scanned}. E-mails sent: {report.sent}, to try again: {report.retry}, "
               f"failed: {report.failed}, left by a stopped sender: {report.given_up}.")
    for error in sorted(set(report.errors)):
        click.echo(f"Mail server: {error}", err=True)


def init_app(app: Flask) -> None:
    app.cli.add_command(db_upgrade_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(scale_data_command)
    app.cli.add_command(check_ledger_command)
    app.cli.add_command(send_alerts_command)
