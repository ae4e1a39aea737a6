"""The district map as HTML: a Qt-free folium/Leaflet builder, its metrics and geometry (console.views.map shows it)."""
