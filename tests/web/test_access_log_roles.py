"""Every read of a client's data by someone other than the client is in that client's access log
once: pages, lists (one entry for each client shown), exports (one for each client in them).
What the page fetches by itself is not."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.db.models import AccessLogEntry, Client, Plan, ServiceEvent, User
from portal.domain.plans import month_start
from portal.domain.providers import ChoiceStatus
from portal.services import provider_work, settlements
from portal.services.paging import Where
from tests.pages import Page

TODAY = date.today()
LAST_MONTH = month_start(month_start(TODAY) - timedelta(days=1))


def _signed_in(app, username):
    client = app.test_client()
    assert client.sign_in(username).status_code == 303
    return client


def _new_rows(db, since: int):
    db.expire_all()
    return db.execute(select(AccessLogEntry.client_id, AccessLogEntry.action, AccessLogEntry.actor_role)
                      .where(AccessLogEntry.id > since).order_by(AccessLogEntry.id)).all()


def _last(db) -> int:
    return db.scalar(select(func.max(AccessLogEntry.id))) or 0


def _read(db, client, path):
    since = _last(db)
    response = client.get(path)
    assert response.status_code == 200, path
    return _new_rows(db, since)


def _aino(db):
    return db.scalar(select(Client).where(Client.client_number == "A0000001"))


def test_the_case_managers_reads(app, db):
    client = _signed_in(app, "casemanager")
    aino = _aino(db)
    own = set(db.scalars(select(Client.id).where(Client.case_manager_id == aino.case_manager_id)))
    rows = _read(db, client, "/case-manager/clients")
    assert sorted(r.client_id for r in rows) == sorted(own) and {r.action for r in rows} == {"view_client_list"}
    for path in (f"/case-manager/clients/{aino.id}", f"/case-manager/clients/{aino.id}/mandates",
                 f"/case-manager/clients/{aino.id}/timeline"):
        rows = _read(db, client, path)
        assert [r.client_id for r in rows] == [aino.id], path
    draft = db.scalar(select(Plan).where(Plan.client_id == aino.id, Plan.status == "proposed"))
    assert [r.client_id for r in _read(db, client, f"/case-manager/plans/{draft.id}")] == [aino.id]
    follow = _read(db, client, "/case-manager/follow-up")
    assert len(follow) == len({r.client_id for r in follow}) and {r.client_id for r in follow} <= own


def test_the_providers_reads(app, db):
    client = _signed_in(app, "provider")
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    counts = provider_work.client_counts(db, provider_id, TODAY)
    status = ChoiceStatus.PENDING if counts[ChoiceStatus.PENDING] else ChoiceStatus.ACCEPTED
    listed = [c.plan_line.plan.client_id for c in provider_work.clients_page(db, provider_id, TODAY, status, Where()).rows]
    rows = _read(db, client, "/provider/clients")
    assert sorted(r.client_id for r in rows) == sorted(set(listed))
    choice = next(c for c in provider_work.choices_of(db, provider_id, TODAY) if c.status == "accepted")
    assert [r.client_id for r in _read(db, client, f"/provider/clients/{choice.id}/record")] == [choice.plan_line.plan.client_id]
    shown = settlements.statement(db, provider_id, LAST_MONTH)
    first_page = settlements.statement_page(db, provider_id, LAST_MONTH, settlements.Showing.SERVICES, Where())
    rows = _read(db, client, f"/provider/services?month={LAST_MONTH:%Y-%m}")
    assert sorted(r.client_id for r in rows) == sorted(first_page.client_ids) and len(rows) == len(set(first_page.client_ids))
    event = shown.rows[0].event
    assert [r.client_id for r in _read(db, client, f"/provider/services/{event.id}/correction")] == [event.plan_line.plan.client_id]
    rows = _read(db, client, f"/provider/settlements/{LAST_MONTH.year}/{LAST_MONTH.month}.csv")
    assert sorted(r.client_id for r in rows) == sorted(shown.client_ids) and {r.action for r in rows} == {"export_settlement"}


def test_the_countys_exports(app, db):
    client = _signed_in(app, "admin")
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    shown = settlements.statement(db, provider_id, LAST_MONTH)
    rows = _read(db, client, f"/admin/settlements/{provider_id}/{LAST_MONTH.year}/{LAST_MONTH.month}.csv")
    assert sorted(r.client_id for r in rows) == sorted(shown.client_ids)
    assert _read(db, client, "/admin/overview") == []  # figures for the county, no client's data


def test_polling_is_not_a_read_but_the_messages_page_is(app, db):
    client = _signed_in(app, "relative")
    aino = _aino(db)
    with client.session_transaction() as session:
        session["acting_for"] = aino.id
    since = _last(db)
    assert client.get("/messages", headers={"HX-Request": "true", "X-Background-Request": "1"}).status_code == 200
    assert _new_rows(db, since) == []
    rows = _read(db, client, "/messages")
    assert [(r.client_id, r.action) for r in rows] == [(aino.id, "view_messages")]


@pytest.mark.parametrize("how", ["switched", "declined"])
def test_a_former_provider_no_longer_sees_the_client(app, db, how):
    provider_id = db.scalar(select(User.provider_id).where(User.username == "provider"))
    choice = next(c for c in provider_work.choices_of(db, provider_id, TODAY) if c.status == "accepted"
                  and c.plan_line.plan.client.client_number == "A0000001")
    name = choice.plan_line.plan.client.full_name
    if how == "switched":
        choice.valid_to = TODAY - timedelta(days=1)
    else:
        choice.status = "declined"
    db.commit()
    client = _signed_in(app, "provider")
    assert name not in client.get("/provider/clients").get_data(as_text=True)
    assert client.get(f"/provider/clients/{choice.id}/record").status_code == 404
    recorded = db.scalars(select(ServiceEvent).where(ServiceEvent.provider_id == provider_id,
                                                     ServiceEvent.plan_line_id == choice.plan_line_id)).first()
    if how == "switched":
        assert recorded is not None  # the demo's provider has served her: its own history stays readable
    if recorded is not None:
        history = Page(client.get(f"/provider/services?month={recorded.service_date:%Y-%m}").get_data(as_text=True))
        assert any(name in row for caption in history.captions() for row in history.table(caption))
