"""patterns/ is the package kehoach.patterns (pyproject package-dir), so the rules ship inside the wheel."""
