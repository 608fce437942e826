"""What keeps a server holding internal documents safe: who may connect, with what, and how much.

* Bind: 127.0.0.1 by default. Any other address needs a token (`$DUBAN_WEB_TOKEN`, or a file named
  by `$DUBAN_WEB_TOKEN_FILE` or `--token-file`); the server refuses to start without one.
* Auth: with a token set, every request but the login page and the style sheet must carry it, as
  `Authorization: Bearer <token>` (scripts) or the session cookie the login form sets (browsers;
  an HMAC of the token, HttpOnly, SameSite=Strict). Both are compared with `hmac.compare_digest`.
* Host header: on a loopback bind only `127.0.0.1`, `localhost` and `[::1]` are served, so a page
  on another site cannot read the index through DNS rebinding; `--allowed-host` adds names.
* CSRF: forms that change something carry a token that must equal the `duban_csrf` cookie
  (double submit) and, when the browser sends `Origin`, come from this server.
* Limits: request body (64 KiB; an upload to `/upload`, its own cap, 100 MB by default), URL
  (8 KiB), time per request (30 s, 300 s for a ledger or reminder download, 15 min for an upload, which is
  ingested while the browser waits; then 503); uvicorn adds
  keep-alive and header-size limits and serves connections concurrently.
* Responses carry a strict Content-Security-Policy (no scripts at all), `nosniff`, no framing;
  a header the app set itself is not repeated (the CSP always is: two policies both apply).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import logging
import os
import secrets
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import quote

log = logging.getLogger(__name__)

TOKEN_ENV = "DUBAN_WEB_TOKEN"
TOKEN_FILE_ENV = "DUBAN_WEB_TOKEN_FILE"
SESSION_COOKIE = "duban_session"
CSRF_COOKIE = "duban_csrf"
CSRF_FIELD = "csrf_token"
MIN_TOKEN = 16
MAX_BODY = 64 * 1024
MAX_URL = 8 * 1024
REQUEST_TIMEOUT = 30.0
DOWNLOAD_TIMEOUT = 300.0  # a whole ledger as a workbook takes longer than a page
DOWNLOADS = (".xlsx", ".csv", ".docx")
UPLOAD_PATHS = ("/upload", "/upload.json")
UPLOAD_TIMEOUT = 900.0  # the per-file limit of an ingest (600 s) and the walk around it
MULTIPART_SLACK = 64 * 1024  # a form's boundaries, part headers and CSRF field beside the files
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
PUBLIC_PATHS = ("/login", "/static/")
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SetupError(Exception):
    """The server cannot start as asked; the message is for staff, in Chinese."""


def is_loopback(host: str) -> bool:
    name = host.strip("[]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def load_token(token_file: Path | None = None, env: MutableMapping[str, str] | None = None) -> str | None:
    """The token from `token_file`, else `$DUBAN_WEB_TOKEN_FILE`, else `$DUBAN_WEB_TOKEN`."""
    env = os.environ if env is None else env
    path = token_file or (Path(env[TOKEN_FILE_ENV]) if env.get(TOKEN_FILE_ENV) else None)
    if path is not None:
        try:
            token = path.read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise SetupError(
                f"读不到口令文件 {path}（{exc.strerror or exc}）。请检查文件路径和权限。"
            ) from exc
    else:
        token = (env.get(TOKEN_ENV) or "").strip()
    if not token:
        return None
    if len(token) < MIN_TOKEN:
        raise SetupError(f"访问口令太短：至少 {MIN_TOKEN} 个字符。可用 `openssl rand -hex 16` 生成。")
    return token


@dataclass(frozen=True)
class Security:
    """The settings the middleware enforces; `allowed_hosts` None serves any Host header."""

    token: str | None
    allowed_hosts: frozenset[str] | None
    max_body: int = MAX_BODY
    max_url: int = MAX_URL
    timeout: float = REQUEST_TIMEOUT
    download_timeout: float = DOWNLOAD_TIMEOUT
    upload_max_body: int = 0  # bytes a POST to `UPLOAD_PATHS` may carry; 0: uploads are off
    upload_timeout: float = UPLOAD_TIMEOUT
    session_value: str = field(init=False, default="")

    def __post_init__(self) -> None:
        if self.token:
            digest = hmac.new(self.token.encode(), b"duban-session-v1", hashlib.sha256).hexdigest()
            object.__setattr__(self, "session_value", digest)

    @classmethod
    def for_bind(
        cls, host: str, token: str | None, extra_hosts: Iterable[str] = (), **limits: Any
    ) -> Security:
        """Loopback: the loopback names (plus `extra_hosts`). Other binds need a token, and serve
        the Host names given (any name when none are, the token being the guard)."""
        extra = {h.strip().lower() for h in extra_hosts if h.strip()}
        if is_loopback(host):
            return cls(token, frozenset({*LOOPBACK_NAMES, host.strip("[]"), *extra}), **limits)
        if not token:
            raise SetupError(
                f"监听 {host} 会把内部文件开放给局域网，必须设置访问口令：\n"
                f"  export {TOKEN_ENV}=$(openssl rand -hex 16)    或    --token-file 口令文件\n"
                "只在本机使用时请去掉 --host（默认 127.0.0.1）。"
            )
        return cls(token, frozenset(extra) if extra else None, **limits)

    def token_ok(self, presented: str) -> bool:
        return self.token is not None and hmac.compare_digest(presented.encode(), self.token.encode())

    def session_ok(self, cookie: str) -> bool:
        return bool(self.session_value) and hmac.compare_digest(cookie.encode(), self.session_value.encode())


def new_csrf_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(cookie: str | None, submitted: str | None, origin: str | None, host: str | None) -> bool:
    """Double submit: the form's token equals the cookie's; a sent `Origin` names this server."""
    if not cookie or not submitted or not hmac.compare_digest(cookie.encode(), submitted.encode()):
        return False
    if origin and origin != "null":
        return host is not None and origin.split("://", 1)[-1].lower() == host.lower()
    return origin != "null"


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers") or []}


def _host_name(host: str) -> str:
    """`example:8080` → `example`, `[::1]:8080` → `::1`."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1 : host.find("]")] if "]" in host else host
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _cookies(headers: dict[str, str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in headers.get("cookie", "").split(";"):
        name, _, value = part.strip().partition("=")
        if name:
            found[name] = value
    return found


def wants_json(scope: Scope, headers: dict[str, str]) -> bool:
    path = str(scope.get("path", ""))
    query = bytes(scope.get("query_string") or b"")
    return (
        path.endswith(".json")
        or path.startswith("/api/")
        or b"format=json" in query
        or headers.get("accept", "").startswith("application/json")
    )


async def plain_error(
    scope: Scope, send: Send, status: int, code: str, message: str, headers: dict[str, str] | None = None
) -> None:
    """An error answered by the middleware itself (before the app): JSON or a small page."""
    request_headers = _headers(scope)
    extra = [(k.encode(), v.encode()) for k, v in (headers or {}).items()]
    if wants_json(scope, request_headers):
        body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
        ctype = b"application/json; charset=utf-8"
    else:
        body = (
            '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>出错了 · 督办</title>'
            '<link rel="stylesheet" href="/static/style.css"></head><body><main>'
            f'<h1>出错了</h1><div class="error"><p><strong>{escape(code)} {escape(message)}</strong></p>'
            '</div><p><a href="/">返回首页</a></p></main></body></html>'
        ).encode()
        ctype = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", ctype), (b"content-length", str(len(body)).encode()), *extra],
        }
    )
    await send({"type": "http.response.body", "body": body})


