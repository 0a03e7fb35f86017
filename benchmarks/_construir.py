"""Run one MkDocs build described by a JSON spec; used by ``benchmarks/medir.py``.

``python benchmarks/_construir.py SPEC.json`` where the spec has:

* ``config``: the ``mkdocs.yml`` to load (its directory stays the project directory, so
  relative paths, the hook and the ``macros`` module resolve as in a normal build);
* ``overrides``: keyword overrides for :func:`mkdocs.config.load_config` (``site_dir``,
  ``docs_dir``, ``hooks``, ``plugins``, ``nav``);
* ``abbr_glossary`` (optional): the abbreviation glossary to give Python-Markdown's
  ``abbr`` extension (what the project's hook computes from the manual);
* ``perfil`` (optional): write a cProfile ``pstats`` file of the build there.

Same code path as ``mkdocs build`` (load_config + build, strict as configured).
"""
from __future__ import annotations

import json
import logging
import sys


def main(spec_path: str) -> int:
    with open(spec_path, encoding="utf-8") as fh:
        spec = json.load(fh)
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    def run():
        config = load_config(spec["config"], **spec.get("overrides", {}))
        if spec.get("abbr_glossary") is not None:
            config.mdx_configs["abbr"] = {"glossary": spec["abbr_glossary"]}
        build(config)

    try:
        if spec.get("perfil"):
            import cProfile

            profiler = cProfile.Profile()
            profiler.runcall(run)
            profiler.dump_stats(spec["perfil"])
        else:
            run()
    except Abort as exc:
        print(f"construcción abortada: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
