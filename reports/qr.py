"""QR codes for printed documents, as PNG data: URLs (the PDF renderer fetches nothing else)."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M


def qr_data_url(text):
    """A black-on-white QR code of text as a data:image/png URL."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=6, border=2)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
