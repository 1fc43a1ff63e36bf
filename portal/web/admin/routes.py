"""The county's staff: the reference prices and coefficients of the service catalogue."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.db.models import County, ServiceType
from portal.db.session import get_session
from portal.domain.money import to_cents, to_euros
from portal.services import plans
from portal.web.access import role_required
from portal.web.admin.forms import FollowUpForm, PriceRulesForm

blueprint = Blueprint("admin", __name__, url_prefix="/admin")


def _county() -> County:
    return get_session().scalar(select(County).order_by(County.id).limit(1))


@blueprint.route("/prices", methods=["GET", "POST"])
@role_required("admin")
def prices():
    county = _county()
    form = FollowUpForm(data={"low": county.follow_up_low_percent, "high": county.follow_up_high_percent})
    if form.validate_on_submit():
        county.follow_up_low_percent, county.follow_up_high_percent = form.low.data, form.high.data
        get_session().commit()
        flash(_("The follow-up limits have been saved."), "success")
        return redirect(url_for("admin.prices"), 303)
    return render_template("admin/prices.html", service_types=plans.catalogue(get_session()), form=form)


@blueprint.route("/prices/<int:service_type_id>", methods=["GET", "POST"])
@role_required("admin")
def price_rules(service_type_id: int):
    db = get_session()
    service_type = db.get(ServiceType, service_type_id)
    if service_type is None:
        abort(404)
    form = PriceRulesForm(data={
        "reference_price": to_euros(service_type.reference_price_cents),
        "evening": service_type.evening_coefficient,
        "saturday": service_type.saturday_coefficient,
        "sunday": service_type.sunday_coefficient,
        "travel_supplement": to_euros(service_type.travel_supplement_cents),
    })
    if form.validate_on_submit():
        service_type.reference_price_cents = to_cents(form.reference_price.data)
        service_type.evening_coefficient = form.evening.data
        service_type.saturday_coefficient = form.saturday.data
        service_type.sunday_coefficient = form.sunday.data
        service_type.travel_supplement_cents = to_cents(form.travel_supplement.data or 0)
        db.commit()
        flash(_("The prices have been saved. They apply to plans drawn up from now on."), "success")
        return redirect(url_for("admin.prices"), 303)
    return render_template("admin/price_rules.html", service_type=service_type, form=form)
