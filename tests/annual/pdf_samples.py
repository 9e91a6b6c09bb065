"""Small hand-made PDFs for the front-end tests: plain, encrypted, image-only (scanned)."""

from __future__ import annotations


def build_pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from object bodies (object 1 must be the catalog), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def _page_objects(content: bytes, resources: bytes, page_extra: bytes = b"") -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources "
        + resources
        + page_extra
        + b" >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF printing ASCII `lines` in Helvetica (a real text layer)."""
    ops = b"".join(
        b"BT /F1 12 Tf 72 %d Td (%s) Tj ET\n" % (760 - 20 * i, line.encode("ascii"))
        for i, line in enumerate(lines)
    )
    objects = _page_objects(ops, b"<< /Font << /F1 5 0 R >> >>")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return build_pdf(objects)


def rotated_text_pdf(lines: list[str]) -> bytes:
    """A page turned by /Rotate 90 (landscape on screen) whose text is drawn turned back upright."""
    ops = b"".join(
        b"BT /F1 12 Tf 0 1 -1 0 %d 72 Tm (%s) Tj ET\n" % (100 + 20 * i, line.encode("ascii"))
        for i, line in enumerate(lines)
    )
    objects = _page_objects(ops, b"<< /Font << /F1 5 0 R >> >>", b" /Rotate 90")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    return build_pdf(objects)


def form_table_pdf() -> bytes:
    """A ruled table whose lines are drawn inside a form XObject placed with a matrix (cm), and a
    two-line label in a tall cell with its value vertically centred beside it."""
    lines = (
        b"0 0 m 200 0 l S 0 40 m 200 40 l S 0 60 m 200 60 l S "
        b"0 0 m 0 60 l S 120 0 m 120 60 l S 200 0 m 200 60 l S"
    )
    text = (
        b"BT /F1 10 Tf 60 715 Td (Name) Tj ET BT /F1 10 Tf 220 715 Td (Count) Tj ET "
        b"BT /F1 10 Tf 60 690 Td (Applications) Tj ET BT /F1 10 Tf 60 676 Td (received) Tj ET "
        b"BT /F1 10 Tf 220 683 Td (7) Tj ET"
    )
    objects = _page_objects(
        b"q 1 0 0 1 50 670 cm /Fm1 Do Q " + text, b"<< /Font << /F1 5 0 R >> /XObject << /Fm1 6 0 R >> >>"
    )
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    objects.append(
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 200 60] /Length %d >>\nstream\n" % len(lines)
        + lines
        + b"\nendstream"
    )
    return build_pdf(objects)


def encrypted_pdf() -> bytes:
    """A PDF protected by a user password (the standard security handler; the empty password fails)."""
    objects = _page_objects(b"BT /F1 12 Tf 72 760 Td (secret) Tj ET", b"<< >>")
    objects.append(
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 "
        b"/O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
    )
    return build_pdf(objects, b"/Encrypt 5 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">] ")


def scanned_pdf() -> bytes:
    """A page that only paints an image (no text layer), as a scanner produces."""
    pixels = b"\x80" * (16 * 16)
    image = (
        b"<< /Type /XObject /Subtype /Image /Width 16 /Height 16 /ColorSpace /DeviceGray /BitsPerComponent 8 /Length %d >>\nstream\n"
        % len(pixels)
    )
    objects = _page_objects(b"q 400 0 0 600 100 100 cm /Im1 Do Q", b"<< /XObject << /Im1 5 0 R >> >>")
    objects.append(image + pixels + b"\nendstream")
    return build_pdf(objects)
