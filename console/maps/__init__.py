"""The district map: a Qt-free HTML builder and the QtWebEngine view."""
