"""Rating responsibly: only after an accepted agreement ran a month, one rating per client and provider, the
provider's one answer (never another provider's), averages only from five ratings; and the page that shows
companies the way in."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.builders import a_choice, an_account
from portal.db.models import Plan, PlanLine, Provider, ProviderOffering, ProviderRating, ServiceType, User
from portal.domain.agreements import rating_opens_on
from portal.domain.roles import Role
from portal.services import ratings
from tests.pages import Page


def _aino_line(db, code):
    client_id = db.scalar(select(User.client_id).where(User.username == "client"))
    return db.scalar(select(PlanLine).join(Plan).join(ServiceType).where(
        Plan.client_id == client_id, Plan.status == "accepted", ServiceType.code == code))


def _demo_provider_id(db):
    return db.scalar(select(User.provider_id).where(User.username == "provider"))


def _token(client, path):
    return Page(client.get(path).get_data(as_text=True)).soup.select_one("input[name=csrf_token]")["value"]


def _a_new_agreement(db, days_ago: int):
    """Aino's transport from a provider approved for it, under an agreement that began `days_ago` days ago."""
    line = _aino_line(db, "transport")
    provider = db.scalar(select(Provider).join(ProviderOffering).where(
        ProviderOffering.service_type_id == line.service_type_id, ProviderOffering.approved_on.is_not(None),
        Provider.municipalities.any(id=line.plan.client.municipality_id)).order_by(Provider.id).limit(1))
    a_choice(db, line, provider, date.today() - timedelta(days=days_ago))
    db.commit()
    return line, provider


def _day(day) -> str:
    """A date as the Finnish and Swedish pages write it."""
    return f"{day.day}.{day.month}.{day.year}"


def test_no_rating_before_the_agreement_ran_a_month_and_the_page_says_from_when(signed_in_client, db):
    line, provider = _a_new_agreement(db, days_ago=10)
    url = f"/plan/lines/{line.id}/providers/{provider.id}/rating"
    day = _day(rating_opens_on(date.today() - timedelta(days=10), None))
    page = Page(signed_in_client.get(url).get_data(as_text=True))
    assert f"Voit arvioida palveluntuottajan {provider.name} {day} alkaen." in page.text()
    assert not page.soup.select("input[name=score]")
    token = signed_in_client.csrf_token("/feedback")
    refused = Page(signed_in_client.post(url, data={"csrf_token": token, "score": "5", "comment": "Liian aikaisin"})
                   .get_data(as_text=True))
    assert f"{day} alkaen" in refused.text()
    assert db.scalar(select(func.count()).select_from(ProviderRating).where(
        ProviderRating.provider_id == provider.id, ProviderRating.comment == "Liian aikaisin")) == 0
    provider_page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers/{provider.id}").get_data(as_text=True))
    assert f"Voit arvioida tämän palveluntuottajan {day} alkaen" in provider_page.text()
    assert not provider_page.has_link("Arvioi tämä palveluntuottaja")


def test_a_choice_without_an_accepted_agreement_cannot_be_rated(signed_in_client, db):
    line = _aino_line(db, "transport")
    provider = db.scalar(select(Provider).join(ProviderOffering).where(
        ProviderOffering.service_type_id == line.service_type_id, ProviderOffering.approved_on.is_not(None),
        Provider.municipalities.any(id=line.plan.client.municipality_id)).order_by(Provider.id).limit(1))
    a_choice(db, line, provider, date.today() - timedelta(days=60), agreed=False)
    db.commit()
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers/{provider.id}/rating").get_data(as_text=True))
    assert "ei ole hyväksyttyä palvelusopimusta" in page.text() and not page.soup.select("form textarea")


def test_the_service_refuses_a_rating_too_soon_even_without_the_page(app, db):
    line, provider = _a_new_agreement(db, days_ago=10)
    with pytest.raises(ratings.NotYet) as refused:
        ratings.rate(db, line.plan.client_id, line, provider.id, 5, "", date.today())
    assert refused.value.opens_on == rating_opens_on(date.today() - timedelta(days=10), None)


def test_one_rating_per_client_and_provider_changed_from_any_line(app, db):
    line, provider = _a_new_agreement(db, days_ago=40)
    client_id = line.plan.client_id
    other_line = _aino_line(db, "meals")
    ratings.rate(db, client_id, line, provider.id, 5, "Hyvä", date.today())
    ratings.rate(db, client_id, other_line, provider.id, 3, "Ihan hyvä", date.today())
    db.commit()
    rows = db.scalars(select(ProviderRating).where(ProviderRating.client_id == client_id,
                                                   ProviderRating.provider_id == provider.id)).all()
    assert [(r.score, r.comment) for r in rows] == [(3, "Ihan hyvä")]


def _unanswered(db):
    return db.scalar(select(ProviderRating).where(ProviderRating.provider_id == _demo_provider_id(db),
                                                  ProviderRating.answer.is_(None)).order_by(ProviderRating.id).limit(1))


