"""Observability: Prometheus metrics (``metrics``), request ids and structured request logs
(``requestlog``); health and readiness probes live in ``api/app.py`` and ``health``."""
