"""mkdocs-macros module (``module_name: macros``): renders generated pages from the
validated model. Macro return values are never re-templated, so YAML text is inert."""
from __future__ import annotations

from . import state


def define_env(env):
    @env.macro
    def pagina() -> str:
        """Body of the current generated page (looked up by its source path)."""
        src_uri = env.page.file.src_uri
        return state.current_site().render(src_uri)
