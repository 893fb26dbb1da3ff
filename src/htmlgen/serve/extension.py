"""The engine's place on a Flask app: ``init_app`` loads it once, views find it with ``get_engine``.

Another Flask app serves htmlgen under its own prefix with::

    from htmlgen.serve import bp, init_app
    init_app(app, {"adapter": "models/adapter"})
    app.register_blueprint(bp, url_prefix="/htmlgen")
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, current_app

from htmlgen.serve.engine import Engine, load_engine
from htmlgen.serve.settings import ServeConfig, serve_config

EXTENSION_KEY = "htmlgen"


def init_app(app: Flask, config: ServeConfig | Mapping[str, Any] | None = None,
             engine: Engine | None = None) -> Engine:
    """Load the model (or take the injected ``engine``, as tests do) and keep it on ``app.extensions``."""
    if engine is None:
        engine = load_engine(serve_config(config))
    app.extensions[EXTENSION_KEY] = engine
    return engine


def get_engine() -> Engine:
    engine = current_app.extensions.get(EXTENSION_KEY)
    if engine is None:
        raise RuntimeError("htmlgen.serve.init_app(app) was not called before the blueprint was used")
    return engine
