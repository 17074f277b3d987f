"""Open311 GeoReport v2 server (docs/api/open311.md)."""
