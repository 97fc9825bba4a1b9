"""One package per benchmark system."""
