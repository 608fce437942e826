"""The error catalogue: every failure a user can meet has a code, a message and a hint.

Raise `DubanError(E.PDF_NO_TEXT, path=...)`; the CLI prints code, message and hint, and the JSON
Lines output carries them as an `error` object, so batch jobs can group failures by code. Codes are
stable (scripts match on them); messages and hints are in Chinese because office staff read them,
and each names the file, what is wrong and what to do.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


@dataclass(frozen=True)
class ErrorSpec:
    code: str
    message: str
    hint: str


class E(Enum):
    FILE_NOT_FOUND = ErrorSpec("E001", "{path}：文件或文件夹不存在", "请检查路径；路径含空格时请加引号。")
    FILE_EMPTY = ErrorSpec("E002", "{path}：文件是空的", "没有可提取的内容；请重新导出该文件。")
    UNSUPPORTED_FORMAT = ErrorSpec(
        "E003",
        "{path}：不支持的文件类型“{suffix}”，已跳过",
        "{remedy}",
    )
    ENCODING_UNKNOWN = ErrorSpec(
        "E004",
        "{path}：无法识别文本编码",
        "请将文件另存为 UTF-8（或 GB18030/Big5）编码后重试。",
    )
    FILE_UNREADABLE = ErrorSpec(
        "E005",
        "{path}：无法读取文件（{detail}）",
        "请检查文件权限（如 `chmod a+r 文件`）或换用有读取权限的账号运行。",
    )
    FOLDER_UNREADABLE = ErrorSpec(
        "E006",
        "{path}：无法读取文件夹（{detail}），其中的文件未处理",
        "请检查文件夹权限（如 `chmod a+rx 文件夹`）后重试。",
    )
    MHTML_NO_PAGE = ErrorSpec(
        "E007",
        "{path}：单文件网页（.mht/.mhtml）无法读取：{detail}，未处理",
        "请在浏览器中打开该文件，另存为“网页，仅 HTML”（.html）或打印为 PDF，再处理另存的文件。",
    )
    ARCHIVE_CORRUPT = ErrorSpec(
        "E008",
        "{path}：压缩包已损坏，无法读取（{detail}），其中的文件未处理",
        "压缩包可能下载不完整或已损坏；请重新下载或向报送单位重新索取，或用解压软件解压后处理解压出的文件夹。",
    )
    ARCHIVE_ENCRYPTED = ErrorSpec(
        "E009",
        "{path}：压缩包中的此文件有密码保护，无法读取，未处理",
        "请向报送单位索取未加密的压缩包；或用解压软件输入密码解压后，处理解压出的文件。",
    )
    PDF_CORRUPT = ErrorSpec(
        "E010",
        "{path}：PDF 文件无法读取（{detail}）",
        "文件被截断或已损坏；请重新下载或导出。",
    )
    PDF_ENCRYPTED = ErrorSpec(
        "E011",
        "{path}：PDF 文件有密码保护",
        "请先去除密码（如 `qpdf --decrypt --password=… in.pdf out.pdf`）后重试。",
    )
    PDF_NO_TEXT = ErrorSpec(
        "E012",
        "{path}：PDF 没有文字层（{detail}），需要先做文字识别（OCR）",
        "安装 OCR 组件（`pip install 'duban[ocr]'`）后 duban 会自动识别扫描件；"
        "或先用 `ocrmypdf -l chi_sim in.pdf out.pdf` 识别，再提取识别后的文件。",
    )
    # E012 again when OCR did run and found nothing: the same problem, but installing OCR is no
    # remedy for it (the catalogue's hint above would say so).
    PDF_OCR_NO_TEXT = ErrorSpec(
        "E012",
        "{path}：PDF 没有文字层，OCR 也未识别出文字（{detail}）",
        "请核对原件是否为空白页；扫描件请确认清晰、方向正确，必要时以 300 dpi 以上重新扫描后再处理。",
    )
    PDF_UNTRUSTED = ErrorSpec(
        "E013",
        "{path}：没有一页的文字层可信（{detail}）",
        "字体解码出的字符有误；安装 OCR 组件（`pip install 'duban[ocr]'`）后 duban 会自动识别，"
        "或先用 `ocrmypdf --force-ocr` 识别。",
    )
    PDF_TOO_LARGE = ErrorSpec(
        "E014",
        "{path}：PDF 文件超出处理限制（{detail}），未解析",
        "如确为正常文件，请设置环境变量 DUBAN_PDF_MAX_PAGES / DUBAN_PDF_MAX_OBJECTS 调高限制"
        "（0 为不限）后单独重试该文件。",
    )
    # E015–E019: the formats read after the Word and OFD codes (E020–E029) filled their range.
    RTF_NOT_RTF = ErrorSpec(
        "E015",
        "{path}：扩展名为 .rtf，但内容不是 RTF 文档（没有以“{{\\rtf”开头），未处理",
        "请确认文件能用 Word/WPS 打开；如实际是 .doc、.docx 或 PDF，请改正扩展名后再处理，否则请向发文单位重新索取。",
    )
    RTF_CORRUPT = ErrorSpec(
        "E016",
        "{path}：RTF 文件已损坏，无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在 Word/WPS 中打开后另存为 .docx，再处理另存的文件。",
    )
    SHEET_CORRUPT = ErrorSpec(
        "E017",
        "{path}：表格文件无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在 Excel/WPS 表格中打开后另存为 .xlsx，再处理另存的文件。",
    )
    SHEET_ENCRYPTED = ErrorSpec(
        "E018",
        "{path}：表格文件有密码保护（{detail}），无法读取其中的文字",
        "请向发文单位索取未加密的文件；或在 Excel/WPS 表格中输入密码打开，取消密码（Excel：文件 → 信息 → "
        "保护工作簿 → 用密码进行加密，清空密码）后另存为 .xlsx，再处理另存的文件。",
    )
    SHEET_NO_TEXT = ErrorSpec(
        "E019",
        "{path}：表格文件中没有可读取的文字（{detail}）",
        "请确认文件没有选错；如内容在隐藏的工作表中，请在 Excel/WPS 表格中取消隐藏后另存，再处理另存的文件。",
    )
    DOCX_CORRUPT = ErrorSpec(
        "E020",
        "{path}：Word 文件无法读取（{detail}）",
        "请用 Word 或 LibreOffice 打开后另存为 .docx。",
    )
    DOCX_TOO_LARGE = ErrorSpec(
        "E021",
        "{path}：{what} 文件超出限制（{detail}），为防止“压缩炸弹”未解析",
        "如确为正常文件，请用 --docx-max-mb / --docx-max-elements 调高限制后重试。",
    )
    DOC_NOT_WORD = ErrorSpec(
        "E022",
        "{path}：扩展名为“{suffix}”，但内容不是 Word 97-2003 文档（实际是{what}），未处理",
        "{remedy}",
    )
    DOC_ENCRYPTED = ErrorSpec(
        "E023",
        "{path}：Word 文件有密码保护（{detail}），无法读取其中的文字",
        "请向发文单位索取未加密的文件；或在 Word/WPS 中输入密码打开，取消密码（Word：文件 → 信息 → "
        "保护文档 → 用密码进行加密，清空密码）后另存为 .docx，再处理另存的文件。",
    )
    IMAGE_NO_TEXT = ErrorSpec(
        "E024",
        "{path}：图片中没有识别出文字（{detail}）",
        "请确认图片是公文的扫描件或照片，清晰、方向正确；必要时重新扫描（300 dpi 以上）后再处理。",
    )
    IMAGE_CORRUPT = ErrorSpec(
        "E025",
        "{path}：图片文件无法读取（{detail}）",
        "文件可能已损坏、不完整或过大；请重新扫描或导出为 PNG/JPG 后再处理。",
    )
    OFD_NOT_OFD = ErrorSpec(
        "E026",
        "{path}：扩展名为 .ofd，但不是 OFD 版式文件（{detail}），未处理",
        "请确认文件能用数科/福昕等 OFD 阅读器打开；如实际是 PDF 等其他格式，请改正扩展名后再处理，"
        "否则请向发文单位重新索取。",
    )
    OFD_CORRUPT = ErrorSpec(
        "E027",
        "{path}：OFD 文件已损坏，无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在 OFD 阅读器中打开后“导出为 PDF”，再处理导出的 PDF。",
    )
    OFD_ENCRYPTED = ErrorSpec(
        "E028",
        "{path}：OFD 文件已加密（{detail}），无法读取其中的文字",
        "请向发文单位索取未加密的文件；或在有权限的 OFD 阅读器中打开后“导出为 PDF”，再处理导出的 PDF。",
    )
    OFD_NO_TEXT = ErrorSpec(
        "E029",
        "{path}：OFD 文件没有可读取的文字（{detail}），可能是扫描件",
        "安装 OCR 组件（`pip install 'duban[ocr]'`）后 duban 会识别 PNG/JPG 页面图像；JBIG2 (JB2) "
        "图像无法识别：请在 OFD 阅读器中“导出为 PDF”或将页面导出为 PNG 后再处理。",
    )
    RULES_INVALID = ErrorSpec(
        "E030",
        "{path}:{line}: 规则无效：{detail}",
        "请修改规则文件；每条规则都需要 id（name.vN）、kind、pattern 和 examples。",
    )
    # E031–E039: formats and containers added after the rules' code (E030).
    ARCHIVE_UNSAFE_NAME = ErrorSpec(
        "E031",
        "{path}：压缩包中的文件名指向压缩包之外（{detail}），为安全起见未读取",
        "正常的压缩包不会有以“/”开头或含“..”的文件名；请向报送单位核实，重新打包后再处理。",
    )
    PPTX_CORRUPT = ErrorSpec(
        "E032",
        "{path}：演示文稿无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在 PowerPoint/WPS 演示中打开后另存为 .pptx 或导出为 PDF，"
        "再处理另存的文件。",
    )
    PPTX_ENCRYPTED = ErrorSpec(
        "E033",
        "{path}：演示文稿有密码保护（{detail}），无法读取其中的文字",
        "请向报送单位索取未加密的文件；或在 PowerPoint/WPS 演示中输入密码打开，取消密码（PowerPoint：文件 → "
        "信息 → 保护演示文稿 → 用密码进行加密，清空密码）后另存为 .pptx，再处理另存的文件。",
    )
    PPTX_NO_TEXT = ErrorSpec(
        "E034",
        "{path}：演示文稿中没有可读取的文字（{detail}）",
        "幻灯片上的文字如是图片，请导出为 PDF 后再处理（duban 会识别其中的文字）；如内容在隐藏的幻灯片中，"
        "请取消隐藏后另存，再处理另存的文件。",
    )
    WORD_NO_TEXT = ErrorSpec(
        "E035",
        "{path}：Word 文件中没有可读取的文字（{detail}）",
        "{remedy}",
    )
    MAIL_NO_TEXT = ErrorSpec(
        "E036",
        "{path}：邮件中没有可读取的正文或附件（{detail}），未处理",
        "请确认保存的是报送邮件本身；如附件是 duban 不读取的类型，请另存为 .docx 或 PDF 后再处理。",
    )
    MAIL_CORRUPT = ErrorSpec(
        "E037",
        "{path}：邮件文件无法读取（{detail}），其中的正文和附件未处理",
        "请在邮件客户端（Outlook、Foxmail 等）中重新“另存为” .msg 或 .eml，或直接保存其附件后再处理。",
    )
    ARCHIVE_HEADERS_ENCRYPTED = ErrorSpec(
        "E038",
        "{path}：压缩包的文件列表已加密（{detail}），无法列出其中的文件，未处理",
        "请向报送单位索取不加密码的压缩包；或用解压软件输入密码解压后，处理解压出的文件夹。",
    )
    ARCHIVE_READER_MISSING = ErrorSpec(
        "E039",
        "{path}：读取 {what} 压缩包所需的组件未安装（{detail}），未处理",
        "请安装 libarchive（Debian/Ubuntu：`apt-get install libarchive13`，并 `pip install 'libarchive-c>=5,<6'`）；"
        "或用解压软件解压后，处理解压出的文件夹。",
    )
    INDEX_URL = ErrorSpec(
        "E040",
        "不支持的索引地址“{url}”",
        "请使用 sqlite:///路径.db、文件路径，或 Elasticsearch 的 http(s)://主机:9200。",
    )
    INDEX_UNREACHABLE = ErrorSpec(
        "E041",
        "无法连接 {url} 处的索引（{detail}）",
        # the SQLite cases too: a file locked by another writer, a folder, a file that is no index
        "Elasticsearch 索引请先启动服务（`docker compose up -d`）；SQLite 索引正被另一个进程（另一次 ingest、"
        "网页版）写入时，请等它结束后重新运行；并检查 --index / $DUBAN_INDEX 是否指向 duban 的索引文件。",
    )
    INDEX_VERSION = ErrorSpec(
        "E042",
        "{url} 处的索引版本不受支持（{detail}）",
        "duban 支持 Elasticsearch 8.x 和 9.x。",
    )
    INDEX_SCHEMA = ErrorSpec(
        "E043",
        "索引文件 {url} 的结构版本为 {detail}，比当前 duban 能识别的更新",
        "请升级 duban，或让 --index 指向其他文件。",
    )
    INDEX_WRITE = ErrorSpec(
        "E044",
        "写入 {url} 处的索引失败（{detail}）",
        "请检查磁盘空间（或集群状态）后重新运行 ingest：内容未变的文件会自动跳过。",
    )
    INDEX_MISSING = ErrorSpec(
        "E045",
        "索引 {url} 不存在",
        "请检查 --index / $DUBAN_INDEX 是否写错；要新建索引请运行 `duban ingest 文件夹`（或加 --create）。",
    )
    INDEX_RECORD = ErrorSpec(
        "E046",
        "{url} 处的索引中有无法读取的记录（{detail}）",
        "索引可能由其他版本的 duban 写入：请用当前版本新建索引并重新 ingest，或换用写入它的版本。",
    )
    # E047–E049: OpenDocument files (.odt, .ods, .odp), read after the index codes took E040–E046.
    ODF_CORRUPT = ErrorSpec(
        "E047",
        "{path}：OpenDocument 文件已损坏，无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在 WPS/LibreOffice/永中 Office 中打开后另存为 .docx、"
        ".xlsx 或 .pptx，再处理另存的文件。",
    )
    ODF_ENCRYPTED = ErrorSpec(
        "E048",
        "{path}：OpenDocument 文件有密码保护（{detail}），无法读取其中的文字",
        "请向报送单位索取未加密的文件；或在 WPS/LibreOffice 中输入密码打开，另存时不勾选“使用密码保存”"
        "（或另存为 .docx、.xlsx、.pptx），再处理另存的文件。",
    )
    ODF_NO_TEXT = ErrorSpec(
        "E049",
        "{path}：OpenDocument 文件中没有可读取的文字（{detail}）",
        "{remedy}",  # loaders.odf.no_text: to install OCR when a text's pictures look like scanned pages
    )
    FILTER_INVALID = ErrorSpec(
        "E050",
        "筛选条件无效：{detail}",
        "筛选字段及格式见 `duban search --help`。",
    )
    PPT_ENCRYPTED = ErrorSpec(
        "E051",
        "{path}：PowerPoint 97-2003 演示文稿有密码保护（{detail}），无法读取其中的文字",
        "请向报送单位索取未加密的文件；或在 PowerPoint/WPS 演示中输入密码打开，取消密码后另存为 .pptx，"
        "再处理另存的文件。",
    )
    PPT_CORRUPT = ErrorSpec(
        "E052",
        "{path}：PowerPoint 97-2003 演示文稿无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在 PowerPoint/WPS 演示中打开后另存为 .pptx 或导出为 PDF，"
        "再处理另存的文件。",
    )
    PPT_NO_TEXT = ErrorSpec(
        "E053",
        "{path}：PowerPoint 97-2003 演示文稿中没有可读取的文字（{detail}）",
        "幻灯片上的文字如是图片，请导出为 PDF 后再处理（duban 会识别其中的文字）；如内容在隐藏的幻灯片中，"
        "请取消隐藏后另存，再处理另存的文件。",
    )
    # E054–E057: the web app's original files (`pipeline.web.sources`) and uploads (`pipeline.uploads`).
    ORIGINAL_GONE = ErrorSpec(
        "E054",
        "原件“{name}”已不在入库时的位置",
        "文件可能已被移动、改名或删除。请重新运行 duban ingest（新位置的文件会被重新收录），"
        "或请管理员找回原件；页面上的正文仍是入库时的内容。",
    )
    ORIGINAL_CHANGED = ErrorSpec(
        "E055",
        "原件“{name}”在入库后已被修改，与本页内容不一致",
        "请重新运行 duban ingest 收录修改后的文件，再从检索重新打开；如需入库时的版本，请向报送单位索取。",
    )
    ORIGINAL_UNREADABLE = ErrorSpec(
        "E056",
        "原件“{name}”暂时无法读取",
        "可能是共享文件夹未连接或没有读取权限；请稍后重试，或联系管理员。",
    )
    UPLOAD_REFUSED = ErrorSpec(
        "E057",
        "上传未处理：{detail}",
        "{remedy}",
    )
    # E058–E059: UOF files (统一办公文档格式: .uot, .uos, .uop; `loaders.uof`).
    UOF_CORRUPT = ErrorSpec(
        "E058",
        "{path}：UOF 文件已损坏，无法读取（{detail}）",
        "文件可能下载不完整或已损坏；请重新下载，或在永中 Office/WPS/RedOffice 中打开后重新保存，或另存为 "
        ".docx、.xlsx 或 .pptx，再处理另存的文件。",
    )
    UOF_UNSUPPORTED = ErrorSpec(
        "E059",
        "{path}：UOF 文件{detail}，无法读取其中的文字",
        "duban 读取 UOF 1.0 格式；请在永中 Office/WPS/RedOffice 中打开，另存为 .docx、.xlsx 或 .pptx"
        "（有密码的请输入密码打开，另存时不设密码），再处理另存的文件；或向报送单位索取未加密的文件。",
    )
    MODEL_MISSING = ErrorSpec(
        "E060",
        "无法加载模型“{name}”（{detail}）",
        "{remedy}",
    )
    EXTRA_MISSING = ErrorSpec(
        "E061",
        "未安装可选组件“{extra}”",
        "请用 `pip install 'duban[{extra}]'` 安装。",
    )
    TRAINING_MISSING = ErrorSpec(
        "E062",
        "此安装不含训练代码（{detail}）",
        "训练代码只在源码仓库中：克隆仓库后运行 `make train`，或在仓库目录中运行 `duban train --out 文件夹`。",
    )
    # E063–E066: web pages and their attachments fetched by URL (`pipeline.fetch`, `duban ingest URL`).
    FETCH_UNREACHABLE = ErrorSpec(
        "E063",
        "{url}：无法连接网站（{detail}），未抓取",
        "请检查网址是否写错、本机能否访问该网站（代理、防火墙、域名解析）；网站暂时不可用时，下次运行会再次抓取。"
        "网站很慢时可用 --fetch-timeout 调长等待时间。",
    )
    FETCH_STATUS = ErrorSpec(
        "E064",
        "{url}：网站返回 HTTP {status}（{detail}），未抓取",
        "{remedy}",
    )
    FETCH_NOT_DOCUMENT = ErrorSpec(
        "E065",
        "{url}：{detail}，未处理",
        "{remedy}",
    )
    FETCH_REFUSED = ErrorSpec(
        "E066",
        "{url}：{detail}，未抓取",
        "{remedy}",
    )
    NOT_FOUND = ErrorSpec(
        "E070",
        "未找到{what_zh}：{key}",
        "请检查编号或名称：可用 `duban search --docs` 查看索引中的文件，`duban correct list` 查看核定记录。",
    )
    BAD_DATE = ErrorSpec("E071", "“{value}”不是日期", "日期请写成 YYYY-MM-DD。")
    # E072: the status of a staff correction (`duban correct set`), which is no search filter (E050).
    STATUS_INVALID = ErrorSpec(
        "E072",
        "“{value}”不是可以核定的状态",
        "状态可写：{allowed}（英文或中文均可，见 `duban correct set --help`）。",
    )
    # E073: a staff correction's own text fields (who set it, the note), not a search filter (E050).
    CORRECTION_FIELD = ErrorSpec(
        "E073",
        "核定记录{detail}",
        "经办人（--by）必须填写；说明（--note）可以不写。两者都有字数上限，改正后重新提交。",
    )
    EXTRACT_FAILED = ErrorSpec(
        "E080",
        "{path}：提取失败，这是程序缺陷 (bug)（{detail}）",
        "这是 duban 的程序缺陷；其他文件不受影响。请报告此问题，如可能请附上该文件。",
    )
    OVER_TIME = ErrorSpec(
        "E081",
        "{path}：处理超过 {limit} 秒，已中止",
        "文件可能过大或结构异常；可用 --timeout 调高时限（0 为不限）后单独重试该文件。",
    )
    OVER_MEMORY = ErrorSpec(
        "E082",
        "{path}：处理时内存超过 {limit} MB，已中止",
        "文件可能过大或结构异常；可用 --memory-mb 调高内存上限（0 为不限）后单独重试该文件。",
    )


# What a `what` field names, as staff call it: callers name the thing in English (`what="measure"`),
# which the web API's JSON keeps in its fields, and the messages say it in Chinese (`{what_zh}`).
THING_NAMES = {
    "document": "文件",
    "measure": "举措",
    "directive": "上级文件",
    "correction": "核定记录",
    "page": "页面",
    "copy": "原件",
}


class DubanError(Exception):
    """An error from the catalogue, formatted with its fields."""

    def __init__(self, kind: E, **fields: Any) -> None:
        self.kind = kind
        self.fields = fields
        spec = kind.value
        self.code = spec.code
        shown = _Defaulting(fields)
        if "what" in fields:
            shown["what_zh"] = THING_NAMES.get(str(fields["what"]), str(fields["what"]))
        self.message = spec.message.format(**shown)
        self.hint = spec.hint.format(**shown)
        super().__init__(f"{self.code} {self.message}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Errors cross from worker processes to the parent: rebuild them from kind and fields."""
        return (_rebuild, (self.kind.name, self.fields))

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "name": self.kind.name, "message": self.message, "hint": self.hint}


class _Defaulting(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return f"<{key}>"


def _rebuild(name: str, fields: dict[str, Any]) -> DubanError:
    return DubanError(E[name], **fields)
