"""Command-line tasks: `flask --app portal db-upgrade` and `flask --app portal demo-data`."""

from datetime import date

import click
from flask import Flask, current_app
from sqlalchemy import select

from portal.db.migrate import upgrade
from portal.db.models import County
from portal.db.session import get_session


@click.command("db-upgrade")
def db_upgrade_command() -> None:
    """Apply the database migrations."""
    upgrade(current_app.config["DATABASE_URL"])
    click.echo("Database is up to date.")


@click.command("demo-data")
@click.option("--if-empty", is_flag=True, help="Only when the database has no data yet.")
def demo_data_command(if_empty: bool) -> None:
    """Load the demo county, clients, providers and demo accounts."""
    from portal import demo_data

    db = get_session()
    if if_empty and db.scalar(select(County.id).limit(1)) is not None:
        click.echo("The database already has data; demo data not loaded.")
        return
    demo_data.load(db, date.today())
    db.commit()
    click.echo("Demo data loaded. Demo accounts: " + ", ".join(demo_data.ACCOUNTS))


def init_app(app: Flask) -> None:
    app.cli.add_command(db_upgrade_command)
    app.cli.add_command(demo_data_command)
