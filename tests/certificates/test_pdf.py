"""The certificate PDF: what it says, in Chinese, in an embedded CJK font, on one A4 landscape page."""
import io

import pytest
from pypdf import PdfReader

from portal.errors import ActionRefused
from tests.certificates.conftest import pdf_text
from tests.tiers.factories import TitleFactory, tier
from tiers.constants import TierCode
from tiers.titles.certificates import request_certificate, verify_url
from tiers.titles.constants import RenderStatus

pytestmark = pytest.mark.django_db


def read(certificate):
    with certificate.file.open("rb") as handle:
        return handle.read()


def test_pdf_names_enterprise_number_and_tier_in_chinese(issue, advanced_title):
    certificate = issue(advanced_title)

    assert certificate.status == RenderStatus.READY
    text = pdf_text(read(certificate))
    assert "济南智造装备有限公司" in text
    assert certificate.number in text
    assert "先进级（省级）智能工厂" in text
    assert "智能工厂证书" in text
    assert "山东省工业和信息化厅" in text
    assert advanced_title.enterprise.credit_code in text
    assert verify_url(certificate) in text  # printed under the QR code, which encodes the same URL


def test_pdf_embeds_the_cjk_font_it_uses_and_no_other(issue, advanced_title):
    reader = PdfReader(io.BytesIO(read(issue(advanced_title))))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = []
    for ref in fonts.values():
        font = ref.get_object()
        assert font["/Subtype"] == "/Type0"  # CID-keyed: what CJK text needs
        descendant = font["/DescendantFonts"][0].get_object()
        descriptor = descendant["/FontDescriptor"].get_object()
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
        names.append(str(font["/BaseFont"]))
    # Only the pre-subset copy of Noto Serif CJK SC (portal/pdf_font.py): the name has no rare character.
    assert names and all("Portal-Serif-SC" in name for name in names), names


def embedded_font_names(content):
    fonts = PdfReader(io.BytesIO(content)).pages[0]["/Resources"]["/Font"]
    return sorted(str(ref.get_object()["/BaseFont"]).split("+")[-1] for ref in fonts.values())


def test_a_name_outside_gb2312_prints_every_character_from_the_system_font(issue, enterprise):
    name = "山东喆垚𠮷智造装备有限公司"  # 喆 and 垚 are not in GB 2312, 𠮷 is outside the BMP
    title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.ADVANCED), year=2026, enterprise_name=name)

    content = read(issue(title))

    assert name in pdf_text(content)
    assert embedded_font_names(content) == ["Noto-Serif-CJK-SC", "Portal-Serif-SC"]


def test_without_the_pre_subset_font_certificates_use_the_system_font(issue, advanced_title, monkeypatch):
    from portal import pdf, pdf_font

    monkeypatch.setattr(pdf_font, "ensure", lambda: None)
    pdf.reset_caches()
    try:
        content = read(issue(advanced_title))
    finally:
        pdf.reset_caches()

    assert "济南智造装备有限公司" in pdf_text(content)
    assert embedded_font_names(content) == ["Noto-Serif-CJK-SC"]


def test_pdf_is_one_a4_landscape_page(issue, advanced_title):
    reader = PdfReader(io.BytesIO(read(issue(advanced_title))))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_basic_certificate_is_issued_by_the_city_bureau(issue, enterprise):
    certificate = issue(TitleFactory(enterprise=enterprise, tier=tier(TierCode.BASIC), year=2026))

    assert certificate.issuing_authority == "济南市工业和信息化局"
    text = pdf_text(read(certificate))
    assert "济南市工业和信息化局" in text and "基础级（市级）智能工厂" in text
    assert certificate.number.startswith("SDZN-JC-")


def test_scenario_award_has_its_own_heading(issue, enterprise):
    certificate = issue(TitleFactory(enterprise=enterprise, tier=tier(TierCode.SCENARIO), year=2026))

    text = pdf_text(read(certificate))
    assert "智能制造优秀场景证书" in text and "山东省工业和信息化厅" in text


def test_miit_tier_records_miit_document(issue, enterprise):
    title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.EXCELLENCE), year=2026,
                         source="工信部通装函〔2026〕88号")
    certificate = issue(title)

    assert certificate.miit_document == "工信部通装函〔2026〕88号"
    text = pdf_text(read(certificate))
    assert "工信部通装函〔2026〕88号" in text and "登记机关" in text and "卓越级智能工厂" in text


def test_miit_tier_without_miit_document_is_refused(enterprise, provincial_officer):
    title = TitleFactory(enterprise=enterprise, tier=tier(TierCode.LEADING), year=2026, source="")

    with pytest.raises(ActionRefused) as refused:
        request_certificate(title, actor=provincial_officer)
    assert refused.value.article == "Art. 13"
