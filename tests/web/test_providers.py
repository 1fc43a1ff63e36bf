from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from portal.db.models import (
    Client,
    Mandate,
    Municipality,
    Plan,
    PlanLine,
    Provider,
    ProviderChoice,
    ProviderLanguage,
    ProviderOffering,
    ProviderRating,
    ServiceType,
    User,
)
from tests.pages import Page


def _client_id(db):
    return db.scalar(select(User.client_id).where(User.username == "client"))


def _line(db, code):
    return db.scalar(
        select(PlanLine)
        .join(Plan)
        .join(ServiceType)
        .where(Plan.client_id == _client_id(db), Plan.status == "accepted", ServiceType.code == code)
    )


def _listed(page):
    """The providers listed, in order, by the box that picks each one for comparing."""
    return [int(box["id"].removeprefix("compare-")) for box in Page(page).soup.select('input[id^="compare-"]')]


def _eligible_ids(db, line):
    municipality_id = line.plan.client.municipality_id
    return set(
        db.scalars(
            select(ProviderOffering.provider_id).where(
                ProviderOffering.service_type_id == line.service_type_id,
                ProviderOffering.approved_on.is_not(None),
                ProviderOffering.provider.has(Provider.municipalities.any(Municipality.id == municipality_id)),
            )
        )
    )


def test_only_approved_providers_serving_the_clients_municipality_are_listed(signed_in_client, db):
    line = _line(db, "transport")
    page = signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True)
    listed = _listed(page)
    assert listed and set(listed) == _eligible_ids(db, line)


def test_a_price_not_yet_approved_is_never_shown(signed_in_client, db):
    line = _line(db, "transport")
    provider = Provider(name="Waiting Oy", business_id="7654321-6", phone="1", email="e")
    provider.municipalities = [line.plan.client.municipality]
    pending = ProviderOffering(provider=provider, service_type_id=line.service_type_id, unit_price_cents=2000,
                               valid_from=date(2025, 1, 1), approved_on=None)
    db.add_all([provider, pending])
    db.commit()
    page = signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True)
    assert pending.provider_id not in _listed(page)
    assert signed_in_client.get(f"/plan/lines/{line.id}/providers/{pending.provider_id}").status_code == 404


