"""Service posts for those who run them: register a post, move it, change its hours, close it."""

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.organizations import selectors, services
from volunteerhub.organizations.models import ServicePost

router = Router(tags=["posts"])


class PostIn(Schema):
    name: str = Field(..., max_length=128)
    kind: str = Field(..., description="clinic | health_center | hospital | pharmacy | station")
    region_code: str = Field(..., max_length=12)
    lat: float
    lng: float
    coord: str = Field("wgs84", description="the system of lat and lng: wgs84 | gcj02 | bd09")
    address: str = Field("", max_length=255)
    team_id: int | None = None
    opening_hours: str = Field("", max_length=255, description='as people write it: "周一至周五 08:00-17:00"')
    services: list[str] = []
    contact_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=20)


class PostPatch(Schema):
    name: str | None = Field(None, max_length=128)
    kind: str | None = None
    region_code: str | None = Field(None, max_length=12)
    lat: float | None = None
    lng: float | None = None
    coord: str = "wgs84"
    address: str | None = Field(None, max_length=255)
    opening_hours: str | None = Field(None, max_length=255)
    services: list[str] | None = None
    contact_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    is_active: bool | None = Field(None, description="false closes the post: it leaves the map at once")


class PostOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    lat: float = Field(..., description="WGS-84")
    lng: float = Field(..., description="WGS-84")
    address: str
    team_id: int | None
    opening_hours: str
    services: list[str]
    contact_name: str
    contact_phone: str
    is_active: bool


def post_out(post: ServicePost) -> dict:
    return {"id": post.pk, "name": post.name, "kind": post.kind, "region_code": post.region_id, "lat": post.lat,
            "lng": post.lng, "address": post.address, "team_id": post.team_id, "opening_hours": post.opening_hours,
            "services": post.services or [], "contact_name": post.contact_name, "contact_phone": post.contact_phone,
            "is_active": post.is_active}


@router.get("/posts", response=list[PostOut], auth=AUTH, summary="The service posts I manage (open and closed)")
def posts(request, limit: int = 100, offset: int = 0):
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return [post_out(p) for p in selectors.posts_managed_by(user=request.auth).order_by("pk")[offset:offset + limit]]


@router.post("/posts", response={201: PostOut}, auth=AUTH, summary="Register a service post in my region")
def post_create(request, payload: PostIn):
    data = payload.dict()
    team_id = data.pop("team_id")
    team = selectors.team_get_for_manager(user=request.auth, team_id=team_id) if team_id else None
    return Status(201, post_out(services.service_post_create(**data, team=team, actor=request.auth)))


@router.get("/posts/{post_id}", response=PostOut, auth=AUTH, summary="One service post I manage")
def post_get(request, post_id: int):
    return post_out(selectors.service_post_get_for_manager(user=request.auth, post_id=post_id))


@router.patch("/posts/{post_id}", response=PostOut, auth=AUTH,
              summary="Change a post: move it (any coordinate system), change its hours, close or reopen it")
def post_update(request, post_id: int, payload: PostPatch):
    post = selectors.service_post_get_for_manager(user=request.auth, post_id=post_id)
    return post_out(services.service_post_update(post=post, changes=payload.dict(exclude_unset=True),
                                                 actor=request.auth))
