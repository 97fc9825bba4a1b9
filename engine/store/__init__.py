"""The round's embedded database (SQLite): ``database`` stores validated values with their origin."""
