"""Who is compared with whom: the matching estimator (``matching``), leave-one-out group statistics
(``groups``), which side of a median a figure is on (``comparison``) and the TOML reader for a
round's method parameters (``parameters``)."""
