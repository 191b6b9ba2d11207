"""Performance dashboards in the browser: one page per area, drill-down to the children, exports.

See ``docs/dashboards.md`` for who may see what, how the tables are cached and
how tests supply their own tables.
"""
