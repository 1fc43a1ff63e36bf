"""What the tests read of a PDF the portal sends (a decision's, a service agreement's): that it is a tagged PDF, and
its words, spaces made single."""

import io

from pypdf import PdfReader


def pdf_text(response) -> str:
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.data))
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]  # a tagged PDF
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
