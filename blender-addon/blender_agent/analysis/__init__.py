"""Plain-Python analysis of programs (no ``bpy``): importable and testable by plain python3."""
