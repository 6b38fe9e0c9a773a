from django import template

from wingman.reports.document import Cell
from wingman.reports.document import shown as shown_cell

register = template.Library()


@register.filter
def shown(cell: Cell) -> str:
    """A report cell as published: `[c]` where hidden."""
    return shown_cell(cell)
