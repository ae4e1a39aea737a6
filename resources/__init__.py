"""Data, not code: installed as the package `console.resources` (setup.py maps this folder there) and
read through importlib.resources (console.assets)."""
