"""Image encoding in plain Python (no ``bpy``), for pixels read back from the GPU."""
