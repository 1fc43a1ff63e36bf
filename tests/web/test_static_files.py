"""Style sheets and scripts are named by their content, so the browser keeps them and asks for a changed one anew;
pages are never kept."""

import re
import shutil

from tests.pages import Page


def _assets(client) -> list[str]:
    html = client.get("/sign-in").get_data(as_text=True)
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_each_asset_of_a_page_is_named_by_its_content_and_kept_a_year(client):
    assets = _assets(client)
    assert len(assets) == 4 and all(re.search(r"\?v=[0-9a-f]{12}$", asset) for asset in assets), assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600 and response.cache_control.immutable
        assert response.cache_control.public and not response.cache_control.no_store
    assert Page(client.get("/sign-in").get_data(as_text=True)).h1()  # the page itself: no-store (client's check)


def test_a_changed_file_gets_a_new_name_and_the_others_keep_theirs(app, client, tmp_path):
    before = _assets(client)
    shutil.copytree(app.static_folder, tmp_path / "static")
    app.static_folder = str(tmp_path / "static")
    assert _assets(client) == before
    with open(tmp_path / "static" / "css" / "portal.css", "a") as style:
        style.write("\n/* changed */\n")
    after = _assets(client)
    changed = [old for old, new in zip(before, after) if old != new]
    assert [asset.split("?")[0] for asset in changed] == ["/static/css/portal.css"], after
    assert client.get(after[0] if "portal.css" in after[0] else changed[0]).status_code == 200


def test_an_asset_asked_for_without_its_name_is_not_kept(client):
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200 and not response.cache_control.immutable