def test_each_provider_shows_price_voucher_value_and_own_share(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    page = signed_in_client.get(f"/plan/lines/{line.id}/providers?sort=name").get_data(as_text=True)
    text = Page(page).text()
    assert "€25.00 per trip" in text  # the voucher value
    above = [o for o in db.scalars(select(ProviderOffering).where(ProviderOffering.service_type_id == line.service_type_id))
             if o.unit_price_cents > 2500 and o.provider_id in _listed(page)]
    if above:
        share = above[0].unit_price_cents - 2500
        assert f"€{share // 100}.{share % 100:02d} per trip, €{share * 4 // 100}.{share * 4 % 100:02d} a month for 4 trips" in text
    assert "No own share: the voucher covers the whole price." in text


def test_the_filters_are_a_get_form_with_a_shareable_url(signed_in_client, db):
    line = _line(db, "transport")
    url = f"/plan/lines/{line.id}/providers?language=sv&new_clients=y&sort=rating"
    page = signed_in_client.get(url).get_data(as_text=True)
    listed = _listed(page)
    assert listed
    for provider in db.scalars(select(Provider).where(Provider.id.in_(listed))):
        assert "sv" in {language.language for language in provider.languages}
        assert provider.accepts_new_clients
    soup = Page(page).soup
    assert soup.select_one('input[value="sv"]').has_attr("checked")
    form = soup.find("form", method="get", action=f"/plan/lines/{line.id}/providers")
    assert form.has_attr("data-hx-get") and form["data-hx-push-url"] == "true"


def test_sorting_by_rating_puts_the_best_first(signed_in_client, db):
    line = _line(db, "meals")
    page = signed_in_client.get(f"/plan/lines/{line.id}/providers?sort=rating").get_data(as_text=True)
    listed = _listed(page)
    rows = db.execute(select(ProviderRating.provider_id, func.avg(ProviderRating.score), func.count())
                      .where(ProviderRating.provider_id.in_(listed)).group_by(ProviderRating.provider_id)).all()
    averages = {provider_id: round(average, 1) for provider_id, average, count in rows if count >= 5}
    counts = {provider_id: count for provider_id, _average, count in rows}
    shown = [averages[i] for i in listed if i in averages]
    assert shown == sorted(shown, reverse=True)
    rest = listed[len(shown):]
    assert all(i not in averages for i in rest), "those without an average shown (fewer than five ratings) come last"
    assert [counts.get(i, 0) for i in rest] == sorted((counts.get(i, 0) for i in rest), reverse=True)


def test_an_empty_result_says_what_to_change(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    url = f"/plan/lines/{line.id}/providers?specialism=memory_disorders&specialism=disabilities&specialism=mental_health&specialism=palliative_care"
    page = Page(signed_in_client.get(url).get_data(as_text=True))
    assert page.announces("No provider matches the filters.")
    assert "Try removing a language or a specialism" in page.text()


def test_an_invalid_filter_value_is_an_error_on_the_form(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers?sort=price-desc").get_data(as_text=True))
    assert page.title().startswith("Error: ") and "#sort" in [target for _words, target in page.error_summary()]


def test_htmx_gets_only_the_results_and_the_count(signed_in_client, db):
    line = _line(db, "transport")
    response = signed_in_client.get(f"/plan/lines/{line.id}/providers?language=fi", headers={"HX-Request": "true"})
    fragment = response.get_data(as_text=True)
    assert "HX-Request" in response.headers["Vary"]
    soup = Page(fragment).soup
    assert soup.find("html") is None and soup.find("h1") is None
    assert soup.find(attrs={"data-hx-swap-oob": "innerHTML:#provider-count"})
    assert _listed(fragment)


def test_compare_two_or_three_in_a_real_table(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    ids = _listed(signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True))[:3]
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/compare?" + "&".join(f"provider={i}" for i in ids)).get_data(as_text=True))
    table = page.table("3 providers side by side")
    assert len(page.soup.select('th[scope="col"]')) == 3 and len(table[0]) == 4  # a column for each provider
    assert "Your own share per month" in [" ".join(th.get_text(" ").split()) for th in page.soup.select('th[scope="row"]')]
    assert page.soup.select_one(".compare-list")  # the same facts as a list for narrow screens


@pytest.mark.parametrize("count", [1, 4])
def test_comparing_one_or_four_is_an_error(signed_in_client, db, count):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    ids = _listed(signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True))[:count]
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/compare?language=fi&" + "&".join(f"provider={i}" for i in ids)).get_data(as_text=True))
    assert page.title().startswith("Error: ") and [words for words, _target in page.error_summary()] == ["Choose two or three providers to compare."]
    assert page.soup.select_one('input[type=hidden][name=language]')["value"] == "fi"


def test_the_provider_page_has_contacts_offices_prices_and_anonymous_comments(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "home_care")
    rating = db.scalars(
        select(ProviderRating).where(ProviderRating.comment != "", ProviderRating.provider_id.in_(_eligible_ids(db, line)))
    ).first()
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers/{rating.provider_id}").get_data(as_text=True))
    for heading in ("Contact details", "Offices", "Price list", "What clients say"):
        assert heading in page.headings(2)
    assert rating.comment in page.text()
    assert db.get(Client, rating.client_id).last_name not in page.text().split("What clients say")[1]


def _confirm_page(client, line, provider_id):
    page = Page(client.get(f"/plan/lines/{line.id}/providers/{provider_id}/choose").get_data(as_text=True))
    return page, {name: page.soup.select_one(f"input[name={name}]")["value"] for name in ("submission_key", "csrf_token")}


def _choices(db, line):
    db.expire_all()
    return db.scalars(select(ProviderChoice).where(ProviderChoice.plan_line_id == line.id).order_by(ProviderChoice.id)).all()


def test_choosing_checks_answers_then_posts_and_redirects(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    provider_id = _listed(signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True))[0]
    page, form = _confirm_page(signed_in_client, line, provider_id)
    assert page.h1() == "Check your choice before confirming"
    assert "What happens next" in page.headings() and "The voucher pays" in page.text()
    response = signed_in_client.post(f"/plan/lines/{line.id}/providers/{provider_id}/choose", data=form)
    assert response.status_code == 303 and response.headers["Location"] == "/overview"
    name = db.get(Provider, provider_id).name
    overview = Page(signed_in_client.get("/overview").get_data(as_text=True))
    assert overview.announces(f"You chose {name}") and f"Provider: {name}" in overview.text()
    assert name in Page(signed_in_client.get("/plan").get_data(as_text=True)).text()
    assert [c.provider_id for c in _choices(db, line)] == [provider_id]
    assert _choices(db, line)[0].valid_from == date.today()


def test_sending_the_choice_twice_makes_one_choice(signed_in_client, db):
    line = _line(db, "transport")
    provider_id = _listed(signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True))[0]
    _page, form = _confirm_page(signed_in_client, line, provider_id)
    for _ in range(3):
        response = signed_in_client.post(f"/plan/lines/{line.id}/providers/{provider_id}/choose", data=form)
        assert response.status_code == 303
    assert len(_choices(db, line)) == 1


def test_switching_provider_from_a_date_keeps_the_history(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "home_care")
    before = _choices(db, line)
    current = before[-1]
    other = next(i for i in _listed(signed_in_client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True)) if i != current.provider_id)
    page, form = _confirm_page(signed_in_client, line, other)
    assert page.soup.find(id="start") is not None
    url = f"/plan/lines/{line.id}/providers/{other}/choose"
    for wrong, message in [("", "Enter the date as day.month.year"), ("31.2.2027", "Enter the date as day.month.year"),
                           ((date.today() - timedelta(days=1)).strftime("%d.%m.%Y"), "The date must be today or later."),
                           ((line.plan.period_end + timedelta(days=1)).strftime("%d.%m.%Y"), "within the plan period")]:
        error_page = Page(signed_in_client.post(url, data={**form, "start": wrong}).get_data(as_text=True))
        assert error_page.announces(message) and error_page.title().startswith("Error: ")
        assert len(_choices(db, line)) == len(before)
    start = date.today() + timedelta(days=7)
    response = signed_in_client.post(url, data={**form, "start": f"{start.day}.{start.month}.{start.year}"})
    assert response.status_code == 303
    after = _choices(db, line)
    assert len(after) == len(before) + 1
    assert after[-2].provider_id == current.provider_id and after[-2].valid_to == start - timedelta(days=1)
    assert after[-1].provider_id == other and after[-1].valid_from == start and after[-1].valid_to is None
    plan_page = Page(signed_in_client.get("/plan").get_data(as_text=True))
    assert "Providers chosen" in plan_page.text() and db.get(Provider, other).name in plan_page.text()


