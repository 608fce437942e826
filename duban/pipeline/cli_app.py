"""`duban serve`: the web app (see `pipeline.app`) on 127.0.0.1, or on another address with a token."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from duban.pipeline.cli_options import DEFAULT_URL, IndexOption


def register(app: typer.Typer) -> None:
    """Add the `serve` command to the `duban` CLI."""

    @app.command()
    def serve(
        index: IndexOption = DEFAULT_URL,
        host: Annotated[
            str, typer.Option("--host", help="监听地址；默认只有本机可访问。其他地址必须设置访问口令。")
        ] = "127.0.0.1",
        port: Annotated[int, typer.Option("--port", help="端口（0 表示自动选一个空闲端口）。")] = 8080,
        token_file: Annotated[
            Path | None,
            typer.Option("--token-file", help="访问口令文件（也可用环境变量 DUBAN_WEB_TOKEN）。"),
        ] = None,
        allowed_host: Annotated[
            list[str] | None,
            typer.Option("--allowed-host", help="浏览器地址栏里可用的主机名（可多次给出），如 duban.local。"),
        ] = None,
        uploads: Annotated[
            Path | None,
            typer.Option(
                "--uploads",
                help="网页上传的文件存放在此文件夹（按日期分子文件夹）；默认为 SQLite 索引文件旁的 <索引>.uploads。",
            ),
        ] = None,
        upload_max_mb: Annotated[
            int, typer.Option("--upload-max-mb", min=1, help="一次上传的文件合计上限（MB）。")
        ] = 100,
        no_uploads: Annotated[
            bool, typer.Option("--no-uploads", help="关闭网页上传（/upload），只读使用。")
        ] = False,
        fetched: Annotated[
            Path | None,
            typer.Option(
                "--fetched",
                help="duban ingest 网址 保存网页的文件夹（同 ingest 的 --fetched），网址来源的原件从这里读取；"
                "默认为 SQLite 索引文件旁的 <索引>.fetched。",
            ),
        ] = None,
    ) -> None:
        """启动网页版：检索、文件、督办核查、台账下载与人工核定（每个页面都有 .json 接口）。"""
        from duban.base.errors import DubanError
        from duban.index import default_url
        from duban.pipeline import app as web
        from duban.pipeline.cli_index import require_index
        from duban.pipeline.uploads import UploadError, Uploads
        from duban.pipeline.web.security import Security, SetupError, load_token

        url = index or default_url()
        try:
            security = Security.for_bind(host, load_token(token_file), allowed_host or ())
            require_index(url)  # serving a mistyped --index would create an empty database
            try:
                kept = Uploads.configure(url, uploads, upload_max_mb, enabled=not no_uploads)
            except UploadError as exc:
                raise SetupError(exc.message) from exc
            web.serve(url, host, port, security, announce=typer.echo, uploads=kept, fetched=fetched)
        except DubanError as exc:
            typer.echo(f"{exc.code} {exc.message}\n  提示：{exc.hint}", err=True)
            raise typer.Exit(2) from exc
        except SetupError as exc:
            typer.echo(f"duban serve：{exc}", err=True)
            raise typer.Exit(2) from exc
