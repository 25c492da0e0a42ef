"""The app state every route reaches: the :class:`Services` built once per app (``app.state.services``)."""

from __future__ import annotations

from fastapi import Request

from openbanana.services import Services


def services(request: Request) -> Services:
    svc: Services = request.app.state.services
    return svc