def test_a_client_cannot_choose_for_another_clients_line(signed_in_client, db):
    other_line = db.scalar(select(PlanLine).join(Plan).where(Plan.client_id != _client_id(db), Plan.status == "accepted"))
    provider_id = next(iter(_eligible_ids(db, other_line)))
    assert signed_in_client.get(f"/plan/lines/{other_line.id}/providers").status_code == 404
    assert signed_in_client.get(f"/plan/lines/{other_line.id}/providers/{provider_id}/choose").status_code == 404
    own = _line(db, "transport")
    _page, form = _confirm_page(signed_in_client, own, next(iter(_eligible_ids(db, own))))
    before = len(_choices(db, other_line))
    response = signed_in_client.post(f"/plan/lines/{other_line.id}/providers/{provider_id}/choose", data=form)
    assert response.status_code == 404
    assert len(_choices(db, other_line)) == before


def test_a_provider_not_approved_for_the_service_or_area_cannot_be_chosen(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "transport")
    not_approved = db.scalar(select(Provider.id).where(Provider.id.not_in(_eligible_ids(db, line))))
    _page, form = _confirm_page(signed_in_client, line, next(iter(_eligible_ids(db, line))))
    response = signed_in_client.post(f"/plan/lines/{line.id}/providers/{not_approved}/choose", data=form)
    assert response.status_code == 400
    page = Page(response.get_data(as_text=True)).text()
    assert "This provider cannot be chosen" in page and "Nothing was saved" in page
    assert _choices(db, line) == []


