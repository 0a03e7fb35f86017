"""Page families of the site: one module each, with ``register(site)`` (called in order by
:func:`macros.site.build`)."""
