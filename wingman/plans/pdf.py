"""'My plan' as a PDF, drawn by WeasyPrint from the same words as the page, with the print
stylesheet and the DejaVu fonts that are on the machine (nothing is fetched from outside)."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from .models import SupportPlan
from .selectors import goals_of

PRINT_CSS = Path(settings.BASE_DIR) / "wingman" / "static" / "wingman" / "my-plan-print.css"


def _no_fetching(url: str, *args: Any, **kwargs: Any) -> Any:
    """Refuse every outside resource: the PDF is drawn from the page's own words and
    stylesheet."""
    raise ValueError(f"Not fetched: {url}")


def my_plan_context(viewer: Any, plan: SupportPlan) -> dict[str, Any]:
    """What "my plan" shows, on the page and on paper."""
    return {
        "plan": plan,
        "client": plan.client,
        "goals": goals_of(viewer, plan),
        "today": timezone.localdate(),
    }


def my_plan_pdf(request: HttpRequest | None, context: dict[str, Any]) -> bytes:
    from weasyprint import CSS, HTML  # the PDF's only user; loading it costs a second

    html = render_to_string("plans/my_plan_pdf.html", context, request=request)
    document = HTML(string=html, url_fetcher=_no_fetching, base_url=str(PRINT_CSS.parent))
    return bytes(document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))]))