def test_a_client_rates_a_provider_who_served_them_and_may_change_it(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _line(db, "meals")
    provider_id = _choices(db, line)[-1].provider_id
    url = f"/plan/lines/{line.id}/providers/{provider_id}/rating"
    token = Page(signed_in_client.get(url).get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]
    error_page = Page(signed_in_client.post(url, data={"csrf_token": token, "comment": "Kind staff"}).get_data(as_text=True))
    assert error_page.announces("Choose how satisfied you are") and error_page.soup.find("textarea", attrs={"name": "comment"}).get_text().strip() == "Kind staff"
    assert "#score" in [target for _words, target in error_page.error_summary()]
    for score in ("4", "2"):
        assert signed_in_client.post(url, data={"csrf_token": token, "score": score, "comment": "Kind staff"}).status_code == 303
    db.expire_all()
    ratings = db.scalars(select(ProviderRating).where(ProviderRating.plan_line_id == line.id, ProviderRating.provider_id == provider_id)).all()
    assert [(r.score, r.comment) for r in ratings] == [(2, "Kind staff")]
    chosen = Page(signed_in_client.get(url).get_data(as_text=True)).soup.select("input[name=score][checked]")
    assert [box["value"] for box in chosen] == ["2"]


def test_a_provider_who_has_not_served_the_client_cannot_be_rated(signed_in_client, db):
    line = _line(db, "transport")
    provider_id = next(iter(_eligible_ids(db, line)))
    assert signed_in_client.get(f"/plan/lines/{line.id}/providers/{provider_id}/rating").status_code == 404


def test_the_comparison_of_forty_providers_takes_as_many_queries_as_of_a_few(app, signed_in_client, db):
    line = _line(db, "transport")
    url = f"/plan/lines/{line.id}/providers"
    statements = []
    engine = app.extensions["db_engine"]
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        few = len(_listed(signed_in_client.get(url).get_data(as_text=True)))
        queries_for_few = len(statements)
        municipality = line.plan.client.municipality
        for number in range(40 - few):
            provider = Provider(name=f"Test Provider {number}", business_id=f"{9000000 + number}-0", phone="1", email="e")
            provider.municipalities = [municipality]
            provider.languages = [ProviderLanguage(language="fi")]
            db.add(provider)
            db.add(ProviderOffering(provider=provider, service_type_id=line.service_type_id, unit_price_cents=2600,
                                    valid_from=date(2025, 1, 1), approved_on=date(2025, 1, 1)))
        db.commit()
        statements.clear()
        first = signed_in_client.get(url).get_data(as_text=True)
        assert len(statements) == queries_for_few
        assert len(statements) <= 14, "\n\n".join(s[:150] for s in statements)  # 14th: the unread notifications
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len(_listed(first)) == 25  # a page at a time, the count of all above it
    next_link = Page(first).soup.select_one('a[rel="next"]')["href"]
    second = signed_in_client.get(next_link).get_data(as_text=True)
    assert Page(second).soup.select_one("ol.provider-list")["start"] == "26" and not Page(second).soup.select('a[rel="next"]')
    assert len(set(_listed(first)) | set(_listed(second))) == 40


@pytest.mark.parametrize("who", ["client", "relative"])
def test_a_choice_records_whether_the_client_or_a_relative_made_it(client, db, who):
    line = _line(db, "transport")
    client.sign_in(who)
    if who == "relative":
        mandate = db.scalar(select(Mandate).where(Mandate.client_id == line.plan.client_id, Mandate.status == "active",
                                                  Mandate.scope == "act"))
        client.post("/act-for", data={"csrf_token": client.csrf_token("/act-for"), "whom": str(mandate.id)})
    provider_id = _listed(client.get(f"/plan/lines/{line.id}/providers").get_data(as_text=True))[0]
    _page, form = _confirm_page(client, line, provider_id)
    assert client.post(f"/plan/lines/{line.id}/providers/{provider_id}/choose", data=form).status_code == 303
    assert _choices(db, line)[-1].chosen_by == who
