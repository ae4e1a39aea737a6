"""The district map in QtWebEngine (the HTML comes from the Qt-free console.maps builder)."""
