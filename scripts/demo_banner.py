"""Prints what `make demo` serves and the demo logins."""

import sys

port = sys.argv[1] if len(sys.argv) > 1 else "8000"
base = f"http://127.0.0.1:{port}"
print(f"""
==================== VolunteerHub demo 卫生健康志愿服务平台 ====================
  Home 首页                {base}/
  Map 服务地图             {base}/map
  Activities 志愿活动      {base}/activities/
  Dashboard 统计           {base}/dashboard
  My profile 我的          {base}/me/
  Register 注册            {base}/register/
  Inbox 消息               {base}/inbox/
  Needs 居民求助           {base}/needs/
  Figures 数据公开         {base}/stats/
  News 资讯                {base}/articles/
  Commendations 表彰公示   {base}/awards/
  Admin 管理后台           {base}/admin/
  API docs 接口文档        {base}/api/v1/docs   (OpenAPI: {base}/api/v1/openapi.json)

  Demo logins 演示账号 (mobile / password 手机号 / 密码: Binzhou-2026)
    13900000001  city admin 市级管理员
    13900000002  county admin 滨城区管理员
    13900000006  county admin 邹平市管理员
    13900000003  team organiser 队伍组织者 (市中街道卫生院志愿服务队)
    13900000004  volunteer 志愿者 (周心怡)
    13900000005  resident 居民
  A background worker (reminders, deliveries, expiry) runs beside the server.
  Keys 密钥: var/keys.env, made on the first run and kept (local demo only 仅供本机演示).
================================================================================
""", flush=True)
