"""The application shell: start-up, sign-in, the main window, its menus and docks."""
