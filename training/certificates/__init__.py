"""A certificate's paper side: the signed facts its QR code carries (signing.py), its PDF (pdf.py), and the public
verification's address limit (limits.py). No database here: `verify_certificate` works without one."""
