"""Service posts and teams for those who run them: register a post, move it, change its hours, close it;
register a team, keep its details, move it within one's region."""

from ninja import Field, Router, Schema, Status

from volunteerhub.accounts.auth import AUTH
from volunteerhub.organizations import selectors, services, teams
from volunteerhub.organizations.models import ServicePost, Team

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


class TeamIn(Schema):
    name: str = Field(..., max_length=128)
    region_code: str = Field(..., max_length=12)
    kind: str = Field("team", description="corps | sub_team | team")
    parent_id: int | None = None
    leader_name: str = Field("", max_length=64)
    contact_phone: str = Field("", max_length=20)
    description: str = Field("", max_length=2000)


class TeamPatch(Schema):
    name: str | None = Field(None, max_length=128)
    region_code: str | None = Field(None, max_length=12)
    kind: str | None = None
    parent_id: int | None = None
    leader_name: str | None = Field(None, max_length=64)
    contact_phone: str | None = Field(None, max_length=20)
    description: str | None = Field(None, max_length=2000)
    is_active: bool | None = None


class TeamOut(Schema):
    id: int
    name: str
    kind: str
    region_code: str
    parent_id: int | None
    leader_name: str
    contact_phone: str
    description: str
    is_active: bool


def team_out(team: Team) -> dict:
    return {"id": team.pk, "name": team.name, "kind": team.kind, "region_code": team.region_id,
            "parent_id": team.parent_id, "leader_name": team.leader_name, "contact_phone": team.contact_phone,
            "description": team.description, "is_active": team.is_active}


@router.get("/teams", response=list[TeamOut], auth=AUTH, tags=["teams"], summary="The teams in my region")
def team_list(request, limit: int = 100, offset: int = 0):
    limit, offset = max(1, min(limit, 500)), max(0, offset)
    return [team_out(t) for t in selectors.teams_managed_by(user=request.auth).order_by("pk")[offset:offset + limit]]


@router.post("/teams", response={201: TeamOut}, auth=AUTH, tags=["teams"],
             summary="Register a team in my region (administrators)")
def team_create(request, payload: TeamIn):
    return Status(201, team_out(teams.team_create(actor=request.auth, **payload.dict())))


@router.get("/teams/{int:team_id}", response=TeamOut, auth=AUTH, tags=["teams"], summary="One team in my region")
def team_get(request, team_id: int):
    return team_out(selectors.team_get_for_manager(user=request.auth, team_id=team_id))


@router.patch("/teams/{int:team_id}", response=TeamOut, auth=AUTH, tags=["teams"],
              summary="Change a team: administrators anything within their region, organisers their own team's "
                      "description and contacts")
def team_update(request, team_id: int, payload: TeamPatch):
    team = selectors.team_get_for_manager(user=request.auth, team_id=team_id)
    return team_out(teams.team_update(team=team, actor=request.auth, changes=payload.dict(exclude_unset=True)))
