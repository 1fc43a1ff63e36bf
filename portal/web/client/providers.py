"""Comparing, choosing and rating providers for a service line of the client's plan."""

from datetime import date
from urllib.parse import urlencode

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.db.session import get_session
from portal.domain.providers import ChoiceError, SortOrder, choice_in_force, next_choice
from portal.services import client_pages
from portal.services import providers as service
from portal.web import labels
from portal.domain.access_log import AccessAction
from portal.web.acting import client_data, current_acting
from portal.web.client.provider_forms import ChooseForm, ProviderFilterForm, RatingForm
from portal.web.fragments import page_or_fragment
from portal.web.i18n import date_input, date_numeric, parse_date
from portal.web.once import binding
from portal.web.numbers import query_numbers
from portal.web.paging import where_from_query
from portal.web.routing import Routes

routes = Routes()


def _line(line_id: int):
    line = service.line_of_client(get_session(), current_acting().client.id, line_id)
    if line is None:
        abort(404)
    return line


def _filters(form: ProviderFilterForm) -> service.Filters:
    return service.Filters(
        languages=tuple(form.language.data or ()),
        office_municipality_id=int(form.office.data) if form.office.data else None,
        specialisms=tuple(form.specialism.data or ()),
        new_clients_only=bool(form.new_clients.data),
        order=SortOrder(form.sort.data or SortOrder.OWN_SHARE),
    )


def _provider_list(line, compare_error: str | None = None):
    db = get_session()
    form = ProviderFilterForm(request.args)
    form.set_choices(client_pages.municipalities(db))
    filtered = any(key in request.args for key in ("language", "office", "specialism", "new_clients", "sort"))
    page = None
    if not filtered or form.validate():
        page = service.compare(db, line, _filters(form), date.today(), where_from_query())
    return page_or_fragment(
        "client/providers.html", "client/_provider_results.html", line=line, form=form, page=page,
        rows=page.rows if page else [], compare_error=compare_error, filtered=filtered, chosen=query_numbers("provider"),
    )


@routes.get("/plan/lines/<int:line_id>/providers")
@client_data(read=AccessAction.VIEW_PROVIDERS)
def providers(line_id: int):
    return _provider_list(_line(line_id))


@routes.get("/plan/lines/<int:line_id>/compare")
@client_data(read=AccessAction.VIEW_PROVIDERS)
def compare(line_id: int):
    line = _line(line_id)
    provider_ids = list(dict.fromkeys(query_numbers("provider")))
    if not 2 <= len(provider_ids) <= 3:
        return _provider_list(line, compare_error=_("Choose two or three providers to compare."))
    rows = service.rows_for(get_session(), line, provider_ids, date.today())
    if len(rows) != len(provider_ids):
        abort(404)
    filters = [(key, value) for key, value in request.args.items(multi=True) if key != "provider"]
    back = url_for("client.providers", line_id=line.id) + ("?" + urlencode(filters) if filters else "")
    return render_template("client/compare.html", line=line, rows=rows, back=back)


@routes.get("/plan/lines/<int:line_id>/providers/<int:provider_id>")
@client_data(read=AccessAction.VIEW_PROVIDERS)
def provider(line_id: int, provider_id: int):
    line = _line(line_id)
    details = service.details(get_session(), line, provider_id, date.today())
    if details is None:
        abort(404)
    can_rate = service.has_delivered(get_session(), line, provider_id)
    return render_template("client/provider.html", line=line, details=details, row=details.row, can_rate=can_rate)


def _not_approved(line, status: int):
    title = _("This provider cannot be chosen")
    advice = _(
        "The provider is not approved for %(service)s in your municipality. Nothing was saved. "
        "Choose another provider from the list.",
        service=labels.service_name(line.service_type.code).lower(),
    )
    link = (url_for("client.providers", line_id=line.id), _("Back to the providers"))
    return render_template("errors/error.html", title=title, advice=advice, link=link), status


CHOICE_PROBLEMS = {
    "past": lambda current: _("The date must be today or later."),
    "after_plan": lambda current: _("The date must be within your plan period."),
    "before_current": lambda current: _(
        "The date must be after %(date)s, when your current choice starts.", date=date_numeric(current.valid_from)
    ),
}


@routes.route("/plan/lines/<int:line_id>/providers/<int:provider_id>/choose", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_PROVIDERS, write=AccessAction.CHOOSE_PROVIDER)
@binding("choose_provider")
def choose(line_id: int, provider_id: int):
    db, today = get_session(), date.today()
    line = _line(line_id)
    rows = service.rows_for(db, line, [provider_id], today)
    if not rows:
        return _not_approved(line, 400 if request.method == "POST" else 404)
    provider_name = rows[0].provider.name
    current = choice_in_force(line.choices, today) or next_choice(line.choices, today)
    if current is not None and current.provider_id == provider_id:
        flash(_("%(provider)s is already the provider for this service.", provider=provider_name), "info")
        return redirect(url_for("client.overview"), 303)
    form = ChooseForm()
    if form.validate_on_submit():
        start = parse_date(form.start.data) if current else service.first_start(line, today)
        if start is None:
            form.start.errors.append(
                _("Enter the date as day.month.year, for example %(example)s.", example=date_input(today))
            )
        else:
            try:
                service.choose(db, line, provider_id, start, current_user, today)
            except service.NotApproved:
                db.rollback()
                return _not_approved(line, 400)
            except ChoiceError as problem:
                db.rollback()
                message = CHOICE_PROBLEMS.get(str(problem))
                if message is None:
                    abort(400)
                form.start.errors.append(message(current))
            else:
                db.commit()
                g.access_detail = provider_name
                flash(_("You chose %(provider)s for %(service)s. The provider will contact you to agree on the start.",
                        provider=provider_name, service=labels.service_name(line.service_type.code).lower()), "success")
                return redirect(url_for("client.overview"), 303)
    return render_template(
        "client/choose.html", line=line, row=rows[0], current=current, form=form,
        start=service.first_start(line, today),
    )


@routes.route("/plan/lines/<int:line_id>/providers/<int:provider_id>/rating", methods=["GET", "POST"])
@client_data(read=AccessAction.VIEW_PROVIDERS, write=AccessAction.RATE_PROVIDER)
@binding("rate_provider")
def rating(line_id: int, provider_id: int):
    db = get_session()
    line = _line(line_id)
    if not service.has_delivered(db, line, provider_id):
        abort(404)
    provider = next((choice.provider for choice in line.choices if choice.provider_id == provider_id), None)
    if provider is None:
        abort(404)
    existing = service.rating_of(db, current_acting().client.id, line, provider_id)
    form = RatingForm()
    if request.method == "GET" and existing is not None:
        form.score.data, form.comment.data = str(existing.score), existing.comment
    if form.validate_on_submit():
        service.rate(db, current_acting().client.id, line, provider_id, int(form.score.data), form.comment.data or "")
        g.access_detail = provider.name
        db.commit()
        flash(_("Thank you. Your rating of %(provider)s has been saved.", provider=provider.name), "success")
        return redirect(url_for("client.overview"), 303)
    return render_template("client/rating.html", line=line, provider=provider, form=form, existing=existing)