class SecurityMiddleware:
    """The checks above, as plain ASGI so that a body is counted while it streams in."""

    def __init__(self, app: ASGIApp, security: Security) -> None:
        self.app = app
        self.security = security

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        sec = self.security
        headers = _headers(scope)
        path = str(scope.get("path", ""))
        if len(scope.get("raw_path") or b"") + len(scope.get("query_string") or b"") > sec.max_url:
            # a query of a thousand characters, pasted from a document: say what to shorten
            await plain_error(
                scope,
                send,
                414,
                "HTTP414",
                "网址太长：检索词或筛选条件太长（约 900 个汉字以内），请缩短后再试。",
            )
            return
        host = headers.get("host", "")
        if sec.allowed_hosts is not None and _host_name(host) not in sec.allowed_hosts:
            log.warning("refused Host header %r", host)
            await plain_error(scope, send, 400, "HTTP400", "主机名不被允许：请用 http://127.0.0.1 打开。")
            return
        if sec.token and not path.startswith(PUBLIC_PATHS) and not self._authorised(headers):
            await self._login_required(scope, send, headers, path)
            return
        length = headers.get("content-length", "")
        if length and (not length.isdigit() or int(length) > _max_body(sec, scope)):
            await plain_error(scope, send, 413, "HTTP413", _too_large(sec, scope))
            return
        if scope.get("method") == "HEAD":  # answered as GET without the body, for every page
            scope = {**scope, "method": "GET"}
            await self._guarded(scope, receive, _headers_only(send))
            return
        await self._guarded(scope, receive, send)

    def _authorised(self, headers: dict[str, str]) -> bool:
        scheme, _, presented = headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and presented:
            return self.security.token_ok(presented.strip())
        cookie = _cookies(headers).get(SESSION_COOKIE)
        return cookie is not None and self.security.session_ok(cookie)

    async def _login_required(self, scope: Scope, send: Send, headers: dict[str, str], path: str) -> None:
        if scope.get("method") == "GET" and not wants_json(scope, headers):
            target = path + (
                f"?{scope['query_string'].decode('latin-1')}" if scope.get("query_string") else ""
            )
            location = "/login?next=" + quote(target, safe="")
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [(b"location", location.encode()), (b"content-length", b"0")],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await plain_error(
            scope,
            send,
            401,
            "HTTP401",
            "需要登录：请带上访问口令。",
            {"www-authenticate": 'Bearer realm="duban"'},
        )

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Run the app with the body counted, the time bounded and the security headers added.

        A body over the limit is answered 413 at once; the app then sees the client as gone and
        whatever it still sends is dropped."""
        sec = self.security
        received = 0
        started = blocked = False
        max_body = _max_body(sec, scope)

        async def counted() -> Message:
            nonlocal received, started, blocked
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > max_body:
                    if not started:
                        started = True
                        await plain_error(scope, send, 413, "HTTP413", _too_large(sec, scope))
                    blocked = True
                    return {"type": "http.disconnect"}
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if blocked:
                return
            if message["type"] == "http.response.start":
                started = True
                extra = [
                    (b"content-security-policy", CSP.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                ]
                if sec.token:
                    extra.append((b"cache-control", b"no-store"))
                own = message.get("headers", [])
                # a header the app set itself is not given twice (the CSP always: it only adds up)
                present = {bytes(name).lower() for name, _ in own} - {b"content-security-policy"}
                extra = [(name, value) for name, value in extra if name not in present]
                message = {**message, "headers": [*own, *extra]}
            await send(message)

        path = str(scope.get("path", ""))
        limit = (
            sec.download_timeout
            if path.endswith(DOWNLOADS)
            else sec.upload_timeout
            if _is_upload(sec, scope)
            else sec.timeout
        )
        try:
            await asyncio.wait_for(self.app(scope, counted, send_with_headers), timeout=limit)
        except TimeoutError:
            log.warning("request timed out after %.0f s: %s", limit, scope.get("path"))
            if not started:
                await plain_error(scope, send, 503, "HTTP503", "处理超时，请缩小查询范围后重试。")
        except Exception:
            if not blocked:
                raise


def _headers_only(send: Send) -> Send:
    async def without_body(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return without_body


def _is_upload(sec: Security, scope: Scope) -> bool:
    return bool(sec.upload_max_body) and scope.get("method") == "POST" and scope.get("path") in UPLOAD_PATHS


def _max_body(sec: Security, scope: Scope) -> int:
    """The body a request may carry: an upload's cap (and the form around the files) on the
    upload route, the small default everywhere else."""
    return sec.upload_max_body + MULTIPART_SLACK if _is_upload(sec, scope) else sec.max_body


def _too_large(sec: Security, scope: Scope | None = None) -> str:
    if scope is not None and _is_upload(sec, scope):
        return f"上传的文件太大：一次最多 {sec.upload_max_body // (1024 * 1024)} MB。请分几次上传。"
    return f"提交的内容太大（上限 {sec.max_body // 1024} KB）。"
