"""The web layer: one blueprint per audience, plus what every page shares."""