def test_the_provider_answers_once_and_a_second_answer_is_refused(client, db):
    client.use_language("en")
    assert client.sign_in("provider").status_code == 303
    listing = Page(client.get("/provider/ratings").get_data(as_text=True))
    rating = _unanswered(db)
    assert listing.link(f"Answer : {rating.score} of 5, {rating.updated_at.day} {rating.updated_at:%b %Y}")
    assert rating.comment in listing.text() and "Virtanen" not in listing.text()
    url = f"/provider/ratings/{rating.id}"
    empty = Page(client.post(url, data={"csrf_token": _token(client, url), "answer": "  "}).get_data(as_text=True))
    assert ("Write your answer", "#answer") in empty.error_summary()
    assert client.post(url, data={"csrf_token": _token(client, url), "answer": "Kiitos!"}).status_code == 303
    token = _token(client, "/provider/ratings")
    second = client.post(url, data={"csrf_token": token, "answer": "Toinen vastaus"})
    assert second.status_code == 303 and second.headers["Location"].endswith(url)
    page = Page(client.get(url).get_data(as_text=True))
    assert page.announces("This rating had already been answered")
    assert not page.soup.select("textarea")
    db.expire_all()
    assert db.get(ProviderRating, rating.id).answer == "Kiitos!"


def test_another_provider_cannot_read_or_answer_a_rating(client, db):
    rating = _unanswered(db)
    other = db.scalar(select(Provider).where(Provider.id != rating.provider_id).order_by(Provider.id).limit(1))
    an_account(db, Role.PROVIDER, "other-provider", provider=other)
    db.commit()
    assert client.sign_in("other-provider").status_code == 303
    url = f"/provider/ratings/{rating.id}"
    assert client.get(url).status_code == 404
    assert client.post(url, data={"csrf_token": _token(client, "/provider/ratings"), "answer": "Not ours"}).status_code == 404
    assert f'href="{url}"' not in client.get("/provider/ratings").get_data(as_text=True)
    db.expire_all()
    assert db.get(ProviderRating, rating.id).answer is None


def test_clients_read_the_answer_under_the_comment(signed_in_client, db):
    line = _aino_line(db, "home_care")
    answered = db.scalar(select(ProviderRating).where(ProviderRating.provider_id == _demo_provider_id(db),
                                                      ProviderRating.answer.is_not(None)))
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers/{answered.provider_id}").get_data(as_text=True))
    item = next(li for li in page.soup.select(".comments li") if answered.comment in li.get_text())
    assert answered.answer in item.select_one(".comments__answer").get_text()


def test_an_average_of_fewer_than_five_ratings_is_not_shown(signed_in_client, db):
    signed_in_client.use_language("en")
    line = _aino_line(db, "home_care")
    provider_id = _demo_provider_id(db)
    count = db.scalar(select(func.count()).select_from(ProviderRating).where(ProviderRating.provider_id == provider_id))
    assert 0 < count < 5
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers/{provider_id}").get_data(as_text=True))
    assert f"{count} ratings, too few to show an average" in page.text()
    assert " of 5 (" not in page.summary().get("Clients' rating", "")


def test_the_easy_list_tells_the_count_and_never_an_average_of_few(signed_in_client, db):
    line = _aino_line(db, "home_care")
    signed_in_client.set_cookie("reading", "easy")
    counts = dict(db.execute(select(ProviderRating.provider_id, func.count()).group_by(ProviderRating.provider_id)).all())
    page = Page(signed_in_client.get(f"/plan/lines/{line.id}/providers?sort=name").get_data(as_text=True))
    for card in page.soup.select("ol li.card"):
        provider_id = int(card.select_one("h3 a")["href"].rsplit("/", 1)[1])
        words = card.get_text(" ")
        if 0 < counts.get(provider_id, 0) < 5:
            assert "liian vähän keskiarvon kertomiseen" in words and "Keskimäärin" not in words
        elif counts.get(provider_id, 0) >= 5:
            assert "Keskimäärin" in words


def test_the_demo_county_has_an_average_shown_one_hidden_and_an_answer(db):
    counts = db.scalars(select(func.count()).select_from(ProviderRating).group_by(ProviderRating.provider_id)).all()
    assert max(counts) >= 5 and min(counts) < 5
    assert db.scalar(select(func.count()).select_from(ProviderRating).where(ProviderRating.answer.is_not(None))) >= 1


def test_companies_find_the_way_in_from_the_sign_in_page(client, db):
    client.use_language("sv")
    sign_in = Page(client.get("/sign-in").get_data(as_text=True))
    target = sign_in.link("Bli serviceproducent: vad välfärdsområdet kräver och köper")["href"]
    home_care = db.scalar(select(ServiceType).where(ServiceType.code == "home_care"))
    home_care.reference_price_cents = 4321
    db.commit()
    page = Page(client.get(target).get_data(as_text=True))
    assert page.h1() == "Bli serviceproducent"
    rows = page.table("Tjänster och deras servicesedelsvärden")
    assert ["Hemvård", "43,21\xa0€ per timme"] in [row[:2] for row in rows]
    assert "Vasa" in page.text() and "Soteri" in page.text()
    assert page.link("Börja ansökan")["href"] == "/provider/apply"
