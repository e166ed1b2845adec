"""Benchmark: render time and size of one certificate against a bare one-line Chinese page.

    .venv/bin/python benchmarks/certificate_render.py [--runs 20] [--out /tmp/certificate.pdf]

Both renders run in this one process with the same cached FontConfiguration (portal.pdf), after one
warm-up each (imports, fontconfig start-up). The floor is WeasyPrint rendering a page holding one
line of Chinese in the system's Noto Serif CJK SC, the face the certificate prints in: what any PDF
from this stack costs. The certificate itself uses the pre-subset copy of that face
(portal/pdf_font.py), so a second floor, the same line in that copy, is printed too: the first ratio
says what the portal gained, the second what is left of the certificate's own layout. The aim is a
median within 1.5x of the (system font) floor and under 300 KB per certificate. No database is needed: the certificate
is built from unsaved model instances.
"""
import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

import django  # noqa: E402

django.setup()

from portal.accounts.models import City, Enterprise  # noqa: E402
from portal.pdf import _font_config, render_to_pdf  # noqa: E402
from tiers.models import Tier  # noqa: E402
from tiers.titles.certificates import CERTIFICATE_TEMPLATE, certificate_context, format_number  # noqa: E402
from tiers.titles.models import Certificate, Title  # noqa: E402

FLOOR_HTML = """<html lang="zh-CN"><body style="font-family: 'Noto Serif CJK SC'; font-size: 16pt">
山东省智能工厂梯度培育认定证书</body></html>"""


def sample_certificate(tier_code="advanced"):
    city = City(code="370100", name_zh="济南", name_en="Jinan", bureau_name="济南市工业和信息化局")
    enterprise = Enterprise(name="济南智造装备有限公司", credit_code="91370102MA3C4XYZ8K", city=city)
    names = {"basic": ("基础级（市级）智能工厂", "city"), "advanced": ("先进级（省级）智能工厂", "province"),
             "excellence": ("卓越级智能工厂", "miit"), "scenario": ("省级智能制造优秀场景", "province")}
    name_zh, authority = names[tier_code]
    tier = Tier(code=tier_code, name_zh=name_zh, name_en=tier_code, authority=authority)
    title = Title(enterprise=enterprise, tier=tier, year=2026, enterprise_name=enterprise.name,
                  recognized_on=datetime.date(2026, 6, 30))
    authority_name = city.bureau_name if authority == "city" else "山东省工业和信息化厅"
    return Certificate(
        title=title, tier=tier, year=2026, sequence=1, number=format_number(tier_code, 2026, 1),
        enterprise_name=enterprise.name, credit_code=enterprise.credit_code, issuing_authority=authority_name,
        miit_document="工信部通装函〔2026〕88号" if authority == "miit" else "", issued_on=datetime.date(2026, 7, 8),
    )


def floor_pdf():
    from weasyprint import HTML

    return HTML(string=FLOOR_HTML).write_pdf(font_config=_font_config())


def subset_floor_pdf():
    """The floor in the pre-subset copy of the font (through portal.pdf, with no stylesheet of its own)."""
    from weasyprint import HTML

    from portal.pdf import _font_face_stylesheet

    html = FLOOR_HTML.replace("'Noto Serif CJK SC'", "'Portal Serif SC', 'Noto Serif CJK SC'")
    return HTML(string=html).write_pdf(stylesheets=[_font_face_stylesheet()], font_config=_font_config())


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def measure(floor, certificate, runs):
    """Interleave the two renders so both see the same machine load; one warm-up each first."""
    floor(), certificate()
    floor_times, cert_times, ratios = [], [], []
    for _ in range(runs):
        floor_time, floor_result = timed(floor)
        cert_time, cert_result = timed(certificate)
        floor_times.append(floor_time)
        cert_times.append(cert_time)
        ratios.append(cert_time / floor_time)
    return floor_times, cert_times, ratios, floor_result, cert_result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--tier", default="advanced", choices=["basic", "advanced", "excellence", "scenario"])
    parser.add_argument("--out", help="also write the certificate PDF here")
    args = parser.parse_args()

    context = certificate_context(sample_certificate(args.tier))
    floor_times, cert_times, ratios, floor, pdf = measure(
        floor_pdf, lambda: render_to_pdf(CERTIFICATE_TEMPLATE, context), args.runs
    )
    subset_times, _, subset_ratios, subset_floor, _ = measure(
        subset_floor_pdf, lambda: render_to_pdf(CERTIFICATE_TEMPLATE, context), args.runs
    )
    if args.out:
        Path(args.out).write_bytes(pdf)
    floor_median, cert_median = statistics.median(floor_times), statistics.median(cert_times)
    cert_size = len(pdf)
    ratio = statistics.median(ratios)
    print(f"runs: {args.runs} interleaved pairs after one warm-up each; medians")
    print(f"floor (one Chinese line, same font): {floor_median * 1000:6.1f} ms  {len(floor) / 1024:6.1f} KB")
    print(f"certificate ({args.tier}): {' ' * (13 - len(args.tier))}{cert_median * 1000:6.1f} ms  {cert_size / 1024:6.1f} KB")
    print(f"ratio: median {ratio:.2f}x of paired runs, {cert_median / floor_median:.2f}x of medians "
          f"(aim <= 1.5x); size {'under' if cert_size < 300 * 1024 else 'OVER'} 300 KB")
    subset_median = statistics.median(subset_times)
    print(f"second floor (same line, pre-subset font): {subset_median * 1000:6.1f} ms  "
          f"{len(subset_floor) / 1024:6.1f} KB; certificate / it: median {statistics.median(subset_ratios):.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
