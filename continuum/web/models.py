"""Models of the web app, defined next to the pages that use them."""

from continuum.web.returns.models import ReturnUpload

__all__ = ["ReturnUpload"]
