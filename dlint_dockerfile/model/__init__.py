"""Model layer: the per-file semantic model (stages, variables, shell, build context)."""
