"""One decoder and one Content-Type parser: a page reads the same in `run` and `extract`, and
`extract` keeps an article's sources, web pages and local files alike."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from claimcheck.draft import load_article_text
from claimcheck.extract import Document, extract
from claimcheck.extract.sniff import parse_content_type
from clirun import ROOT, claimcheck
from localserver import LocalServer, Reply

# a GBK page that says so in <meta>, served by a server that calls everything latin-1
ARTICLE_GBK = (
    '<html><head><meta charset="gbk"><title>云业务季度报告</title></head><body>'
    "<h1>云业务季度报告</h1><p>云业务收入增长18%，达到123亿元[1]。</p>"
    "<h2>References</h2><ol><li><a href='https://ir.example.com/q2'>二季度业绩</a></li></ol>"
    "</body></html>"
).encode("gbk")


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        ('Text/HTML; Charset="GBK"', ("text/html", "gbk")),
        ("text/plain;charset=utf-8;format=flowed", ("text/plain", "utf-8")),
        ("application/pdf", ("application/pdf", None)),
        ("text/html; charset=", ("text/html", None)),
        (None, ("", None)),
    ],
)
def test_the_content_type_parser(value: str | None, parsed: tuple[str, str | None]) -> None:
    assert parse_content_type(value) == parsed


def test_the_article_reader_decodes_as_the_extractor_does() -> None:
    header = "text/html; charset=iso-8859-1"
    page = extract(ARTICLE_GBK, header)
    assert isinstance(page, Document) and "云业务收入增长18%" in page.text
    article = load_article_text(ARTICLE_GBK, header)
    assert any("云业务收入增长18%" in b.text for b in article.blocks)


def test_extract_from_a_url_honours_the_http_charset(tmp_path: Path, server: LocalServer) -> None:
    url = server.add("/cn", Reply(body=ARTICLE_GBK, content_type="text/html; charset=iso-8859-1"))
    out = tmp_path / "cn.yaml"
    result = claimcheck(
        "extract", url, "-o", str(out), "--allow-private-hosts", "--cache-dir", str(tmp_path / "c")
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "云业务收入增长18%" in text and "Ã" not in text  # no mojibake
    # and a Shift_JIS article whose HTTP charset is right reads right too
    sjis = "<html><body><p>売上高は18%増加した[1]。</p><p>[1] https://ir.example.jp/q2</p>"
    url2 = server.add("/jp", Reply(body=sjis.encode("shift_jis"),
                                   content_type="text/html; charset=Shift_JIS"))  # fmt: skip
    out2 = tmp_path / "jp.yaml"
    claimcheck("extract", url2, "-o", str(out2), "--allow-private-hosts",
               "--cache-dir", str(tmp_path / "c"))  # fmt: skip
    assert "売上高は18%増加した" in out2.read_text(encoding="utf-8")


def test_extract_keeps_the_quick_starts_local_sources(tmp_path: Path) -> None:
    folder = tmp_path / "qs"
    shutil.copytree(ROOT / "examples" / "quickstart", folder)
    draft = folder / "draft.yaml"
    result = claimcheck("extract", str(folder / "article.md"), "-o", str(draft))
    assert result.returncode == 0, result.stderr
    assert "sources: {}" not in draft.read_text(encoding="utf-8")
    assert "5 claims, 9 figures, 2 sources" in result.stderr
    ran = claimcheck("run", str(draft), "--format", "json", "--cache-dir", str(tmp_path / "c"))
    report = json.loads(ran.stdout)
    cited = [c for c in report["claims"] if c["sources"]]
    assert [c["sources"] for c in cited] == [["1"], ["1"], ["2"], ["1"]]
    assert report["coverage"]["figures_checked"] == 8  # the draft checks what the article cites


def test_extract_writes_local_paths_relative_to_the_claims_file(tmp_path: Path) -> None:
    folder = tmp_path / "qs"
    shutil.copytree(ROOT / "examples" / "quickstart", folder)
    (folder / "claims").mkdir()
    draft = folder / "claims" / "draft.yaml"
    claimcheck("extract", str(folder / "article.md"), "-o", str(draft))
    assert 'path: "../sources/results.html"' in draft.read_text(encoding="utf-8")
