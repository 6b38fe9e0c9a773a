"""Dashboards: the team lead's (caseloads, hours, what is overdue, releases due) and the
organisation's (boroughs side by side, trends by month). Aggregates, drilled down only as far as
the viewer's own scope allows."""
