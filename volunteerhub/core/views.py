from django.shortcuts import render


def _api_error(request, status: int, code: str, zh: str, en: str):
    from django.http import JsonResponse

    from volunteerhub.core.i18n import t

    return JsonResponse({"code": code, "message": t(zh, en), "fields": {}}, status=status,
                        json_dumps_params={"ensure_ascii": False})


def not_found(request, exception=None):
    """JSON for API paths that match no endpoint; the usual page elsewhere."""
    if request.path.startswith("/api/"):
        return _api_error(request, 404, "not_found", "未找到", "Not found")
    return render(request, "core/error.html", {"status": 404}, status=404)


def bad_request(request, exception=None):
    if request.path.startswith("/api/"):
        return _api_error(request, 400, "bad_request", "请求有误", "Bad request")
    return render(request, "core/error.html", {"status": 400}, status=400)


def server_error(request):
    if request.path.startswith("/api/"):
        return _api_error(request, 500, "server_error", "服务器内部错误", "Internal server error")
    return render(request, "core/error.html", {"status": 500}, status=500)
