"""What each provider the client chose can see of them, for the client or a relative acting for them."""

from datetime import date

from flask import render_template

from portal.domain.access_log import AccessAction
from portal.services.use_cases import client
from portal.web.acting import client_data, current_acting
from portal.web.easy import readable
from portal.web.routing import Routes

routes = Routes()


@routes.get("/sharing")
@client_data(read=AccessAction.VIEW_SHARING)
def sharing():
    shown = client.providers_sharing(current_acting().client.id, date.today())
    return render_template(readable("client/sharing.html"), providers=shown)
