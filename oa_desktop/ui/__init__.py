"""The PySide6 windows. The only package that imports Qt."""
