"""The main window and what frames it: navigation, sections, welcome, crash, log, screenshots."""
