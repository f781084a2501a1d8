"""Lint engine: rule API, registry, diagnostics, suppressions, configuration, runner."""
