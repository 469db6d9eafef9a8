"""The figures of each domain, one module per domain (children, discovery, benefits, cases,
stations, outreach …); each registers its figures with `reports.figures.register` when
imported. Every module of this package is imported when the app is ready."""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
