"""“Navigate here” links that open a place in 高德, 百度 or 腾讯 maps (their URI APIs, web or app).

We store WGS-84; each app wants its own system: 高德 and 腾讯 GCJ-02, 百度 BD-09. A need is linked only at
the point the caller may see (its public, blurred place for anyone not involved): pass that point in.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.utils.translation import gettext_lazy

from volunteerhub.geo.coords import wgs84_to_bd09, wgs84_to_gcj02

SOURCE = "binzhou.volunteerhub"  # who is calling, as the URI APIs ask (src / referer)
APPS = (
    ("amap", gettext_lazy("AMap")),
    ("baidu", gettext_lazy("Baidu Maps")),
    ("tencent", gettext_lazy("Tencent Maps")),
)


def _amap(name: str, lat: float, lng: float) -> str:
    lat, lng = wgs84_to_gcj02(lat, lng)
    return "https://uri.amap.com/navigation?" + urlencode(
        {"to": f"{lng:.6f},{lat:.6f},{name}", "mode": "car", "coordinate": "gaode", "callnative": "1", "src": SOURCE})


def _baidu(name: str, lat: float, lng: float) -> str:
    lat, lng = wgs84_to_bd09(lat, lng)
    return "https://api.map.baidu.com/marker?" + urlencode(
        {"location": f"{lat:.6f},{lng:.6f}", "title": name, "content": name, "coord_type": "bd09ll",
         "output": "html", "src": SOURCE})


def _tencent(name: str, lat: float, lng: float) -> str:
    lat, lng = wgs84_to_gcj02(lat, lng)
    return "https://apis.map.qq.com/uri/v1/routeplan?" + urlencode(
        {"type": "drive", "to": name, "tocoord": f"{lat:.6f},{lng:.6f}",
         "referer": settings.MAP_TENCENT_KEY or SOURCE})


_BUILDERS = {"amap": _amap, "baidu": _baidu, "tencent": _tencent}


def navigation_links(*, name: str, lat: float, lng: float) -> list[dict]:
    """One link per maps app for a WGS-84 point, each in the app's own coordinate system."""
    return [{"app": app, "label": str(label), "url": _BUILDERS[app](name, lat, lng)} for app, label in APPS]
