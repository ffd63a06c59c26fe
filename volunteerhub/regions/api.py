from ninja import Router, Schema

from volunteerhub.regions import selectors

router = Router(tags=["regions"])


class RegionOut(Schema):
    code: str
    name: str
    level: str
    parent_code: str | None
    path: list[str]


def _out(region) -> dict:
    return {"code": region.code, "name": region.name, "level": region.level,
            "parent_code": region.parent_id, "path": region.path.strip("/").split("/")}


@router.get("/regions/{code}", response=RegionOut, summary="One division by its code")
def region_detail(request, code: str):
    return _out(selectors.region_get(code=code))


@router.get("/regions", response=list[RegionOut], summary="Children of a division (top level without parent)")
def region_list(request, parent: str | None = None):
    parent_region = selectors.region_get(code=parent) if parent else None
    return [_out(r) for r in selectors.region_children(parent=parent_region)]
