"""Offline geography: a gazetteer compiled from GeoNames data shipped in packages."""
