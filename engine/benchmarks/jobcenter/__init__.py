"""The jobcenter benchmark (BDO's method): FTE and konto 5 resources per target group against results."""
