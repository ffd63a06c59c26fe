"""The basemaps the map page offers: 天地图 (with its key), 高德 and 腾讯 (GCJ-02), a custom tile server, and
always the offline outline map (county outlines, township names) for when none of them is set or reachable.

Each basemap says its coordinate system; the page shifts every overlay (pins, outlines, "me") into it.
"""

from django.conf import settings
from django.utils.translation import gettext_lazy

from volunteerhub.geo.coords import GCJ02, SYSTEMS, WGS84

OUTLINE = "outline"
_TIANDITU = ("https://t{s}.tianditu.gov.cn/%s_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=%s"
             "&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=%s")
PROVIDERS = {
    # 天地图: CGCS2000, which is WGS-84 at a map's precision; a vector layer and a label layer over it.
    "tianditu": {"label": gettext_lazy("Tianditu"), "coord": WGS84, "subdomains": "01234567",
                 "attribution": "© 天地图", "layers": ("vec", "cva")},
    "amap": {"label": gettext_lazy("AMap"), "coord": GCJ02, "subdomains": "1234", "attribution": "© 高德地图",
             "urls": ["https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
                      "&x={x}&y={y}&z={z}"]},
    "tencent": {"label": gettext_lazy("Tencent Maps"), "coord": GCJ02, "subdomains": "0123",
                "attribution": "© 腾讯地图", "urls": ["https://rt{s}.map.gtimg.com/tile?z={z}&x={x}&y={-y}&type=vector&styleid=0"]},
}


def _tianditu_urls(key: str) -> list[str]:
    return [_TIANDITU % (layer, layer, key) for layer in PROVIDERS["tianditu"]["layers"]]


def _online(name: str) -> dict | None:
    provider = PROVIDERS.get(name)
    if provider is None:
        return None
    if name == "tianditu":
        if not settings.MAP_TIANDITU_KEY:
            return None
        urls = _tianditu_urls(settings.MAP_TIANDITU_KEY)
    else:
        urls = provider["urls"]
    return {"name": name, "label": str(provider["label"]), "coord": provider["coord"], "urls": urls,
            "subdomains": provider["subdomains"], "attribution": provider["attribution"]}


def _custom() -> dict | None:
    if not settings.MAP_TILE_URL:
        return None
    coord = settings.MAP_TILE_COORD if settings.MAP_TILE_COORD in SYSTEMS else WGS84
    return {"name": "custom", "label": str(gettext_lazy("Map")), "coord": coord, "urls": [settings.MAP_TILE_URL],
            "subdomains": "abc", "attribution": ""}


def basemaps() -> list[dict]:
    """The basemaps to offer, the default first; the offline outline map is always last."""
    offered = [_custom(), *(_online(name) for name in settings.MAP_BASEMAPS)]
    outline = {"name": OUTLINE, "label": str(gettext_lazy("Offline outlines")), "coord": WGS84, "urls": [],
               "subdomains": "", "attribution": ""}
    return [b for b in offered if b] + [outline]


def key_missing() -> bool:
    """True when no online basemap is usable (天地图 wanted without its key, none else set): the outline map only."""
    return len(basemaps()) == 1
