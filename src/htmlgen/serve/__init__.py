"""Serve the exported adapter: a Flask blueprint (JSON API, SSE stream, a page to try it).

``create_app`` builds a standalone app around the blueprint; ``htmlgen serve`` runs it on
waitress. To mount the blueprint in another Flask app, see ``htmlgen.serve.extension``.

The names below are imported on first use, so ``htmlgen --help`` does not wait for torch.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from htmlgen.serve.settings import Limits, ServeConfig, serve_config

if TYPE_CHECKING:
    from flask import Flask

    from htmlgen.serve.engine import Engine

_LAZY = {
    "bp": "htmlgen.serve.api",
    "v1": "htmlgen.serve.openai_api",
    "Engine": "htmlgen.serve.engine",
    "GenerationRequest": "htmlgen.serve.engine",
    "GenerationResult": "htmlgen.serve.engine",
    "load_engine": "htmlgen.serve.engine",
    "init_app": "htmlgen.serve.extension",
    "get_engine": "htmlgen.serve.extension",
}
__all__ = ["Engine", "GenerationRequest", "GenerationResult", "Limits", "ServeConfig", "bp", "create_app",
           "get_engine", "init_app", "load_engine", "v1"]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def create_app(config: ServeConfig | Mapping[str, Any] | None = None, engine: Engine | None = None) -> Flask:
    """The htmlgen server: loads the model once (or uses the injected ``engine``) and mounts the blueprint.

    ``config`` is a ServeConfig or a dict such as ``{"adapter": "models/adapter", "limits": {"queue_size": 8}}``;
    with an injected engine, the engine's own limits apply.
    """
    from flask import Flask
    from werkzeug.exceptions import HTTPException

    from htmlgen.serve.api import bp, http_error_as_json
    from htmlgen.serve.extension import init_app
    from htmlgen.serve.openai_api import v1

    config = serve_config(config)
    app = Flask(__name__, static_folder=None)  # the blueprint serves its own assets
    app.config["HTMLGEN"] = config
    init_app(app, config, engine)
    app.register_blueprint(bp)
    app.register_blueprint(v1)  # the OpenAI-compatible API, on the same engine
    app.register_error_handler(HTTPException, http_error_as_json)  # 404 / 405 happen before any blueprint
    return app
