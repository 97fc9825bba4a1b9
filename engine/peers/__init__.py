"""Who is compared with whom: the matching estimator (``matching``), leave-one-out group statistics
(``groups``) and the TOML reader for a round's method parameters (``parameters``)."""
