"""Comparing, choosing and rating providers for a service line of the client's plan."""

from datetime import date
from urllib.parse import urlencode

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.domain.access_log import AccessAction
from portal.domain.providers import SortOrder
from portal.services.providers import Filters
from portal.services.use_cases import client
from portal.web import labels
from portal.web.access import open_to_decision_code
from portal.web.acting import client_data, current_acting
from portal.web.client.provider_forms import ChooseForm, ProviderFilterForm, RatingForm
from portal.web.easy import readable, reads_easy
from portal.web.fragments import page_or_fragment
from portal.web.i18n import date_input, date_numeric, parse_date
from portal.web.once import binding
from portal.web.numbers import query_numbers
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


def _client_id() -> int:
    return current_acting().client.id


def _filters(form: ProviderFilterForm) -> Filters:
    return Filters(
        languages=tuple(form.language.data or ()),
        office_municipality_id=int(form.office.data) if form.office.data else None,
        specialisms=tuple(form.specialism.data or ()),
        new_clients_only=bool(form.new_clients.data),
        order=SortOrder(form.sort.data or SortOrder.OWN_SHARE),
    )


def _provider_list(line_id: int, compare_error: str | None = None):
    form = ProviderFilterForm(request.args)
    filtered = any(key in request.args for key in ("language", "office", "specialism", "new_clients", "sort"))

    def filters_of(municipalities) -> Filters | None:
        form.set_choices(municipalities)
        return _filters(form) if not filtered or form.validate() else None

    found = client.providers_for_line(_client_id(), line_id, date.today(), where_from_query(), filters_of,
                                      with_quality=reads_easy())
    if found is None:
        abort(404)
    return page_or_fragment(
        readable("client/providers.html"), "client/_provider_results.html", line=found.line, form=form, page=found.page,
        rows=found.page.rows if found.page else [], compare_error=compare_error, filtered=filtered,
        chosen=query_numbers("provider"), quality=found.quality,
    )


@routes.get("/plan/lines/<int:line_id>/providers")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_PROVIDERS)
def providers(line_id: int):
    return _provider_list(line_id)


@routes.get("/plan/lines/<int:line_id>/compare")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_PROVIDERS)
def compare(line_id: int):
    provider_ids = list(dict.fromkeys(query_numbers("provider")))
    if not 2 <= len(provider_ids) <= 3:
        return _provider_list(line_id, compare_error=_("Choose two or three providers to compare."))
    compared = client.providers_compared(_client_id(), line_id, provider_ids, date.today())
    if compared is None:
        abort(404)
    filters = [(key, value) for key, value in request.args.items(multi=True) if key != "provider"]
    back = url_for("client.providers", line_id=line_id) + ("?" + urlencode(filters) if filters else "")
    return render_template("client/compare.html", line=compared.line, rows=compared.rows, back=back,
                           quality=compared.quality)


@routes.get("/plan/lines/<int:line_id>/providers/<int:provider_id>")
@open_to_decision_code
@client_data(read=AccessAction.VIEW_PROVIDERS)
def provider(line_id: int, provider_id: int):
    shown = client.provider_page(_client_id(), line_id, provider_id, date.today())
    if shown is None:
        abort(404)
    return render_template("client/provider.html", line=shown.line, details=shown.details, row=shown.details.row,
                           can_rate=shown.can_rate, rating_from=shown.rating_from,
                           quality=shown.quality)


def _not_approved(line, status: int):
    title = _("This provider cannot be chosen")
    service = labels.service_name(line.service_type.code).lower()
    if current_acting().for_self:
        advice = _("The provider is not approved for %(service)s in your municipality. Nothing was saved. "
                   "Choose another provider from the list.", service=service)
    else:
        advice = _("The provider is not approved for %(service)s in the municipality where %(name)s lives. Nothing was "
                   "saved. Choose another provider from the list.", service=service, name=current_acting().client.full_name)
    link = (url_for("client.providers", line_id=line.id), _("Back to the providers"))
    return render_template("errors/error.html", title=title, advice=advice, link=link), status


CHOICE_PROBLEMS = {
    "past": lambda current: _("The date must be today or later."),
    "after_plan": lambda current: _("The date must be within the plan period."),
    "before_current": lambda current: _(
        "The date must be after %(date)s, when the current choice starts.", date=date_numeric(current.valid_from)
    ),
    "no_date": lambda current: _(
        "Enter the date as day.month.year, for example %(example)s.", example=date_input(date.today())
    ),
}


@routes.route("/plan/lines/<int:line_id>/providers/<int:provider_id>/choose", methods=["GET", "POST"])
@open_to_decision_code
@client_data(read=AccessAction.VIEW_PROVIDERS, write=AccessAction.CHOOSE_PROVIDER)
@binding("choose_provider")
def choose(line_id: int, provider_id: int):
    today, form = date.today(), ChooseForm()
    submitted = form.validate_on_submit()
    page = client.choose_provider(current_user, _client_id(), line_id, provider_id, today, choose=submitted,
                                  typed_start=parse_date(form.start.data) if submitted else None)
    if page is None:
        abort(404)
    if page.row is None:
        return _not_approved(page.line, 400 if request.method == "POST" else 404)
    provider_name = page.row.provider.name
    if page.already_chosen:
        flash(_("%(provider)s is already the provider for this service.", provider=provider_name), "info")
        return redirect(url_for("client.overview"), 303)
    if page.chosen:
        g.access_detail = provider_name
        flash(_chosen(provider_name, labels.service_name(page.line.service_type.code).lower()), "success")
        return redirect(url_for("client.overview"), 303)
    if page.problem is not None:
        message = CHOICE_PROBLEMS.get(page.problem)
        if message is None:
            abort(400)
        form.start.errors.append(message(page.current))
    return render_template("client/choose.html", line=page.line, row=page.row, current=page.current, form=form,
                           start=page.first_start)


def _chosen(provider: str, service: str) -> str:
    acting = current_acting()
    if acting.for_self:
        return _("You chose %(provider)s for %(service)s. The provider will contact you to agree on the start.",
                 provider=provider, service=service)
    return _("You chose %(provider)s for %(name)s's %(service)s. The provider will contact %(name)s to agree on the "
             "start.", provider=provider, service=service, name=acting.client.full_name)


@routes.route("/plan/lines/<int:line_id>/providers/<int:provider_id>/rating", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_PROVIDERS, write=AccessAction.RATE_PROVIDER)
@binding("rate_provider")
def rating(line_id: int, provider_id: int):
    form = RatingForm()
    submitted = form.validate_on_submit()
    page = client.rate_provider(_client_id(), line_id, provider_id, date.today(),
                                int(form.score.data) if submitted else None, form.comment.data or "")
    if page is None:
        abort(404)
    if page.rated:
        g.access_detail = page.provider.name
        flash(_("Thank you. Your rating of %(provider)s has been saved.", provider=page.provider.name)
              if current_acting().for_self else _("Thank you. The rating of %(provider)s has been saved.",
                                                  provider=page.provider.name), "success")
        return redirect(url_for("client.overview"), 303)
    if request.method == "GET" and page.existing is not None:
        form.score.data, form.comment.data = str(page.existing.score), page.existing.comment
    return render_template("client/rating.html", line=page.line, provider=page.provider, form=form, existing=page.existing,
                           opens_on=page.opens_on, may_rate=page.may_rate)
