"""Edit builders the rules use to make their fixes (below the rules, above the engine)."""
