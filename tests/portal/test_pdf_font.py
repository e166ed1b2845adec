"""The pre-subset PDF font: GB 2312 from the system's Noto Serif CJK SC, cached per source font."""
import pytest
from fontTools.ttLib import TTFont

from portal import pdf_font


@pytest.fixture
def font_dir(settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path / "fonts"
    pdf_font.ensure.cache_clear()
    yield settings.PDF_FONT_DIR
    pdf_font.ensure.cache_clear()


def test_the_copy_covers_gb2312_and_ascii_and_nothing_rarer(font_dir):
    path = pdf_font.ensure()

    assert path is not None and path.parent == font_dir
    cmap = TTFont(path)["cmap"].getBestCmap()
    assert len(pdf_font.gb2312_characters()) == 7445  # 6,763 hanzi and 682 symbols
    assert all(ord(character) in cmap for character in "山东省智能工厂梯度培育认定证书（）〔〕·ABC-2026")
    assert all(ord(character) in cmap for character in pdf_font.gb2312_characters())
    assert ord("喆") not in cmap and ord("垚") not in cmap
    assert path.stat().st_size < pdf_font.source_path().stat().st_size / 4


def test_the_copy_is_built_once_and_named_after_its_source(font_dir):
    first = pdf_font.ensure()
    modified = first.stat().st_mtime_ns
    pdf_font.ensure.cache_clear()

    assert pdf_font.ensure() == first
    assert first.stat().st_mtime_ns == modified
    source = pdf_font.source_path().stat()
    assert first.name == f"portal-serif-sc-{source.st_size}-{int(source.st_mtime)}.otf"
    assert [p.name for p in font_dir.iterdir()] == [first.name]  # no temporary file left behind


def test_a_copy_that_cannot_be_built_leaves_the_system_font(font_dir, settings, tmp_path, caplog):
    settings.PDF_CJK_FONT_FILES = [str(tmp_path / "missing.ttc")]

    assert pdf_font.ensure() is None
    assert pdf_font.font_face_css() == ""
    assert "using the system font" in caplog.text
