"""The shared test world: personas, the store fixture, contact and strategy factories."""
